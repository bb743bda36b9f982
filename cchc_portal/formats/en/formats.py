"""English interface, Vietnamese figures: the province's numbers and dates read the same in
either language, so a date typed as 05/06/2019 is 5 June whatever the interface language."""

from cchc_portal.formats.vi.formats import *  # noqa: F401,F403
