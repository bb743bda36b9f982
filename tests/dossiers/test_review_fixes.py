"""Defects found in review, each pinned by the behaviour a person would notice."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from dossiers import services
from dossiers.models import DossierReport, DossierRow, ReportStatus
from dossiers.selectors import completeness, consolidation
from dossiers.validation import clean_row, history_warnings, parse_count
from periods.period import Period
from periods.services import period_close
from tests.dossiers.conftest import row_values
from tests.factories import FieldFactory, UserFactory, link_fields, open_period


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _draft(unit, people, period="2019-Q3", **overrides):
    report = services.report_get_or_create(agency=unit, period=period, by=people["staff"])
    fields = list(report.rows.values_list("field_id", flat=True))
    services.report_save(
        report_id=report.pk,
        values={f: row_values(**overrides) for f in fields},
        expected_version=report.version,
        by=people["staff"],
    )
    return DossierReport.objects.get(pk=report.pk)


def _post(fields, version, **overrides):
    data = {"version": str(version)}
    for fid in fields:
        for key, value in row_values(**overrides).items():
            data[f"f{fid}-{key}"] = str(value)
    return data


def test_a_second_save_after_a_conflict_still_does_not_overwrite(client, unit, people, q3):
    report = _draft(unit, people)
    opened = report.version
    fields = list(report.rows.values_list("field_id", flat=True))
    client.force_login(people["head"])
    assert (
        client.post(
            reverse("dossiers:report-edit", args=[unit.code, "2019-Q3"]),
            _post(fields, opened, received_offline=91, resolved_on_time=31),
        ).status_code
        == 302
    )
    client.force_login(people["staff"])
    url = reverse("dossiers:report-edit", args=[unit.code, "2019-Q3"])
    mine = _post(fields, opened, received_offline=80, resolved_on_time=20)
    first = client.post(url, mine)
    assert first.status_code == 409 and first.context["version"] == opened
    second = client.post(url, {**mine, "version": str(first.context["version"])})
    assert second.status_code == 409
    assert set(DossierRow.objects.filter(report=report).values_list("received_offline", flat=True)) == {91}


def test_an_absurdly_large_number_is_refused_beside_its_cell():
    value, message = parse_count("3.000.000.000")
    assert value is None and "100.000.000" in message
    _values, issues = clean_row(row_values(received_offline="3000000000", resolved_on_time="2999999940"))
    assert {i.column for i in issues} == {"received_offline", "resolved_on_time"}


def test_carried_over_that_differs_from_the_previous_quarters_pending_warns(unit, people, q3):
    open_period("2019-Q2", by=people["secretariat"])
    previous = _draft(unit, people, period="2019-Q2")  # pending 10 per row
    services.report_submit(report_id=previous.pk, by=people["head"])
    services.report_approve(report_id=previous.pk, by=people["secretariat"])
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    fields = list(report.rows.values_list("field_id", flat=True))
    _report, warnings = services.report_save(
        report_id=report.pk,
        values={f: row_values(carried_over=50, pending_within=53) for f in fields},
        expected_version=report.version,
        by=people["staff"],
    )
    assert {(w.column, w.level) for w in warnings} == {("carried_over", "warning")}
    assert "10" in warnings[0].message and "50" in warnings[0].message


def test_a_value_far_below_the_units_history_warns_too():
    history = [row_values(received_offline=5090, resolved_on_time=5030)] * 3
    values, _ = clean_row(row_values(received_offline=509, resolved_on_time=449))
    assert {(i.column, i.level) for i in history_warnings(values, history)} >= {("received_offline", "warning")}


def test_a_reviewer_approves_only_what_they_saw(unit, people, q3):
    report = _draft(unit, people)
    services.report_submit(report_id=report.pk, by=people["head"])
    seen = DossierReport.objects.get(pk=report.pk).version
    services.report_return(report_id=report.pk, by=people["secretariat"], comment="Sửa cột 13")
    _draft(unit, people, pending_within=9, pending_overdue=1)
    services.report_submit(report_id=report.pk, by=people["head"])
    with pytest.raises(services.ReportConflict):
        services.report_approve(report_id=report.pk, by=people["secretariat"], expected_version=seen)
    assert DossierReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_whoever_submitted_cannot_approve(unit, people, q3):
    report = _draft(unit, people)
    services.report_submit(report_id=report.pk, by=people["head"])
    DossierReport.objects.filter(pk=report.pk).update(submitted_by=people["secretariat"])
    with pytest.raises(services.ReportError):
        services.report_approve(report_id=report.pk, by=people["secretariat"])


def test_returning_or_reopening_in_a_closed_period_says_to_reopen_it_first(unit, people, q3):
    report = _draft(unit, people)
    services.report_submit(report_id=report.pk, by=people["head"])
    period_close(period="2019-Q3", by=people["secretariat"])
    with pytest.raises(services.ReportLocked) as err:
        services.report_return(report_id=report.pk, by=people["secretariat"], comment="x")
    assert "Quý III/2019" in err.value.message
    services.report_approve(report_id=report.pk, by=people["secretariat"])  # approving a closed quarter is fine
    with pytest.raises(services.ReportLocked):
        services.report_reopen(report_id=report.pk, by=people["secretariat"], reason="x")
    assert DossierReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_a_returned_report_is_neither_received_nor_on_time(unit, people, q3):
    report = _draft(unit, people)
    services.report_submit(report_id=report.pk, by=people["head"])
    services.report_return(report_id=report.pk, by=people["secretariat"], comment="x")
    c = completeness(user=people["secretariat"], period=Period.parse("2019-Q3"))
    assert (c.submitted, c.on_time) == (0, 0)


def test_missing_reports_count_only_the_units_expected(unit, other_unit, people, q3):
    report = services.report_get_or_create(
        agency=other_unit, period="2019-Q3", by=UserFactory(role="staff", agency=other_unit)
    )
    DossierRow.objects.filter(report=report).update(received_offline=0)
    DossierReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    other_unit.field_links.all().delete()  # no longer expected to report
    c = consolidation(period=Period.parse("2019-Q3"))
    assert (c.expected_reports, c.approved_reports, c.missing_reports) == (1, 0, 1)


def test_the_return_comment_stays_in_view_after_a_save(client, unit, people, q3):
    report = _draft(unit, people)
    services.report_submit(report_id=report.pk, by=people["head"])
    services.report_return(report_id=report.pk, by=people["secretariat"], comment="Kiểm tra lại cột (13)")
    _draft(unit, people, pending_within=9, pending_overdue=1)
    client.force_login(people["staff"])
    page = client.get(reverse("dossiers:report-edit", args=[unit.code, "2019-Q3"])).content.decode()
    assert "Kiểm tra lại cột (13)" in page
    assert "received_offline" not in page.split('data-testid="changes"')[1]  # columns by their label
    assert "(12)" in page.split('data-testid="changes"')[1]


def _workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "2019-Q3"
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_short_header_row_is_a_listed_problem_not_a_crash(client, unit, people, q3):
    content = _workbook(
        [
            ["Biểu số II.06a/VPCP/KSTT"],
            ["TÌNH HÌNH"],
            ["Kỳ báo cáo: Quý III/2019 (2019-Q3) — Từ ngày 15/06/2019 đến ngày 14/09/2019"],
            [f"Đơn vị báo cáo: {unit.name} [{unit.code}]"],
            ["(1)"],
        ]
    )
    client.force_login(people["staff"])
    response = client.post(
        reverse("dossiers:report-import", args=[unit.code, "2019-Q3"]),
        {"file": SimpleUploadedFile("x.xlsx", content)},
    )
    assert response.status_code == 400 and len(response.context["problems"]) == 1


def test_an_import_expects_the_reports_own_rows(unit, people, q3):
    from dossiers.exports import report_workbook
    from dossiers.imports import parse_report_workbook
    from dossiers.selectors import report_detail

    report = _draft(unit, people)
    link_fields(unit, FieldFactory(name="Chứng thực"))  # linked after the report was created
    parsed = parse_report_workbook(io.BytesIO(report_workbook(report_detail(report_id=report.pk))), agency=unit)
    assert parsed.ok, parsed.problems
