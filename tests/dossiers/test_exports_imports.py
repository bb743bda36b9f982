"""Workbooks in the national form's layout, opened back with openpyxl, and imports that are all
or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from dossiers import services
from dossiers.exports import report_workbook
from dossiers.models import DossierReport, DossierRow, Field, ReportEvent, ReportStatus, ValueChange
from dossiers.selectors import report_detail
from tests.dossiers.conftest import row_values

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def filled(unit, people, q3):
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    field_ids = list(report.rows.values_list("field_id", flat=True))
    services.report_save(
        report_id=report.pk,
        values={f: row_values() for f in field_ids},
        expected_version=report.version,
        by=people["staff"],
    )
    return DossierReport.objects.get(pk=report.pk)


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_report_workbook_has_the_national_layout(filled):
    ws = _open(report_workbook(report_detail(report_id=filled.pk))).active
    rows = _rows(ws)
    assert rows[1][0].startswith("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    assert "Quý III/2019" in rows[2][0] and "15/06/2019" in rows[2][0] and "14/09/2019" in rows[2][0]
    assert ws.max_column == 13  # exactly the 13 columns of the form
    assert rows[9] == [f"({n})" for n in range(1, 14)]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C7:F7", "G7:J7", "K7:M7", "D8:F8", "A7:A9", "B7:B9"} <= merged
    assert ws.freeze_panes == "C11"
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"  # A4
    assert rows[10][1] == "Hộ tịch" and rows[10][2:] == [105, 10, 90, 5, 95, 60, 30, 5, 10, 8, 2]
    assert ws.cell(row=11, column=3).number_format == "#,##0"
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[2:] == [210, 20, 180, 10, 190, 120, 60, 10, 20, 16, 4]
    notes = [r[1] for r in rows if r[1] and str(r[1]).startswith("- ")]
    assert (
        notes[0] == "- Hộ tịch: trong cột (9) có 1 hồ sơ trả lại, 0 hồ sơ rút; trong cột (12) có 1 hồ sơ chờ bổ sung."
    )


def test_a_field_named_like_a_formula_stays_text(filled):
    Field.objects.filter(code="HT").update(name='=HYPERLINK("http://x","y")')
    ws = _open(report_workbook(report_detail(report_id=filled.pk))).active
    cell = ws.cell(row=11, column=2)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def _upload(client, url, content, name="bao-cao.xlsx"):
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def test_import_round_trip_with_preview_then_confirm(client, filled, people):
    content = report_workbook(report_detail(report_id=filled.pk))
    wb = _open(content)
    ws = wb.active
    ws.cell(row=11, column=4).value = 12  # (4) online 10 -> 12
    ws.cell(row=11, column=5).value = 88  # (5) 90 -> 88: (3) unchanged
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(people["staff"])
    url = reverse("dossiers:report-import", args=["STP", "2019-Q3"])
    preview = _upload(client, url, buffer.getvalue())
    assert preview.status_code == 200 and preview.context["preview"]
    assert DossierRow.objects.filter(report=filled, received_online=12).count() == 0  # nothing saved yet
    confirm = client.post(url, {"token": preview.context["token"]})
    assert confirm.status_code == 302
    row = DossierRow.objects.get(report=filled, field__code="HT")
    assert (row.received_online, row.received_offline, row.returned, row.awaiting_supplement) == (12, 88, 1, 1)
    assert ReportEvent.objects.filter(report=filled, kind="imported", by=people["staff"]).exists()


def test_an_import_with_errors_saves_nothing_and_says_where(client, filled, people):
    before = list(DossierRow.objects.filter(report=filled).values_list("received_online", "pending_within"))
    changes = ValueChange.objects.count()
    wb = _open(report_workbook(report_detail(report_id=filled.pk)))
    ws = wb.active
    ws.cell(row=11, column=4).value = 15  # breaks (3) = (4) + (5) + (6): (3) still says 105
    ws.cell(row=12, column=2).value = "Công chứng"  # not a field of the unit
    ws.cell(row=11, column=13).value = -1  # negative
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(people["staff"])
    response = _upload(client, reverse("dossiers:report-import", args=["STP", "2019-Q3"]), buffer.getvalue())
    assert response.status_code == 400
    problems = response.context["problems"]
    sheet = "2019-Q3"
    assert any(sheet in p and "11" in p and "M" in p for p in problems)  # the negative (13)
    assert any("12" in p and "B" in p and "Công chứng" in p for p in problems)
    assert any("Lý lịch tư pháp" in p for p in problems)  # its row is missing now
    assert list(DossierRow.objects.filter(report=filled).values_list("received_online", "pending_within")) == before
    assert ValueChange.objects.count() == changes
    assert "token" not in response.context


def test_an_import_for_another_unit_or_quarter_is_refused(client, filled, people):
    content = report_workbook(report_detail(report_id=filled.pk))
    client.force_login(people["staff"])
    from tests.factories import open_period

    open_period("2019-Q4")
    response = _upload(client, reverse("dossiers:report-import", args=["STP", "2019-Q4"]), content)
    assert response.status_code == 400 and any("Quý III/2019" in p for p in response.context["problems"])


def test_a_file_that_is_not_a_workbook(client, unit, people, q3):
    client.force_login(people["staff"])
    response = _upload(client, reverse("dossiers:report-import", args=["STP", "2019-Q3"]), b"%PDF-1.4 not a workbook")
    assert response.status_code == 400 and len(response.context["problems"]) == 1
    assert not DossierReport.objects.exists()


def test_import_command_dry_run_then_for_real(filled, people, tmp_path, capsys):
    path = tmp_path / "q3.xlsx"
    wb = _open(report_workbook(report_detail(report_id=filled.pk)))
    wb.active.cell(row=11, column=4).value = 11
    wb.active.cell(row=11, column=5).value = 89
    wb.save(path)
    call_command("import_dossier_report", str(path), "--dry-run")
    assert DossierRow.objects.get(report=filled, field__code="HT").received_online == 10
    call_command("import_dossier_report", str(path), "--user", "head")
    assert DossierRow.objects.get(report=filled, field__code="HT").received_online == 11
    wb.active.cell(row=11, column=4).value = "nhiều"
    wb.save(path)
    with pytest.raises(CommandError):
        call_command("import_dossier_report", str(path))
    assert "D" in capsys.readouterr().err


def test_export_consolidation_command(filled, people, tmp_path):
    services.report_submit(report_id=filled.pk, by=people["head"])
    services.report_approve(report_id=filled.pk, by=people["secretariat"])
    path = tmp_path / "h.xlsx"
    call_command("export_consolidation", "--period", "2019-9M", "--output", str(path))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Theo đơn vị", "Theo lĩnh vực"]
    rows = _rows(wb["Theo đơn vị"])
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[3] == 20 and total[4] == 180  # (4), (5) of the approved Q3 report
    assert DossierReport.objects.get(pk=filled.pk).status == ReportStatus.APPROVED
