"""Catalogue pages: procedures, the decisions announcing them, and the workbook import.

The catalogue is reference data: everyone who is logged in may read it; only administrators
import it (agencies.rules, ADMIN_MANAGE)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.rules import Action, can, require
from cchc_portal.xlsx import xlsx_response
from dossiers import catalogue
from dossiers.catalogue_forms import CatalogueUploadForm, DecisionFilterForm, ProcedureFilterForm
from dossiers.models import DecisionAction
from periods.period import Period

PAGE_SIZE = 50
# Uploaded workbooks wait here, under a random name, between the preview and the confirmation.
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
SESSION_TOKENS = "catalogue_import_tokens"
KEEP_UPLOADS_SECONDS = 24 * 3600


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def procedure_list(request):
    form = ProcedureFilterForm(request.GET or None)
    page = _page(request, catalogue.procedure_list(**form.filters()))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_import": can(request.user, Action.ADMIN_MANAGE),
    }
    return render(request, "dossiers/catalogue_procedure_list.html", context)


def _default_period() -> Period:
    return Period.year(timezone.localdate().year)


@login_required
def decision_list(request):
    data = request.GET.copy()
    if not data.get("period"):
        data["period"] = _default_period().label
    form = DecisionFilterForm(data)
    context = {"form": form, "can_import": can(request.user, Action.ADMIN_MANAGE)}
    if not form.is_valid():
        return render(request, "dossiers/catalogue_decision_list.html", context, status=400)
    period: Period = form.cleaned_data["period"]
    action = form.cleaned_data["action"] or None
    start, end = period.window()
    year = period.year
    context.update(
        {
            "period": period,
            "start": start,
            "end": end,
            "announcing": catalogue.decision_count(period=period, action=DecisionAction.ADD),
            "total": catalogue.decision_count(period=period),
            "page": _page(request, catalogue.decision_list(period=period, action=action)),
            "query": _query_without_page(request),
            # Quick links to the periods of the same year (and the year before and after).
            "shortcuts": [
                *(Period.quarter(year, q) for q in range(1, 5)),
                Period.half(year),
                Period.nine_months(year),
                Period.year(year),
            ],
            "previous": _shifted(period, -1),
            "next": _shifted(period, 1),
        }
    )
    return render(request, "dossiers/catalogue_decision_list.html", context)


def _shifted(period: Period, step: int) -> Period | None:
    try:
        return period.previous() if step < 0 else period.next()
    except ValueError:  # beyond the years periods cover
        return None


# --- Import -------------------------------------------------------------------------------------


def _upload_dir() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports"


def _upload_path(token: str) -> Path:
    return _upload_dir() / f"catalogue-{token}.xlsx"


def _forget_old_uploads() -> None:
    """Uploads previewed but never confirmed are removed after a day."""
    cutoff = time.time() - KEEP_UPLOADS_SECONDS
    for path in _upload_dir().glob("catalogue-*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


@login_required
def catalogue_import(request):
    require(request.user, Action.ADMIN_MANAGE)
    if request.method == "GET":
        download = request.GET.get("download")
        if download == "template":
            return xlsx_response(catalogue.catalogue_template_workbook(), "mau-nhap-danh-muc-tthc.xlsx")
        if download == "catalogue":
            day = timezone.localdate().strftime("%Y-%m-%d")
            return xlsx_response(catalogue.catalogue_export_workbook(), f"danh-muc-tthc-{day}.xlsx")
        return render(request, "dossiers/catalogue_import.html", {"form": CatalogueUploadForm()})
    if "token" in request.POST:
        return _confirm(request)
    return _preview(request)


def _preview(request):
    form = CatalogueUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "dossiers/catalogue_import.html", {"form": form}, status=400)
    _upload_dir().mkdir(parents=True, exist_ok=True)
    _forget_old_uploads()
    token = secrets.token_urlsafe(24)
    path = _upload_path(token)
    with path.open("wb") as stored:
        for chunk in form.cleaned_data["workbook"].chunks():
            stored.write(chunk)
    result = catalogue.catalogue_import(workbook_path_or_file=path, by=request.user, dry_run=True)
    if result.errors:
        path.unlink(missing_ok=True)
        token = None
    else:
        request.session[SESSION_TOKENS] = [*request.session.get(SESSION_TOKENS, [])[-4:], token]
    context = {
        "form": CatalogueUploadForm(),
        "result": result,
        "token": token,
        "filename": form.cleaned_data["workbook"].name,
    }
    return render(request, "dossiers/catalogue_import.html", context, status=200 if result.ok else 400)


def _confirm(request):
    token = request.POST.get("token", "")
    tokens = request.session.get(SESSION_TOKENS, [])
    path = _upload_path(token) if TOKEN.fullmatch(token) else None
    if path is None or token not in tokens or not path.exists():
        messages.error(request, _("That preview has expired. Upload the workbook again."))
        return redirect("dossiers:catalogue-import")
    result = catalogue.catalogue_import(workbook_path_or_file=path, by=request.user)
    path.unlink(missing_ok=True)
    request.session[SESSION_TOKENS] = [t for t in tokens if t != token]
    if not result.saved:
        context = {"form": CatalogueUploadForm(), "result": result, "token": None, "filename": ""}
        return render(request, "dossiers/catalogue_import.html", context, status=400)
    counts = {s.key: s for s in result.sheets}
    messages.success(
        request,
        _(
            "The catalogue was imported: %(fields)s new fields, %(procedures)s new procedures, "
            "%(decisions)s new decisions; %(updated)s records updated."
        )
        % {
            "fields": len(counts["fields"].created) if "fields" in counts else 0,
            "procedures": len(counts["procedures"].created) if "procedures" in counts else 0,
            "decisions": len(counts["decisions"].created) if "decisions" in counts else 0,
            "updated": sum(len(s.updated) for s in result.sheets),
        },
    )
    return redirect("dossiers:procedure-list")
