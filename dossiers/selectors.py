"""Every read the dossier pages, exports and later the scores need, already shaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from agencies.models import Agency, AgencyKind, User
from agencies.rules import Action, can, drafts_visible_agencies, visible_agencies
from dossiers.models import DossierReport, DossierRow, Field, ReportEvent, ReportStatus, ValueChange
from dossiers.validation import FLOW_KEYS, VALUE_KEYS, totals
from periods.models import PeriodStatus, ReportingPeriod
from periods.period import Period

SHARED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


# --- One report ------------------------------------------------------------------------------


def can_see_report(user: User, report: DossierReport) -> bool:
    """Drafts and returned reports: the unit itself and the standing office. Submitted and
    approved: also the steering committee and administrators."""
    if can(user, Action.VIEW_OWN, report.agency_id):
        return True
    return report.status in SHARED_STATUSES and can(user, Action.VIEW_SHARED, report.agency_id)


def report_detail(*, report_id: int) -> DossierReport:
    return (
        DossierReport.objects.select_related("agency", "submitted_by", "approved_by")
        .prefetch_related(
            Prefetch(
                "rows", queryset=DossierRow.objects.select_related("field").order_by("field__sort_order", "field__name")
            ),
            Prefetch("events", queryset=ReportEvent.objects.select_related("by").order_by("-at", "-pk")),
            Prefetch("changes", queryset=ValueChange.objects.select_related("by", "field").order_by("-at", "-pk")),
        )
        .get(pk=report_id)
    )


def report_for(*, agency: Agency, period: Period) -> DossierReport | None:
    report = DossierReport.objects.filter(agency=agency, period=period.code).only("pk").first()
    return report_detail(report_id=report.pk) if report else None


def blank_rows(*, agency: Agency, period: Period) -> list[DossierRow]:
    """Unsaved rows for a report not started yet: one per field, (6) from the previous quarter."""
    carried = {
        row.field_id: row.pending_total
        for row in DossierRow.objects.filter(report__agency=agency, report__period=period.previous().code)
    }
    fields = Field.objects.filter(agency_links__agency=agency).order_by("sort_order", "name")
    return [DossierRow(field=f, carried_over=carried.get(f.pk, 0), pending_within=carried.get(f.pk, 0)) for f in fields]


# --- Inbox and completeness -------------------------------------------------------------------


@dataclasses.dataclass
class InboxEntry:
    agency: Agency
    period: Period
    report: DossierReport | None
    period_status: str | None  # the ReportingPeriod's status; None: never opened

    @property
    def is_open(self) -> bool:
        return self.period_status == PeriodStatus.OPEN

    @property
    def state(self) -> str:
        """not_open (the period was never opened), due, overdue, submitted, returned, approved, or
        missing (the period closed without the report being submitted)."""
        if self.report is None or self.report.status == ReportStatus.DRAFT:
            if self.period_status is None:
                return "not_open"
            if self.period_status == PeriodStatus.CLOSED:
                return "missing"
            return "overdue" if timezone.localdate() > self.period.due_date else "due"
        return self.report.status

    @property
    def on_time(self) -> bool | None:
        if self.report is None or self.report.submitted_at is None:
            return None
        return timezone.localdate(self.report.submitted_at) <= self.period.due_date


def _quarters_to_show(today: dt.date, count: int) -> list[Period]:
    periods = {Period.parse(code) for code in ReportingPeriod.objects.values_list("code", flat=True)}
    periods.add(Period.containing(today))
    return sorted(periods, reverse=True)[:count]


def inbox(*, user: User, count: int = 8) -> list[InboxEntry]:
    """The user's own unit, quarter by quarter: what is due, overdue, submitted, returned, approved."""
    if not user.agency_id:
        return []
    agency = user.agency
    # Only quarters the unit existed in: a unit merged away in 2025 has nothing due in 2026.
    quarters = [
        q
        for q in _quarters_to_show(timezone.localdate(), count)
        if agency.is_active_on(q.start) or agency.is_active_on(q.end)
    ]
    status = dict(ReportingPeriod.objects.values_list("code", "status"))
    reports = {
        r.period: r
        for r in DossierReport.objects.filter(agency_id=user.agency_id, period__in=[q.code for q in quarters])
    }
    return [
        InboxEntry(agency=agency, period=q, report=reports.get(q.code), period_status=status.get(q.code))
        for q in quarters
    ]


