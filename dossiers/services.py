"""Every write to dossier reports: entry, submission, approval, return, reopening.

The entry page, the Excel import and any later API call these; each checks permission
(agencies.rules), the report's state and the period's lock before it changes anything."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.models import Agency, User
from agencies.rules import Action, require
from dossiers import validation
from dossiers.models import (
    AgencyField,
    DossierReport,
    DossierRow,
    ReportEvent,
    ReportEventKind,
    ReportStatus,
    ValueChange,
)
from periods.period import Period, PeriodKind
from periods.services import PeriodLocked, period_ensure_open


class ReportError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportLocked(ReportError):
    """The report cannot be changed now; the message says why."""


class ReportConflict(ReportError):
    """Someone else saved the report after this person opened it."""


class ReportInvalid(ReportError):
    """The figures break a rule of the form; `issues` says which cell and why. Nothing was saved."""

    def __init__(self, issues: list[validation.Issue]):
        super().__init__(_("The report was not saved: correct the cells marked in red."))
        self.issues = issues


EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _quarter(period: Period | str) -> Period:
    period = Period.parse(period) if isinstance(period, str) else period
    if period.kind != PeriodKind.QUARTER:
        raise ValueError(_("Units report by quarter; %(label)s is not a quarter.") % {"label": period.label})
    return period


def report_lock_reason(report: DossierReport) -> str | None:
    """Why the unit cannot change the report now, or None if it can."""
    if report.status == ReportStatus.SUBMITTED:
        return _("The report was submitted on %(date)s and is waiting for the standing office's approval.") % {
            "date": date_format(timezone.localtime(report.submitted_at), "SHORT_DATETIME_FORMAT"),
        }
    if report.status == ReportStatus.APPROVED:
        return _("The report was approved on %(date)s. To change it, ask the standing office to reopen it.") % {
            "date": date_format(timezone.localtime(report.approved_at), "SHORT_DATETIME_FORMAT")
        }
    try:
        period_ensure_open(report.period)
    except PeriodLocked as exc:
        return exc.message
    return None


def _previous_pending(agency: Agency, quarter: Period, *, approved_only: bool = False) -> dict[int, int]:
    """Pending (11) per field in the unit's report for the quarter before: next quarter's (6)."""
    rows = DossierRow.objects.filter(report__agency=agency, report__period=quarter.previous().code)
    if approved_only:
        rows = rows.filter(report__status=ReportStatus.APPROVED)
    return {row.field_id: row.pending_total for row in rows}


@transaction.atomic
def report_get_or_create(*, agency: Agency, period: Period | str, by: User) -> DossierReport:
    """The unit's report for the quarter, created with a row per field it handles and column (6)
    prefilled from the previous quarter's pending (11)."""
    quarter = _quarter(period)
    existing = DossierReport.objects.filter(agency=agency, period=quarter.code).first()
    if existing is not None:
        return existing
    require(by, Action.REPORT_EDIT, agency)
    try:
        period_ensure_open(quarter)
    except PeriodLocked as exc:
        raise ReportLocked(exc.message) from exc
    report, created = DossierReport.objects.get_or_create(agency=agency, period=quarter.code)
    if not created:
        return report
    carried = _previous_pending(agency, quarter)
    field_ids = AgencyField.objects.filter(agency=agency).values_list("field_id", flat=True)
    DossierRow.objects.bulk_create(
        [
            DossierRow(
                report=report, field_id=fid, carried_over=carried.get(fid, 0), pending_within=carried.get(fid, 0)
            )
            for fid in field_ids
        ]
    )
    ReportEvent.objects.create(report=report, kind=ReportEventKind.CREATED, at=timezone.now(), by=by)
    return report


def _locked_for_update(report_id: int) -> DossierReport:
    return DossierReport.objects.select_for_update().select_related("agency").get(pk=report_id)


