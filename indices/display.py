"""How a computed change, band or target reads, the same on the pages and in the workbooks."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indices.ranking import ChangeKind, NotComparable, Point


def change_text(point: Point | None) -> str:
    if point is None:
        return ""
    if point.change_kind == ChangeKind.UP:
        return _("up %(n)s") % {"n": point.change}
    if point.change_kind == ChangeKind.DOWN:
        return _("down %(n)s") % {"n": -point.change}
    if point.change_kind == ChangeKind.SAME:
        return _("unchanged")
    if point.change_kind == ChangeKind.NOT_COMPARABLE:
        if point.not_comparable == NotComparable.PROVINCES_RANKED and point.previous is not None:
            return _("not comparable: %(before)s then %(now)s provinces ranked") % {
                "before": point.previous.provinces_ranked,
                "now": point.provinces_ranked,
            }
        return _("not comparable: the method changed")
    return _("no earlier result")


def change_arrow(point: Point | None) -> str:
    if point is None:
        return ""
    return {ChangeKind.UP: "▲", ChangeKind.DOWN: "▼", ChangeKind.SAME: "="}.get(point.change_kind, "")


def change_css(point: Point | None) -> str:
    if point is None:
        return "text-secondary"
    return {ChangeKind.UP: "text-success", ChangeKind.DOWN: "text-danger"}.get(point.change_kind, "text-secondary")


def band_text(band: int) -> str:
    return {
        1: _("top quarter"),
        2: _("second quarter"),
        3: _("third quarter"),
        4: _("bottom quarter"),
    }.get(band, "")
