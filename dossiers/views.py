from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from agencies.rules import Action, can, require
from cchc_portal.xlsx import xlsx_response
from dossiers import exports, selectors, services, validation
from dossiers.forms import CommentForm, ImportForm, PeriodPickForm, QuarterPickForm, grid_values
from dossiers.imports import parse_report_workbook
from dossiers.models import DossierReport, ReportEventKind, ReportStatus
from periods.models import PeriodStatus, ReportingPeriod
from periods.period import Period, PeriodKind, PeriodParseError


def _quarter_or_404(code: str) -> Period:
    try:
        period = Period.parse(code)
    except PeriodParseError as exc:
        raise Http404(str(exc)) from exc
    if period.kind != PeriodKind.QUARTER:
        raise Http404(_("Units report by quarter."))
    return period


def _default_quarter() -> Period:
    latest_open = ReportingPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("-code").first()
    return latest_open.period if latest_open else Period.containing(timezone.localdate()).previous()


@login_required
def report_list(request):
    """ "My reports" for a unit's staff; completeness across units for the standing office,
    the committee and administrators."""
    user = request.user
    context = {"inbox": None, "completeness": None}
    if user.agency_id and can(user, Action.REPORT_EDIT, user.agency_id):
        context["inbox"] = selectors.inbox(user=user)
    if can(user, Action.VIEW_SHARED):
        form = QuarterPickForm(request.GET or None)
        period = form.cleaned_data["period"] if form.is_bound and form.is_valid() else _default_quarter()
        context.update(form=form, completeness=selectors.completeness(user=user, period=period))
    if context["inbox"] is None and context["completeness"] is None:
        raise PermissionDenied(_("Your role has no dossier reports to see."))
    return render(request, "dossiers/report_list.html", context)


def _grid(rows, typed=None, issues=()):
    """What the template draws: per row its cells (typed text kept on a failed save) and messages."""
    by_cell: dict[tuple[object, str], list[validation.Issue]] = {}
    for issue in issues:
        by_cell.setdefault((issue.row, issue.column), []).append(issue)
    grid = []
    for number, row in enumerate(rows, start=1):
        values = typed.get(row.field_id) if typed else None
        cells = []
        for column in validation.INPUT_COLUMNS + validation.NOTE_COLUMNS:
            raw = values[column.key] if values is not None else getattr(row, column.key)
            cells.append({"column": column, "value": raw, "issues": by_cell.get((row.field_id, column.key), [])})
        grid.append({"number": number, "row": row, "cells": cells})
    return grid


def _render_report(
    request, *, agency, period, report, rows, typed=None, issues=(), status=200, alert=None, version=None
):
    lock_reason = services.report_lock_reason(report) if report else None
    if report is None:
        try:
            from periods.services import PeriodLocked, period_ensure_open

            period_ensure_open(period)
        except PeriodLocked as exc:
            lock_reason = exc.message
    user = request.user
    can_edit = can(user, Action.REPORT_EDIT, agency) and lock_reason is None
    context = {
        "agency": agency,
        "period": period,
        "report": report,
        "grid": _grid(rows, typed, issues),
        "input_columns": validation.INPUT_COLUMNS,
        "note_columns": validation.NOTE_COLUMNS,
        "can_edit": can_edit,
        "lock_reason": lock_reason,
        "alert": alert,
        "issue_count": len([i for i in issues if i.level == "error"]),
        "warning_count": len([i for i in issues if i.level == "warning"]),
        "can_submit": report is not None
        and report.status in services.EDITABLE
        and can(user, Action.REPORT_SUBMIT, agency)
        and lock_reason is None,
        "can_review": report is not None
        and report.status == ReportStatus.SUBMITTED
        and can(user, Action.REPORT_REVIEW, agency),
        "can_reopen": report is not None
        and report.status == ReportStatus.APPROVED
        and can(user, Action.REPORT_REVIEW, agency),
        "can_export": report is not None and can(user, Action.EXPORT, agency),
        "can_import": can_edit,
        "comment_form": CommentForm(),
        # After a conflict the form keeps the version the person opened: saving again conflicts again
        # until they reload and see the other person's figures.
        "version": version if version is not None else (report.version if report else 0),
        # The comment of the latest return or reopening stays in view until the report moves on.
        "return_event": next((e for e in report.events.all() if e.kind in ("returned", "reopened")), None)
        if report is not None and report.status == ReportStatus.RETURNED
        else None,
        "changes": [(c, validation.column_label(c.column)) for c in report.changes.all()[:200]] if report else [],
    }
    return render(request, "dossiers/report_edit.html", context, status=status)


