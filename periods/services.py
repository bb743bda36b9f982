"""Opening and closing reporting periods, and the lock every edit checks."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.models import User
from agencies.rules import Action, require
from periods.models import PeriodEvent, PeriodEventKind, PeriodStatus, ReportingPeriod
from periods.period import Period, PeriodKind


class PeriodLocked(Exception):
    """An edit refused because its period is not open; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _quarter(period: Period | str) -> Period:
    period = Period.parse(period) if isinstance(period, str) else period
    if period.kind != PeriodKind.QUARTER:
        raise ValueError(_("Units report by quarter; %(label)s is not a quarter.") % {"label": period.label})
    return period


@transaction.atomic
def period_open(*, period: Period | str, by: User, reason: str = "") -> ReportingPeriod:
    """Open a quarter for entry (or reopen a closed one, with a reason)."""
    require(by, Action.PERIOD_MANAGE)
    quarter = _quarter(period)
    now = timezone.now()
    row = ReportingPeriod.objects.select_for_update().filter(code=quarter.code).first()
    if row is None:
        row = ReportingPeriod.objects.create(code=quarter.code, status=PeriodStatus.OPEN, opened_at=now, opened_by=by)
        PeriodEvent.objects.create(period=row, kind=PeriodEventKind.OPENED, at=now, by=by, reason=reason)
        return row
    if row.status == PeriodStatus.OPEN:
        raise ValueError(_("%(label)s is already open.") % {"label": quarter.label})
    if not reason.strip():
        raise ValueError(_("Give a reason for reopening %(label)s.") % {"label": quarter.label})
    row.status, row.opened_at, row.opened_by, row.closed_at, row.closed_by = PeriodStatus.OPEN, now, by, None, None
    row.save()
    PeriodEvent.objects.create(period=row, kind=PeriodEventKind.REOPENED, at=now, by=by, reason=reason)
    return row


@transaction.atomic
def period_close(*, period: Period | str, by: User, reason: str = "") -> ReportingPeriod:
    require(by, Action.PERIOD_MANAGE)
    quarter = _quarter(period)
    row = ReportingPeriod.objects.select_for_update().filter(code=quarter.code).first()
    if row is None or row.status == PeriodStatus.CLOSED:
        raise ValueError(_("%(label)s is not open.") % {"label": quarter.label})
    now = timezone.now()
    row.status, row.closed_at, row.closed_by = PeriodStatus.CLOSED, now, by
    row.save()
    PeriodEvent.objects.create(period=row, kind=PeriodEventKind.CLOSED, at=now, by=by, reason=reason)
    return row


def period_ensure_open(period: Period | str) -> ReportingPeriod:
    """Raise PeriodLocked, saying why, unless units may still enter data for `period`."""
    quarter = _quarter(period)
    row = ReportingPeriod.objects.select_related("closed_by").filter(code=quarter.code).first()
    if row is None:
        raise PeriodLocked(
            _("%(label)s has not been opened for reporting yet. The standing office opens each period.")
            % {"label": quarter.label}
        )
    if row.status == PeriodStatus.CLOSED:
        raise PeriodLocked(
            _("%(label)s was closed on %(date)s by %(who)s: its figures can no longer be changed.")
            % {
                "label": quarter.label,
                "date": date_format(timezone.localtime(row.closed_at), "SHORT_DATETIME_FORMAT"),
                "who": row.closed_by,
            }
        )
    return row
