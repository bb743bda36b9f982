"""Demo reporting periods: Q4/2018 to Q2/2019 reported and closed, Q3/2019 open."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from agencies.models import User
from periods.models import PeriodEvent, PeriodEventKind, PeriodStatus, ReportingPeriod
from periods.period import Period

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSED = ["2018-Q4", "2019-Q1", "2019-Q2"]
OPEN = ["2019-Q3"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@transaction.atomic
def seed_periods(*, by: User) -> None:
    for code in CLOSED + OPEN:
        period = Period.parse(code)
        opened_at = _at(period.start, 8)
        closed = code in CLOSED
        # Closed a week after the due date, once the reports were in and approved.
        closed_at = _at(period.due_date + dt.timedelta(days=7), 17) if closed else None
        # Created once: a second run leaves what the secretariat did since (a reopened period stays open).
        row, created = ReportingPeriod.objects.get_or_create(
            code=code,
            defaults={
                "status": PeriodStatus.CLOSED if closed else PeriodStatus.OPEN,
                "opened_at": opened_at,
                "opened_by": by,
                "closed_at": closed_at,
                "closed_by": by if closed else None,
            },
        )
        if created:
            PeriodEvent.objects.create(period=row, kind=PeriodEventKind.OPENED, at=opened_at, by=by)
            if closed:
                PeriodEvent.objects.create(period=row, kind=PeriodEventKind.CLOSED, at=closed_at, by=by)


def seed(ctx: dict) -> None:
    seed_periods(by=ctx["people"]["demo_secretariat"])