@login_required
def report_edit(request, agency_code: str, period_code: str):
    agency = get_object_or_404(Agency, code=agency_code)
    period = _quarter_or_404(period_code)
    user = request.user
    if not (can(user, Action.VIEW_OWN, agency) or can(user, Action.VIEW_SHARED, agency)):
        raise PermissionDenied(_("You may only see your own unit's reports."))
    report = selectors.report_for(agency=agency, period=period)
    if report is not None and not selectors.can_see_report(user, report):
        report = None  # a draft is the unit's own business: to others it is "not submitted yet"
    if request.method != "POST":
        if report is None and not can(user, Action.VIEW_OWN, agency):
            rows = []  # not submitted yet: nothing of the unit's to show
        else:
            rows = list(report.rows.all()) if report else selectors.blank_rows(agency=agency, period=period)
        return _render_report(request, agency=agency, period=period, report=report, rows=rows)

    require(user, Action.REPORT_EDIT, agency)
    rows = list(report.rows.all()) if report else selectors.blank_rows(agency=agency, period=period)
    typed = grid_values(request.POST, [row.field_id for row in rows])
    try:
        expected_version = int(request.POST.get("version", ""))
    except ValueError:
        expected_version = -1
    try:
        if report is None:
            if expected_version != 0:
                raise services.ReportConflict(_("Someone else started this report meanwhile: reload it."))
            report = services.report_get_or_create(agency=agency, period=period, by=user)
            expected_version = report.version
        report, warnings = services.report_save(
            report_id=report.pk, values=typed, expected_version=expected_version, by=user
        )
    except services.ReportInvalid as exc:
        return _render_report(
            request,
            agency=agency,
            period=period,
            report=report,
            rows=rows,
            typed=typed,
            issues=exc.issues,
            status=400,
            alert=exc.message,
        )
    except (services.ReportConflict, services.ReportLocked) as exc:
        return _render_report(
            request,
            agency=agency,
            period=period,
            report=report,
            rows=rows,
            typed=typed,
            status=409,
            alert=exc.message,
            version=expected_version,
        )
    report = selectors.report_detail(report_id=report.pk)
    if warnings:
        messages.success(request, _("The report was saved. Please check the values marked in yellow."))
        return _render_report(
            request, agency=agency, period=period, report=report, rows=list(report.rows.all()), issues=warnings
        )
    messages.success(request, _("The report was saved."))
    return redirect(report_url(report))


def report_url(report: DossierReport) -> str:
    return reverse("dossiers:report-edit", args=[report.agency.code, report.period])


@login_required
@require_POST
def report_transition(request, report_id: int, action: str):
    report = get_object_or_404(DossierReport.objects.select_related("agency"), pk=report_id)
    form = CommentForm(request.POST)
    comment = form.data.get("comment", "")
    user = request.user
    try:
        seen = int(request.POST["version"])
    except (KeyError, ValueError):
        seen = None  # a form without the version (an older page): the state checks still apply
    # Each service checks the permission and the state itself.
    try:
        if action == "submit":
            services.report_submit(report_id=report.pk, by=user, expected_version=seen)
            messages.success(request, _("The report was submitted to the standing office."))
        elif action == "approve":
            services.report_approve(report_id=report.pk, by=user, expected_version=seen)
            messages.success(request, _("The report was approved."))
        elif action == "return":
            services.report_return(report_id=report.pk, by=user, comment=comment, expected_version=seen)
            messages.success(request, _("The report was returned to the unit for correction."))
        elif action == "reopen":
            services.report_reopen(report_id=report.pk, by=user, reason=comment, expected_version=seen)
            messages.success(request, _("The report was reopened; once corrected it needs approving again."))
        else:
            raise Http404
    except services.ReportError as exc:
        messages.error(request, exc.message)
    return redirect(report_url(report))


