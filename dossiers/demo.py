"""Demo dossier reports: Q4/2018, Q1/2019 and Q2/2019, approved, for every demo department and
district on the fields each handles.

The provincial departments' (sở, ngành) first-half 2019 subtotal agrees with the steering
committee's meeting of 13/06/2019: 37.657 dossiers received (column 3), 33.270 resolved (7),
4.387 still in handling (11), 294 received online (4). The figures per unit and field are
spread with fixed weights (reproducible), then rounded so that the sums hit those totals exactly.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from agencies.models import Agency, AgencyKind, Role, User
from dossiers.models import (
    AgencyField,
    DossierReport,
    DossierRow,
    OnlineService,
    Procedure,
    ReportEvent,
    ReportEventKind,
    ReportStatus,
)
from periods.period import Period

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
QUARTERS = ("2018-Q4", "2019-Q1", "2019-Q2")

# The meeting of 13/06/2019 (first half of 2019, provincial departments).
H1_RECEIVED = 37_657  # (3)
H1_RESOLVED = 33_270  # (7)
H1_PENDING = 4_387  # (11)
H1_ONLINE = 294  # (4)
# Our own choices for how those split (not published): carried into Q1, pending at the end of Q1,
# and the online dossiers of Q1.
Q1_CARRIED = 3_912
Q1_PENDING = 4_105
Q1_ONLINE = 131


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into whole numbers proportional to `weights` (largest remainder): the parts
    add up to `total` exactly."""
    if total == 0 or not weights:
        return [0] * len(weights)
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights, weight_sum = [1.0] * len(weights), float(len(weights))
    raw = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in raw]
    short = total - sum(parts)
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[:short]:
        parts[i] += 1
    return parts


def _split(total: int, shares: tuple[float, ...], rng: random.Random) -> list[int]:
    jitter = [s * rng.uniform(0.8, 1.2) for s in shares]
    return apportion(total, jitter)


def _cells(units: dict[str, Agency], kinds: tuple[str, ...]) -> list[tuple[Agency, int]]:
    return [
        (link.agency, link.field_id)
        for link in AgencyField.objects.filter(
            agency__kind__in=kinds, agency__code__in=[u.code for u in units.values()]
        )
        .select_related("agency")
        .order_by("agency__sort_order", "agency__code", "field__sort_order", "field_id")
    ]


def _online_fields() -> set[int]:
    return set(
        Procedure.objects.exclude(online_service=OnlineService.NONE).values_list("field_id", flat=True).distinct()
    )


def _quarter_rows(
    *,
    carried: list[int],
    received: list[int],
    online: list[int],
    pending: list[int],
    rng: random.Random,
) -> list[dict[str, int]]:
    rows = []
    for c, r, o, p in zip(carried, received, online, pending, strict=True):
        resolved = c + r - p
        assert resolved >= 0 and o <= r, (c, r, o, p)
        early, on_time, late = _split(resolved, (0.30, 0.66, 0.04), rng)
        within, overdue = _split(p, (0.93, 0.07), rng)
        rows.append(
            {
                "received_online": o,
                "received_offline": r - o,
                "carried_over": c,
                "resolved_early": early,
                "resolved_on_time": on_time,
                "resolved_late": late,
                "pending_within": within,
                "pending_overdue": overdue,
                "returned": min(on_time, round(on_time * 0.01)),
                "withdrawn": min(on_time - min(on_time, round(on_time * 0.01)), round(on_time * 0.004)),
                "awaiting_supplement": min(within, round(within * 0.05)),
            }
        )
    return rows


def _pending_from(total: int, available: list[int], weights: list[float]) -> list[int]:
    """Apportion `total` pending dossiers without exceeding what each cell had to handle."""
    parts = apportion(total, [w * a for w, a in zip(weights, available, strict=True)])
    # Rounding can exceed a tiny cell by one; move the excess to the largest cell.
    for i, (part, cap) in enumerate(zip(parts, available, strict=True)):
        if part > cap:
            j = max(range(len(parts)), key=lambda k: available[k] - parts[k])
            parts[j] += part - cap
            parts[i] = cap
    return parts