@dataclasses.dataclass
class Completeness:
    period: Period
    rows: list[InboxEntry]
    expected: int
    submitted: int
    approved: int
    on_time: int


def expected_agencies(period: Period) -> QuerySet[Agency]:
    """Units expected to report for the quarter: open during it, handling at least one field."""
    start, end = period.window()
    return (
        Agency.objects.reporting()
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .filter(field_links__isnull=False)
        .distinct()
    )


def completeness(*, user: User, period: Period) -> Completeness:
    """Expected, received and on time across the units the user may see (3 queries)."""
    agencies = list(
        expected_agencies(period)
        .filter(pk__in=visible_agencies(user))
        .select_related("parent")
        .order_by("kind", "sort_order", "name")
    )
    own_drafts = set(drafts_visible_agencies(user).values_list("pk", flat=True))
    reports = {
        r.agency_id: r
        for r in DossierReport.objects.filter(period=period.code, agency__in=agencies).select_related("submitted_by")
    }
    period_status = ReportingPeriod.objects.filter(code=period.code).values_list("status", flat=True).first()
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        if report is not None and report.status not in SHARED_STATUSES and agency.pk not in own_drafts:
            # A draft is the unit's own business until it is submitted.
            report = None
        rows.append(InboxEntry(agency=agency, period=period, report=report, period_status=period_status))
    # A returned report is back with the unit: it counts neither as received nor as on time.
    submitted = [r for r in rows if r.report is not None and r.report.status in SHARED_STATUSES]
    return Completeness(
        period=period,
        rows=rows,
        expected=len(rows),
        submitted=len([r for r in rows if r.report is not None and r.report.status in SHARED_STATUSES]),
        approved=len([r for r in rows if r.report is not None and r.report.status == ReportStatus.APPROVED]),
        on_time=len([r for r in submitted if r.on_time]),
    )


# --- Consolidation ----------------------------------------------------------------------------


@dataclasses.dataclass
class Line:
    """A row of the consolidation: the 11 typed values plus the computed totals and rates."""

    label: str
    values: dict[str, int]
    key: object = None
    level: int = 0  # 0 = total, 1 = group subtotal, 2 = detail
    number: int | None = None  # row number of a detail line, restarting in each group

    @property
    def totals(self) -> dict[str, int]:
        return totals(self.values)

    @property
    def on_time_rate(self) -> float | None:
        resolved = self.totals["resolved_total"]
        if not resolved:
            return None
        return 100 * (self.values["resolved_early"] + self.values["resolved_on_time"]) / resolved

    @property
    def online_rate(self) -> float | None:
        received = self.values["received_online"] + self.values["received_offline"]
        if not received:
            return None
        return 100 * self.values["received_online"] / received

    def column(self, key: str) -> int:
        return self.values[key] if key in self.values else self.totals[key]


@dataclasses.dataclass
class Consolidation:
    period: Period
    quarters: tuple[Period, ...]
    by_kind: list[Line]  # a subtotal per kind of unit, each followed by its units
    by_field: list[Line]
    total: Line
    expected_reports: int
    approved_reports: int

    @property
    def missing_reports(self) -> int:
        return self.expected_reports - self.approved_reports


def _zero() -> dict[str, int]:
    return dict.fromkeys(VALUE_KEYS, 0)