@login_required
def consolidation(request):
    require(request.user, Action.VIEW_SHARED)
    form = PeriodPickForm(request.GET or None)
    period = form.cleaned_data["period"] if form.is_bound and form.is_valid() else _default_quarter()
    result = selectors.consolidation(period=period)
    return render(
        request,
        "dossiers/consolidation.html",
        {
            "form": form,
            "c": result,
            "columns": validation.INPUT_COLUMNS,
            "can_export": can(request.user, Action.EXPORT),
        },
    )


@login_required
def report_export(request, report_id: int):
    report = get_object_or_404(DossierReport.objects.select_related("agency"), pk=report_id)
    if not selectors.can_see_report(request.user, report):
        raise PermissionDenied(_("You may only see your own unit's reports."))
    require(request.user, Action.EXPORT, report.agency)
    report = selectors.report_detail(report_id=report.pk)
    return xlsx_response(exports.report_workbook(report), f"bao-cao-ho-so-{report.agency.code}-{report.period}.xlsx")


@login_required
def consolidation_export(request):
    require(request.user, Action.EXPORT)
    form = PeriodPickForm(request.GET or None)
    period = form.cleaned_data["period"] if form.is_bound and form.is_valid() else _default_quarter()
    result = selectors.consolidation(period=period)
    content = exports.consolidation_workbook(result, province=selectors.province_name())
    return xlsx_response(content, f"tong-hop-ho-so-{period.code}.xlsx")


IMPORT_SESSION_KEY = "dossier_import"


@login_required
def report_import(request, agency_code: str, period_code: str):
    """Upload → check → preview → confirm. Nothing is saved before the confirmation, and not at
    all if the workbook has any problem."""
    agency = get_object_or_404(Agency, code=agency_code)
    period = _quarter_or_404(period_code)
    require(request.user, Action.REPORT_EDIT, agency)
    report = selectors.report_for(agency=agency, period=period)
    context = {"agency": agency, "period": period, "report": report, "form": ImportForm()}
    if request.method == "POST" and "token" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY, {})
        if (
            pending.get("token") != request.POST["token"]
            or pending.get("agency") != agency.pk
            or pending.get("period") != period.code
        ):
            messages.error(request, _("This preview has expired: upload the workbook again."))
            return redirect("dossiers:report-import", agency.code, period.code)
        del request.session[IMPORT_SESSION_KEY]
        values = {int(fid): row for fid, row in pending["values"].items()}
        try:
            if report is None:
                report = services.report_get_or_create(agency=agency, period=period, by=request.user)
                version = report.version
            else:
                version = pending["version"]
            _report, warnings = services.report_save(
                report_id=report.pk,
                values=values,
                expected_version=version,
                by=request.user,
                event=ReportEventKind.IMPORTED,
            )
        except services.ReportInvalid as exc:
            context["problems"] = [str(i.message) for i in exc.issues if i.level == "error"]
            return render(request, "dossiers/report_import.html", context, status=400)
        except (services.ReportConflict, services.ReportLocked) as exc:
            messages.error(request, exc.message)
            return redirect("dossiers:report-import", agency.code, period.code)
        messages.success(request, _("The workbook's figures were saved in the report."))
        fields = dict(report.rows.values_list("field_id", "field__name"))
        for warning in warnings:
            messages.warning(request, f"{fields.get(warning.row, '')}: {warning.message}")
        return redirect("dossiers:report-edit", agency.code, period.code)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            parsed = parse_report_workbook(form.cleaned_data["file"], agency=agency, period=period)
            if not parsed.ok:
                context["problems"] = [str(p) for p in parsed.problems]
                return render(request, "dossiers/report_import.html", context, status=400)
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "agency": agency.pk,
                "period": period.code,
                "version": report.version if report else 0,
                "values": {str(fid): row for fid, row in parsed.values.items()},
            }
            current = {row.field_id: row for row in report.rows.all()} if report else {}
            context.update(
                token=token,
                preview=[
                    {
                        "field": parsed.fields[fid],
                        "values": row,
                        "totals": validation.totals(row),
                        "changed": fid not in current or any(getattr(current[fid], k) != v for k, v in row.items()),
                    }
                    for fid, row in parsed.values.items()
                ],
            )
    return render(request, "dossiers/report_import.html", context)