@transaction.atomic
def report_save(
    *,
    report_id: int,
    values: Mapping[int, Mapping[str, object]],
    expected_version: int,
    by: User,
    event: ReportEventKind = ReportEventKind.SAVED,
) -> tuple[DossierReport, list[validation.Issue]]:
    """Save typed figures (field id → column → raw value). All or nothing.

    Raises ReportLocked (says why), ReportConflict (someone saved in between) or ReportInvalid
    (every issue, cell by cell). Returns the report and the warnings that do not block.
    Only values that really change are written and recorded (who, when, old → new).
    """
    report = _locked_for_update(report_id)
    require(by, Action.REPORT_EDIT, report.agency)
    reason = report_lock_reason(report)
    if reason:
        raise ReportLocked(reason)
    if report.version != expected_version:
        last = report.events.select_related("by").order_by("-at", "-pk").first()
        raise ReportConflict(
            _(
                "%(who)s saved this report at %(time)s, after you opened it. Your figures were not saved "
                "and are still in the form: reload the report to see theirs, then enter yours again."
            )
            % {
                "who": last.by if last else _("Someone"),
                "time": date_format(timezone.localtime(report.updated_at), "SHORT_DATETIME_FORMAT"),
            }
        )
    rows = {row.field_id: row for row in report.rows.select_related("field")}
    unknown = set(values) - set(rows)
    if unknown:
        raise ReportInvalid(
            [
                validation.Issue("field", _("This field is not one of the unit's report rows."), row=fid)
                for fid in unknown
            ]
        )
    history = _history(report)
    previous = _previous_pending(report.agency, Period.parse(report.period), approved_only=True)
    cleaned: dict[int, dict[str, int]] = {}
    issues: list[validation.Issue] = []
    for field_id, raw in values.items():
        row_values, row_issues = validation.clean_row(raw, row=field_id)
        issues.extend(row_issues)
        if not row_issues:
            issues.extend(validation.carried_over_warning(row_values, previous.get(field_id), row=field_id))
            issues.extend(validation.history_warnings(row_values, history.get(field_id, []), row=field_id))
        cleaned[field_id] = row_values
    errors = [i for i in issues if i.level == "error"]
    if errors:
        raise ReportInvalid(issues)
    now = timezone.now()
    changes = []
    changed_rows = []
    for field_id, new in cleaned.items():
        row = rows[field_id]
        row_changed = False
        for key, value in new.items():
            old = getattr(row, key)
            if old != value:
                changes.append(
                    ValueChange(
                        report=report, field_id=field_id, column=key, old_value=old, new_value=value, at=now, by=by
                    )
                )
                setattr(row, key, value)
                row_changed = True
        if row_changed:
            changed_rows.append(row)
    if changed_rows:
        DossierRow.objects.bulk_update(changed_rows, list(validation.VALUE_KEYS))
        ValueChange.objects.bulk_create(changes)
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
        ReportEvent.objects.create(report=report, kind=event, at=now, by=by)
    return report, [i for i in issues if i.level == "warning"]


def _history(report: DossierReport) -> dict[int, list[dict[str, int]]]:
    """The unit's approved figures of earlier quarters, per field (for the warnings)."""
    history: dict[int, list[dict[str, int]]] = {}
    rows = DossierRow.objects.filter(
        report__agency_id=report.agency_id, report__status=ReportStatus.APPROVED, report__period__lt=report.period
    ).values("field_id", *validation.VALUE_KEYS)
    for row in rows:
        history.setdefault(row.pop("field_id"), []).append(row)
    return history


def _transition(
    report: DossierReport, *, to: ReportStatus, kind: ReportEventKind, by: User, comment: str = ""
) -> DossierReport:
    now = timezone.now()
    report.status = to
    fields = ["status", "version", "updated_at"]
    if to == ReportStatus.SUBMITTED:
        report.submitted_at, report.submitted_by = now, by
        fields += ["submitted_at", "submitted_by"]
    if to == ReportStatus.APPROVED:
        report.approved_at, report.approved_by = now, by
        fields += ["approved_at", "approved_by"]
    report.version += 1
    report.save(update_fields=fields)
    ReportEvent.objects.create(report=report, kind=kind, at=now, by=by, comment=comment)
    return report