def _aggregate(quarters: tuple[Period, ...], group: Iterable[str]) -> list[dict]:
    """Flow columns summed over the quarters; carried over (6) from each unit's first approved
    quarter of the period and pending (11)-(13) from its last (a 6-month, 9-month or annual report
    is built from its quarters). With every quarter approved these are the period's first and last
    quarters; with a unit's last quarters still missing, its figures still add up, (3) = (7) + (11)
    (a gap in the middle cannot be bridged: the page says how many reports are missing).
    Two queries, whatever the number of units."""
    codes = [q.code for q in quarters]
    first_of: dict[str, list[int]] = defaultdict(list)
    last_of: dict[str, list[int]] = defaultdict(list)
    spans = (
        DossierReport.objects.filter(status=ReportStatus.APPROVED, period__in=codes)
        .values("agency_id")
        .annotate(first=Min("period"), last=Max("period"))
        .order_by()
    )
    for span in spans:
        first_of[span["first"]].append(span["agency_id"])
        last_of[span["last"]].append(span["agency_id"])

    def at(edges: dict[str, list[int]]) -> Q:
        condition = Q(pk__in=[])
        for code, agency_ids in edges.items():
            condition |= Q(report__period=code, report__agency_id__in=agency_ids)
        return condition

    at_first, at_last = at(first_of), at(last_of)
    annotations = {}
    for key in VALUE_KEYS:
        if key in FLOW_KEYS or key in ("returned", "withdrawn"):
            annotations[key] = Sum(key, default=0)
        elif key == "carried_over":
            annotations[key] = Sum(key, filter=at_first, default=0)
        else:  # pending (12), (13) and awaiting supplements: a stock at the end of the period
            annotations[key] = Sum(key, filter=at_last, default=0)
    return list(
        DossierRow.objects.filter(report__status=ReportStatus.APPROVED, report__period__in=codes)
        .values(*group)
        .annotate(**annotations)
        .order_by(*group)
    )


def consolidation(*, period: Period) -> Consolidation:
    """Province totals for a quarter, 6 months, 9 months or a year: by kind of unit (with each
    unit) and by field. Only approved reports count. A constant number of queries."""
    quarters = period.quarters()
    by_agency = _aggregate(quarters, ["report__agency_id"])
    by_field = _aggregate(quarters, ["field_id"])
    agency_ids = [row["report__agency_id"] for row in by_agency]
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    fields = {f.pk: f for f in Field.objects.filter(pk__in=[row["field_id"] for row in by_field])}

    kind_lines: list[Line] = []
    grand = _zero()
    for kind, kind_label in AgencyKind.choices:
        members = [row for row in by_agency if agencies[row["report__agency_id"]].kind == kind]
        if not members:
            continue
        subtotal = _zero()
        details = []
        ordered = sorted(
            members, key=lambda r: (agencies[r["report__agency_id"]].sort_order, agencies[r["report__agency_id"]].name)
        )
        for number, row in enumerate(ordered, start=1):
            values = {k: row[k] for k in VALUE_KEYS}
            for k in VALUE_KEYS:
                subtotal[k] += values[k]
            agency = agencies[row["report__agency_id"]]
            details.append(Line(label=agency.name, values=values, key=agency, level=2, number=number))
        for k in VALUE_KEYS:
            grand[k] += subtotal[k]
        kind_lines.append(Line(label=str(kind_label), values=subtotal, key=kind, level=1))
        kind_lines.extend(details)
    field_lines = [
        Line(
            label=fields[row["field_id"]].name,
            values={k: row[k] for k in VALUE_KEYS},
            key=fields[row["field_id"]],
            level=2,
            number=number,
        )
        for number, row in enumerate(
            sorted(by_field, key=lambda r: (fields[r["field_id"]].sort_order, fields[r["field_id"]].name)), start=1
        )
    ]
    # Missing = expected minus approved among the expected units (a unit that stopped reporting,
    # say after a merger, neither counts as expected nor fills another unit's gap).
    expected = approved = 0
    for q in quarters:
        units = expected_agencies(q)
        expected += units.count()
        approved += DossierReport.objects.filter(period=q.code, status=ReportStatus.APPROVED, agency__in=units).count()
    return Consolidation(
        period=period,
        quarters=quarters,
        by_kind=kind_lines,
        by_field=field_lines,
        total=Line(label="", values=grand, level=0),
        expected_reports=expected,
        approved_reports=approved,
    )


def kind_subtotal(consolidation_: Consolidation, kind: str) -> Line | None:
    return next((line for line in consolidation_.by_kind if line.level == 1 and line.key == kind), None)


def province_name() -> str:
    """The province the portal serves today (the open provincial People's Committee)."""
    today = timezone.localdate()
    province = Agency.objects.filter(kind=AgencyKind.PROVINCE).active_on(today).order_by("sort_order").first()
    province = province or Agency.objects.filter(kind=AgencyKind.PROVINCE).order_by("sort_order").first()
    return province.name if province else ""
