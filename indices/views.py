"""Rankings pages. Seeing them: Action.VIEW_SHARED (standing office, committee, administrators). Importing
tables, recording results, removing a year and setting targets: Action.INDEX_IMPORT (standing office and
administrators). Workbooks: Action.EXPORT on the whole province (agency=None)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.rules import Action, can, require
from cchc_portal.xlsx import xlsx_response
from indices import exports, imports, selectors, services
from indices.forms import ConfirmImportForm, ResultForm, TableImportForm, TargetForm, YearDeleteForm
from indices.models import Index, IndexTarget
from indices.validation import TableInvalid, TableRow

IMPORT_SALT = "indices.table-import"
IMPORT_MAX_AGE = 3600  # a preview may be confirmed within the hour


def _index(code: str) -> Index:
    try:
        return selectors.index_get(code)
    except Index.DoesNotExist as exc:
        raise Http404(_("No such index.")) from exc


def _year(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _chart_labels() -> dict:
    """The words the charts show, translated here: the script has no catalogue of its own."""
    return {
        "rank": _("Rank"),
        "score": _("Score"),
        "target": _("Target"),
        "merger": _("Merger"),
        "method": _("New method"),
    }


def _context(request, **extra) -> dict:
    return {
        "can_import": can(request.user, Action.INDEX_IMPORT),
        "can_export": can(request.user, Action.EXPORT),
        "chart_labels": _chart_labels(),
        **extra,
    }


@login_required
def overview(request):
    require(request.user, Action.VIEW_SHARED)
    data = selectors.overview(as_of=_year(request.GET.get("year")))
    return render(
        request,
        "indices/overview.html",
        _context(request, overview=data, sparklines=data.sparklines()),
    )


@login_required
def index_detail(request, code: str):
    require(request.user, Action.VIEW_SHARED)
    index = _index(code)
    history = selectors.index_history(index)
    table_years = history.table_years
    year = _year(request.GET.get("year"))
    if year is None:
        year = table_years[0] if table_years else (history.series[-1].year if history.series else None)
    components = selectors.components(index, year, history.chain)
    years_held = sorted({*table_years, *[p.year for p in history.series]}, reverse=True)
    return render(
        request,
        "indices/index_detail.html",
        _context(
            request,
            index=index,
            history=history,
            chart=history.chart(),
            components=components,
            years_held=years_held,
            changes=selectors.recent_changes(index),
        ),
    )


@login_required
def index_compare(request, code: str):
    require(request.user, Action.VIEW_SHARED)
    index = _index(code)
    chain = selectors.home_chain()
    picked = [int(v) for v in request.GET.getlist("p") if v.isdigit()]
    region = request.GET.get("region")
    provinces = selectors.province_list()
    if region:
        picked = [p.pk for p in provinces if p.region and p.region.code == region]
    if not picked:
        picked = selectors.default_peer_ids(chain)
    comparison = selectors.peer_comparison(index, picked, chain)
    regions = []
    for province in provinces:
        if province.region and (not regions or regions[-1][0] != province.region):
            regions.append((province.region, []))
        if province.region:
            regions[-1][1].append(province)
    no_region = [p for p in provinces if p.region is None]
    return render(
        request,
        "indices/index_compare.html",
        _context(
            request,
            index=index,
            comparison=comparison,
            chart=comparison.chart(),
            regions=regions,
            no_region=no_region,
            picked=set(picked) | set(chain.ids[:1]),
            home_ids=set(chain.ids[:1]),
        ),
    )


@login_required
def year_detail(request, code: str, year: int):
    require(request.user, Action.VIEW_SHARED)
    index = _index(code)
    table = selectors.year_table(index, year)
    if not table.rows:
        raise Http404(_("No result is held for this year."))
    return render(request, "indices/year_detail.html", _context(request, index=index, table=table))


@login_required
@require_http_methods(["GET", "POST"])
def year_delete(request, code: str, year: int):
    require(request.user, Action.INDEX_IMPORT)
    index = _index(code)
    table = selectors.year_table(index, year)
    if not table.rows:
        raise Http404(_("No result is held for this year."))
    form = YearDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.year_delete(index=index, year=year, by=request.user, reason=form.cleaned_data["reason"])
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The %(index)s results of %(year)s (%(count)s provinces) were removed.")
                % {"index": index.short_name, "year": year, "count": count},
            )
            return redirect("indices:index-detail", code=index.code)
    return render(
        request,
        "indices/year_confirm_delete.html",
        _context(request, index=index, table=table, form=form),
        status=400 if form.errors else 200,
    )


# --- import ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def table_import(request):
    """Upload → preview (nothing saved) → confirm. The preview's rows travel signed, so what is saved is
    exactly what was shown, and the service checks them again against the provinces as they are then."""
    require(request.user, Action.INDEX_IMPORT)
    initial = {"index": request.GET.get("index"), "year": request.GET.get("year")}
    form = TableImportForm(request.POST or None, request.FILES or None, initial=initial)
    preview = None
    confirm = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preview = imports.read_table(
                file=data["file"].read(),
                filename=data["file"].name,
                index=selectors.index_get(data["index"].code),
                year=data["year"],
                provinces_ranked=data["provinces_ranked"],
            )
        except imports.TableFileError as exc:
            form.add_error("file", str(exc))
        else:
            if preview.ok:
                payload = {
                    "index": preview.index.code,
                    "year": preview.year,
                    "n": preview.provinces_ranked,
                    "source": data["source"],
                    "filename": data["file"].name,
                    "rows": [row.to_payload() for row in preview.rows],
                }
                confirm = ConfirmImportForm(
                    initial={"payload": signing.dumps(payload, salt=IMPORT_SALT, compress=True)}
                )
    status = 400 if request.method == "POST" and (form.errors or (preview and not preview.ok)) else 200
    return render(
        request,
        "indices/table_import.html",
        _context(
            request,
            form=form,
            preview=preview,
            confirm=confirm,
            imports=selectors.recent_imports(),
        ),
        status=status,
    )


@login_required
@require_POST
def table_import_confirm(request):
    require(request.user, Action.INDEX_IMPORT)
    form = ConfirmImportForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        payload = signing.loads(form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.SignatureExpired:
        messages.error(request, _("The preview is more than an hour old: upload the table again."))
        return redirect("indices:table-import")
    except signing.BadSignature:
        messages.error(request, _("The preview could not be read: upload the table again."))
        return redirect("indices:table-import")
    index = _index(payload["index"])
    try:
        batch = services.table_import(
            index=index,
            year=int(payload["year"]),
            rows=[TableRow.from_payload(row) for row in payload["rows"]],
            provinces_ranked=int(payload["n"]),
            by=request.user,
            filename=payload.get("filename", ""),
            source=payload.get("source", ""),
        )
    except TableInvalid as exc:
        for issue in exc.issues:
            messages.error(request, issue.message)
        return redirect("indices:table-import")
    messages.success(
        request,
        _("The %(index)s table of %(year)s was saved: %(rows)s provinces, %(changed)s values changed.")
        % {"index": index.short_name, "year": batch.year, "rows": batch.rows, "changed": batch.changed},
    )
    return redirect(reverse("indices:year-detail", kwargs={"code": index.code, "year": batch.year}))


@login_required
@require_http_methods(["GET", "POST"])
def result_record(request):
    require(request.user, Action.INDEX_IMPORT)
    chain = selectors.home_chain()
    initial = {
        "index": request.GET.get("index"),
        "province": chain.home.pk if chain.home else None,
    }
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.result_record(
                index=data["index"],
                year=data["year"],
                province=data["province"],
                rank=data["rank"],
                provinces_ranked=data["provinces_ranked"],
                score=data["score"],
                tier=data["tier"],
                source=data["source"],
                by=request.user,
            )
        except TableInvalid as exc:
            for issue in exc.issues:
                form.add_error(None, issue.message)
        else:
            messages.success(
                request,
                _("%(index)s %(year)s: %(province)s %(rank)s/%(n)s was recorded.")
                % {
                    "index": result.index.short_name,
                    "year": result.year,
                    "province": result.province.name,
                    "rank": result.rank,
                    "n": result.provinces_ranked,
                },
            )
            return redirect("indices:index-detail", code=result.index.code)
    return render(request, "indices/result_form.html", _context(request, form=form), status=400 if form.errors else 200)


# --- targets -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def target_list(request):
    require(request.user, Action.VIEW_SHARED)
    form = None
    if can(request.user, Action.INDEX_IMPORT):
        form = TargetForm(request.POST or None, initial={"index": request.GET.get("index")})
    elif request.method == "POST":
        require(request.user, Action.INDEX_IMPORT)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.target_set(
                index=data["index"],
                year=data["year"],
                rank_at_most=data["rank_at_most"],
                score_at_least=data["score_at_least"],
                document=data["document"],
                note=data["note"],
                by=request.user,
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The %(index)s target for %(year)s was saved.") % {"index": data["index"], "year": data["year"]},
            )
            return redirect("indices:target-list")
    return render(
        request,
        "indices/target_list.html",
        _context(request, targets=selectors.target_list(), form=form),
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def target_delete(request, pk: int):
    require(request.user, Action.INDEX_IMPORT)
    target = get_object_or_404(IndexTarget.objects.select_related("index"), pk=pk)
    services.target_delete(target=target, by=request.user)
    messages.success(
        request, _("The %(index)s target for %(year)s was removed.") % {"index": target.index, "year": target.year}
    )
    return redirect("indices:target-list")


# --- workbooks ---------------------------------------------------------------------------------------------


@login_required
def history_export(request, code: str):
    require(request.user, Action.EXPORT, None)
    index = _index(code)
    history = selectors.index_history(index)
    return xlsx_response(exports.history_workbook(history), f"{index.code}-history.xlsx")


@login_required
def year_export(request, code: str, year: int):
    require(request.user, Action.EXPORT, None)
    index = _index(code)
    table = selectors.year_table(index, year)
    if not table.rows:
        raise Http404(_("No result is held for this year."))
    return xlsx_response(exports.year_table_workbook(table), f"{index.code}-{year}.xlsx")