def _check_seen(report: DossierReport, expected_version: int | None) -> None:
    """A reviewer acts on the figures they saw: refuse if the report changed since."""
    if expected_version is not None and report.version != expected_version:
        raise ReportConflict(
            _("The report changed after you opened it (it is now “%(status)s”): reload it and check it again.")
            % {"status": report.get_status_display()}
        )


def _check_period_open_for_the_unit(report: DossierReport) -> None:
    """Returning or reopening hands the report back to the unit: pointless while its period is closed."""
    try:
        period_ensure_open(report.period)
    except PeriodLocked as exc:
        raise ReportLocked(
            exc.message + " " + _("Reopen the period first, so that the unit can correct its report.")
        ) from exc


def _state_error(report: DossierReport, action: str) -> ReportLocked:
    return ReportLocked(
        _("A report that is “%(status)s” cannot be %(action)s.")
        % {"status": report.get_status_display(), "action": action}
    )


@transaction.atomic
def report_submit(*, report_id: int, by: User, expected_version: int | None = None) -> DossierReport:
    report = _locked_for_update(report_id)
    require(by, Action.REPORT_SUBMIT, report.agency)
    _check_seen(report, expected_version)
    if report.status not in EDITABLE:
        raise _state_error(report, _("submitted"))
    try:
        period_ensure_open(report.period)
    except PeriodLocked as exc:
        raise ReportLocked(exc.message) from exc
    if not report.rows.exists():
        raise ReportLocked(_("The report has no rows: the unit handles no field of procedures yet."))
    return _transition(report, to=ReportStatus.SUBMITTED, kind=ReportEventKind.SUBMITTED, by=by)


@transaction.atomic
def report_approve(*, report_id: int, by: User, expected_version: int | None = None) -> DossierReport:
    report = _locked_for_update(report_id)
    require(by, Action.REPORT_REVIEW, report.agency)
    if report.status != ReportStatus.SUBMITTED:
        raise _state_error(report, _("approved"))
    _check_seen(report, expected_version)
    if report.submitted_by_id == by.pk:
        raise ReportError(_("The person who submitted a report cannot also approve it."))
    return _transition(report, to=ReportStatus.APPROVED, kind=ReportEventKind.APPROVED, by=by)


@transaction.atomic
def report_return(*, report_id: int, by: User, comment: str, expected_version: int | None = None) -> DossierReport:
    report = _locked_for_update(report_id)
    require(by, Action.REPORT_REVIEW, report.agency)
    if report.status != ReportStatus.SUBMITTED:
        raise _state_error(report, _("returned"))
    _check_seen(report, expected_version)
    _check_period_open_for_the_unit(report)
    if not comment.strip():
        raise ReportError(_("Say what the unit should correct: a returned report needs a comment."))
    return _transition(report, to=ReportStatus.RETURNED, kind=ReportEventKind.RETURNED, by=by, comment=comment)


@transaction.atomic
def report_reopen(*, report_id: int, by: User, reason: str, expected_version: int | None = None) -> DossierReport:
    """Reopen an approved report for correction; it then needs submitting and approving again."""
    report = _locked_for_update(report_id)
    require(by, Action.REPORT_REVIEW, report.agency)
    if report.status != ReportStatus.APPROVED:
        raise _state_error(report, _("reopened"))
    _check_seen(report, expected_version)
    _check_period_open_for_the_unit(report)
    if not reason.strip():
        raise ReportError(_("Give the reason for reopening an approved report."))
    report.approved_at = report.approved_by = None
    report.save(update_fields=["approved_at", "approved_by"])
    return _transition(report, to=ReportStatus.RETURNED, kind=ReportEventKind.REOPENED, by=by, comment=reason)
