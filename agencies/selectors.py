from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from agencies.models import Agency, User
from agencies.rules import visible_agencies


def agency_list(*, user: User, on: dt.date | None = None) -> QuerySet[Agency]:
    """The units `user` may open, with parent and successor loaded (one query)."""
    qs = visible_agencies(user).select_related("parent", "successor").annotate(people_count=Count("people"))
    if on is not None:
        qs = qs.active_on(on)
    return qs.order_by("kind", "sort_order", "name")


def agency_people(*, agency: Agency) -> QuerySet[User]:
    return agency.people.filter(is_active=True).order_by("role", "last_name", "first_name")