def build_department_figures(cells: list[tuple[Agency, int]], online_fields: set[int]) -> dict[str, list[dict]]:
    """Figures per quarter for the departments' cells, hitting the meeting's H1/2019 totals."""
    rng = random.Random(20190613)  # the meeting's date: the same demo every time
    n = len(cells)
    size = [rng.lognormvariate(0, 1.0) for _ in range(n)]  # how busy each field of each unit is
    online_weight = [s if field in online_fields else 0.0 for s, (_, field) in zip(size, cells, strict=True)]

    q1_received = round((H1_RECEIVED - Q1_CARRIED) * 0.47)
    q2_received = H1_RECEIVED - Q1_CARRIED - q1_received

    q1_carried = apportion(Q1_CARRIED, size)
    q1_new = apportion(q1_received, size)
    q2_new = apportion(q2_received, size)
    q1_online = [min(o, r) for o, r in zip(apportion(Q1_ONLINE, online_weight), q1_new, strict=True)]
    q2_online = [min(o, r) for o, r in zip(apportion(H1_ONLINE - sum(q1_online), online_weight), q2_new, strict=True)]
    # min() above can only lower a cell when a field's share exceeds its dossiers; put any
    # shortfall where there is room so that column 4 still totals exactly.
    for online, new in ((q2_online, q2_new),):
        short = H1_ONLINE - sum(q1_online) - sum(online)
        for i in sorted(range(n), key=lambda i: new[i] - online[i], reverse=True):
            if short <= 0:
                break
            if online_weight[i] > 0:
                room = new[i] - online[i]
                step = min(room, short)
                online[i] += step
                short -= step
    q1_pending = _pending_from(Q1_PENDING, [c + r for c, r in zip(q1_carried, q1_new, strict=True)], size)
    q2_pending = _pending_from(H1_PENDING, [c + r for c, r in zip(q1_pending, q2_new, strict=True)], size)
    # Q4/2018 ends with what Q1 carries over; it received a little more than it resolved.
    q4_new = [round(r * rng.uniform(0.9, 1.1)) + p for r, p in zip(q1_new, q1_carried, strict=True)]
    q4_carried = [max(0, p - round(r * 0.05)) for p, r in zip(q1_carried, q4_new, strict=True)]
    q4_online = [min(o, r) for o, r in zip(apportion(120, online_weight), q4_new, strict=True)]
    return {
        "2018-Q4": _quarter_rows(carried=q4_carried, received=q4_new, online=q4_online, pending=q1_carried, rng=rng),
        "2019-Q1": _quarter_rows(carried=q1_carried, received=q1_new, online=q1_online, pending=q1_pending, rng=rng),
        "2019-Q2": _quarter_rows(carried=q1_pending, received=q2_new, online=q2_online, pending=q2_pending, rng=rng),
    }


def build_district_figures(cells: list[tuple[Agency, int]], online_fields: set[int]) -> dict[str, list[dict]]:
    rng = random.Random(2019)
    n = len(cells)
    base = [rng.randint(40, 900) for _ in range(n)]
    carried = [round(b * 0.08) for b in base]
    result = {}
    for code in QUARTERS:
        new = [max(0, round(b * rng.uniform(0.85, 1.15))) for b in base]
        online = [
            round(r * rng.uniform(0.0, 0.03)) if field in online_fields else 0
            for r, (_, field) in zip(new, cells, strict=True)
        ]
        pending = [round((c + r) * rng.uniform(0.05, 0.12)) for c, r in zip(carried, new, strict=True)]
        result[code] = _quarter_rows(carried=carried, received=new, online=online, pending=pending, rng=rng)
        carried = pending
    return result


def _unit_head(agency: Agency) -> User:
    """The head who submitted a unit's demo reports (no login: only demo_head of Sở Tư pháp logs in)."""
    user, created = User.objects.get_or_create(
        username=f"lanhdao.{agency.code.lower()}",
        defaults={
            "agency": agency,
            "role": Role.HEAD,
            "first_name": "Lãnh đạo",
            "last_name": agency.display_name,
            "title": f"Lãnh đạo {agency.display_name}",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@transaction.atomic
def seed_reports(ctx: dict) -> None:
    units: dict[str, Agency] = ctx["units"]
    people = ctx["people"]
    if DossierReport.objects.filter(period__in=QUARTERS, agency__code__startswith="HG").exists():
        return  # already seeded: a second run changes nothing
    online_fields = _online_fields()
    figures = []
    dept_cells = _cells(units, (AgencyKind.DEPARTMENT,))
    figures.append((dept_cells, build_department_figures(dept_cells, online_fields)))
    district_cells = _cells(units, (AgencyKind.DISTRICT,))
    figures.append((district_cells, build_district_figures(district_cells, online_fields)))

    head_by_agency = {p.agency_id: p for p in people.values() if p.role == "head"}
    secretariat = people["demo_secretariat"]
    for cells, _figures in figures:
        for agency, _field in cells:
            if agency.pk not in head_by_agency:
                head_by_agency[agency.pk] = _unit_head(agency)
    for code in QUARTERS:
        period = Period.parse(code)
        submitted_at = _at(period.due_date - dt.timedelta(days=2), 9)
        approved_at = _at(period.due_date + dt.timedelta(days=3), 15)
        reports: dict[int, DossierReport] = {}
        rows = []
        for cells, by_quarter in figures:
            for (agency, field_id), values in zip(cells, by_quarter[code], strict=True):
                if agency.pk not in reports:
                    submitter = head_by_agency[agency.pk]  # never the approver
                    reports[agency.pk] = DossierReport.objects.create(
                        agency=agency,
                        period=code,
                        status=ReportStatus.APPROVED,
                        submitted_at=submitted_at,
                        submitted_by=submitter,
                        approved_at=approved_at,
                        approved_by=secretariat,
                    )
                rows.append(DossierRow(report=reports[agency.pk], field_id=field_id, **values))
        DossierRow.objects.bulk_create(rows)
        events = []
        for report in reports.values():
            events += [
                ReportEvent(
                    report=report, kind=ReportEventKind.CREATED, at=_at(period.start, 8), by=report.submitted_by
                ),
                ReportEvent(report=report, kind=ReportEventKind.SUBMITTED, at=submitted_at, by=report.submitted_by),
                ReportEvent(report=report, kind=ReportEventKind.APPROVED, at=approved_at, by=secretariat),
            ]
        ReportEvent.objects.bulk_create(events)


def seed(ctx: dict) -> None:
    from dossiers.demo_catalogue import seed_catalogue

    seed_catalogue(ctx)
    seed_reports(ctx)
