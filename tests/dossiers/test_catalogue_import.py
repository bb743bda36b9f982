"""The catalogue's xlsx import: what a workbook brings in, every error with its sheet, row and
column with nothing saved, idempotent re-imports, the in-force state that decisions decide, the
template and export workbooks, and the shell command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from agencies.models import Role
from dossiers import catalogue
from dossiers.catalogue import SHEETS, catalogue_export_workbook, catalogue_import, catalogue_template_workbook
from dossiers.models import AgencyField, Decision, DecisionItem, Field, OnlineService, Procedure, ProcedureLevel
from tests.factories import AgencyFactory

VI_HEADERS = {spec.key: [c.header for c in spec.columns] for spec in SHEETS}


def write_workbook(path, sheets: dict[str, tuple[list, list[list]]]):
    """sheets: title → (header row, data rows). Returns the path."""
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        ws = book.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def catalogue_sheets(fields=(), procedures=(), decisions=(), items=()) -> dict:
    return {
        catalogue.FIELDS.title: (VI_HEADERS["fields"], list(fields)),
        catalogue.PROCEDURES.title: (VI_HEADERS["procedures"], list(procedures)),
        catalogue.DECISIONS.title: (VI_HEADERS["decisions"], list(decisions)),
        catalogue.ITEMS.title: (VI_HEADERS["items"], list(items)),
    }


@pytest.fixture(autouse=True)
def _english_messages():
    # Messages are asserted on their data (sheet, row, column, codes); the wording is the catalogue's.
    with translation.override("en"):
        yield


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, AgencyFactory(code="HG-STTTT", name="Sở Thông tin và Truyền thông"))


@pytest.fixture
def units(db):
    return {
        "HG-STP": AgencyFactory(code="HG-STP", name="Sở Tư pháp"),
        "HG-STNMT": AgencyFactory(code="HG-STNMT", name="Sở Tài nguyên và Môi trường"),
    }


GOOD = catalogue_sheets(
    fields=[["HT", "Hộ tịch", 1], ["DD", "Đất đai", 2]],
    procedures=[
        ["1.000893", "Cấp bản sao trích lục hộ tịch", "HT", "tỉnh", "HG-STP", 1, "toàn trình"],
        ["2.000001", "Đăng ký khai sinh có yếu tố nước ngoài", "HT", "Cấp huyện", None, "15 ngày", "một phần"],
        ["1.001009", "Giao đất, cho thuê đất", "DD", "tinh", "HG-STNMT", 20, None],
        ["1.004227", "Chuyển mục đích sử dụng đất", "DD", "huyện", "", None, "không"],
    ],
    decisions=[
        ["79/QĐ-UBND", "15/01/2019", "Nguyễn Văn Sơn", "Công bố TTHC lĩnh vực Hộ tịch"],
        ["421/QĐ-UBND", dt.datetime(2019, 3, 13), "Trần Đức Quý", "Công bố TTHC lĩnh vực Đất đai"],
        ["905/QĐ-UBND", 43608, "Nguyễn Minh Tiến", None],  # an Excel date serial: 23/05/2019
    ],
    items=[
        ["79/QĐ-UBND", "1.000893", "công bố"],
        ["79/QĐ-UBND", "2.000001", "Công bố"],
        ["421/QĐ-UBND", "1.001009", "cong bo"],
        ["421/QĐ-UBND", "1.004227", "công bố"],
        ["905/QĐ-UBND", "1.004227", "bãi bỏ"],
        ["905/QĐ-UBND", "1.001009", "sửa đổi"],
    ],
)


def test_a_good_workbook_is_imported_and_reads_back(tmp_path, admin, units):
    path = write_workbook(tmp_path / "catalogue.xlsx", GOOD)
    result = catalogue_import(workbook_path_or_file=path, by=admin)

    assert result.ok and result.saved, [str(e) for e in result.errors]
    assert {s.key: (len(s.created), len(s.updated), s.unchanged) for s in result.sheets} == {
        "fields": (2, 0, 0),
        "procedures": (4, 0, 0),
        "decisions": (3, 0, 0),
        "items": (6, 0, 0),
    }
    assert list(Field.objects.order_by("sort_order").values_list("code", "name")) == [
        ("HT", "Hộ tịch"),
        ("DD", "Đất đai"),
    ]
    p = Procedure.objects.select_related("field", "agency").get(code="1.000893")
    assert (p.name, p.field.code, p.level, p.agency.code, p.processing_days, p.online_service) == (
        "Cấp bản sao trích lục hộ tịch",
        "HT",
        ProcedureLevel.PROVINCE,
        "HG-STP",
        1,
        OnlineService.FULL,
    )
    p = Procedure.objects.get(code="2.000001")
    assert (p.level, p.agency, p.processing_days, p.online_service) == (
        ProcedureLevel.DISTRICT,
        None,
        15,
        OnlineService.PARTIAL,
    )
    assert Procedure.objects.get(code="1.001009").online_service == OnlineService.NONE  # blank cell
    assert dict(Decision.objects.values_list("number", "date")) == {
        "79/QĐ-UBND": dt.date(2019, 1, 15),
        "421/QĐ-UBND": dt.date(2019, 3, 13),
        "905/QĐ-UBND": dt.date(2019, 5, 23),
    }
    assert Decision.objects.get(number="905/QĐ-UBND").signer == "Nguyễn Minh Tiến"
    assert set(DecisionItem.objects.values_list("decision__number", "procedure__code", "action")) == {
        ("79/QĐ-UBND", "1.000893", "add"),
        ("79/QĐ-UBND", "2.000001", "add"),
        ("421/QĐ-UBND", "1.001009", "add"),
        ("421/QĐ-UBND", "1.004227", "add"),
        ("905/QĐ-UBND", "1.004227", "remove"),
        ("905/QĐ-UBND", "1.001009", "change"),
    }
    # Announced on 13/03, abolished on 23/05: no longer in force. Amended: still in force.
    assert dict(Procedure.objects.values_list("code", "is_active")) == {
        "1.000893": True,
        "2.000001": True,
        "1.001009": True,
        "1.004227": False,
    }
    assert result.abolished == ["1.004227"]


def test_importing_the_same_file_again_changes_nothing(tmp_path, admin, units):
    path = write_workbook(tmp_path / "catalogue.xlsx", GOOD)
    catalogue_import(workbook_path_or_file=path, by=admin)
    before = list(Procedure.objects.order_by("pk").values())

    again = catalogue_import(workbook_path_or_file=path, by=admin)

    assert again.saved and again.changes == 0
    assert {s.key: (len(s.created), len(s.updated), s.unchanged) for s in again.sheets} == {
        "fields": (0, 0, 2),
        "procedures": (0, 0, 4),
        "decisions": (0, 0, 3),
        "items": (0, 0, 6),
    }
    assert list(Procedure.objects.order_by("pk").values()) == before
    assert (Field.objects.count(), Decision.objects.count(), DecisionItem.objects.count()) == (2, 3, 6)


def test_headers_in_english_without_diacritics_and_in_any_order(tmp_path, admin, units):
    sheets = {
        "fields": (["Name", "CODE"], [["Hộ tịch", "HT"]]),
        "Thu tuc": (
            ["Online service", "Level", "Field code", "Name", "Code", "Processing days", "Handling unit"],
            [["full", "Province", "HT", "Cấp bản sao trích lục hộ tịch", "1.000893", 1, "HG-STP"]],
        ),
        "QUYET DINH": (
            ["so quyet dinh", "ngay ban hanh", "nguoi ky"],
            [["79/QĐ-UBND", "15/01/2019", "Nguyễn Văn Sơn"]],
        ),
        "Decision items": (["Action", "Procedure code", "Decision number"], [["announce", "1.000893", "79/QĐ-UBND"]]),
        "Hướng dẫn": (["Điền các sheet theo mẫu"], []),
    }
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "en.xlsx", sheets), by=admin)

    assert result.saved, [str(e) for e in result.errors]
    p = Procedure.objects.get(code="1.000893")
    assert (p.field.code, p.level, p.online_service, p.agency.code) == ("HT", "province", "full", "HG-STP")
    assert DecisionItem.objects.get().action == "add"


def test_every_error_is_listed_with_sheet_row_and_column_and_nothing_is_saved(tmp_path, admin, units):
    sheets = catalogue_sheets(
        fields=[["HT", "Hộ tịch", 1]],
        procedures=[
            ["1.000001", "Thủ tục đúng", "HT", "tỉnh", "HG-STP", 5, "toàn trình"],  # row 2
            ["1.000002", "Lĩnh vực không có", "LV99", "tỉnh", None, 5, "không"],  # row 3: unknown field
            ["1.000003", "Cấp không có", "HT", "trung ương", None, 5, "không"],  # row 4: bad level
            ["1.000001", "Trùng mã", "HT", "xã", None, 1, "không"],  # row 5: duplicate code
            ["1.000004", "Thời hạn chữ", "HT", "xã", "HG-XYZ", "mười", "mức 9"],  # row 6: unit, days, online
        ],
        decisions=[
            ["10/QĐ-UBND", "15/01/2019", "Nguyễn Văn Sơn", ""],  # row 2
            ["11/QĐ-UBND", "31/02/2019", "Nguyễn Văn Sơn", ""],  # row 3: bad date
            ["12/QĐ-UBND", "01/03/2019", None, ""],  # row 4: no signer
        ],
        items=[
            ["10/QĐ-UBND", "1.000001", "công bố"],  # row 2
            ["99/QĐ-UBND", "1.000001", "công bố"],  # row 3: unknown decision
            ["10/QĐ-UBND", "9.999999", "bãi bỏ"],  # row 4: unknown procedure
            ["10/QĐ-UBND", "1.000003", "xóa"],  # row 5: bad action (the procedure's own row is wrong too)
            ["10/QĐ-UBND", "1.000001", "sửa đổi"],  # row 6: listed twice
        ],
    )
    path = write_workbook(tmp_path / "bad.xlsx", sheets)

    result = catalogue_import(workbook_path_or_file=path, by=admin)

    assert not result.saved
    where = {(e.sheet, e.row, e.column) for e in result.errors}
    assert where == {
        ("Thủ tục", 3, "C"),
        ("Thủ tục", 4, "D"),
        ("Thủ tục", 5, "A"),
        ("Thủ tục", 6, "E"),
        ("Thủ tục", 6, "F"),
        ("Thủ tục", 6, "G"),
        ("Quyết định", 3, "B"),
        ("Quyết định", 4, "C"),
        ("Quyết định - Thủ tục", 3, "A"),
        ("Quyết định - Thủ tục", 4, "B"),
        ("Quyết định - Thủ tục", 5, "C"),
        ("Quyết định - Thủ tục", 6, "B"),
    }
    assert len(result.errors) == len(where)
    by_place = {(e.sheet, e.row, e.column): str(e) for e in result.errors}
    assert "LV99" in by_place[("Thủ tục", 3, "C")]
    assert "trung ương" in by_place[("Thủ tục", 4, "D")]
    assert "1.000001" in by_place[("Thủ tục", 5, "A")] and "2" in by_place[("Thủ tục", 5, "A")]
    assert "31/02/2019" in by_place[("Quyết định", 3, "B")]
    assert "99/QĐ-UBND" in by_place[("Quyết định - Thủ tục", 3, "A")]
    assert "HG-XYZ" in by_place[("Thủ tục", 6, "E")]
    assert str(result.errors[0]).startswith('Sheet "Thủ tục", row 3, column C:')
    # All or nothing: not even the good rows.
    assert not Field.objects.exists()
    assert not Procedure.objects.exists()
    assert not Decision.objects.exists()
    assert not DecisionItem.objects.exists()


def test_a_missing_column_or_an_unknown_sheet_is_reported_before_the_rows(tmp_path, admin, units):
    sheets = {
        "Lĩnh vực": (["Mã lĩnh vực", "Thứ tự"], [["HT", 1]]),  # no name column
        "Thủ tục": (VI_HEADERS["procedures"], [["1", "x", "LV99", "tỉnh", None, 1, "không"]]),
        "Bảng tính 1": (["a", "b"], []),
    }
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "bad.xlsx", sheets), by=admin)

    assert {(e.sheet, e.row, e.column) for e in result.errors} == {("Lĩnh vực", 1, None), ("Bảng tính 1", None, None)}
    assert "Tên lĩnh vực" in str(result.errors[0])
    assert not Procedure.objects.exists()


def test_a_file_that_is_not_a_workbook(admin):
    result = catalogue_import(workbook_path_or_file=io.BytesIO(b"not a zip"), by=admin)
    assert not result.saved and len(result.errors) == 1 and result.errors[0].sheet is None


def test_a_dry_run_says_what_would_change_and_saves_nothing(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "a.xlsx", GOOD), by=admin)
    changed = catalogue_sheets(
        fields=[["HT", "Hộ tịch (sửa tên)", 1], ["DD", "Đất đai", 2], ["MT", "Môi trường", 3]],
        decisions=[["1450/QĐ-UBND", "20/08/2019", "Trần Đức Quý", "Công bố lại"]],
        items=[["1450/QĐ-UBND", "1.004227", "công bố"]],
    )
    path = write_workbook(tmp_path / "b.xlsx", changed)

    preview = catalogue_import(workbook_path_or_file=path, by=admin, dry_run=True)

    assert preview.ok and not preview.saved
    fields = next(s for s in preview.sheets if s.key == "fields")
    assert (fields.created, fields.updated, fields.unchanged) == (["MT"], [("HT", ["name"])], 1)
    assert fields.updated_columns == [("HT", ["Tên lĩnh vực"])]
    assert preview.restored == ["1.004227"]  # a later decision announces it again
    assert Field.objects.get(code="HT").name == "Hộ tịch"
    assert not Field.objects.filter(code="MT").exists()
    assert not Procedure.objects.get(code="1.004227").is_active

    done = catalogue_import(workbook_path_or_file=path, by=admin)
    assert done.saved and done.restored == ["1.004227"]
    assert Procedure.objects.get(code="1.004227").is_active
    assert Field.objects.get(code="HT").name == "Hộ tịch (sửa tên)"


def test_decisions_apply_in_date_order_whatever_the_order_of_the_rows(tmp_path, admin, units):
    sheets = catalogue_sheets(
        fields=[["HT", "Hộ tịch", 1]],
        procedures=[["1.000893", "Cấp bản sao trích lục hộ tịch", "HT", "tỉnh", "HG-STP", 1, "toàn trình"]],
        decisions=[
            ["200/QĐ-UBND", "01/05/2019", "Nguyễn Văn Sơn", "Bãi bỏ"],
            ["100/QĐ-UBND", "01/02/2019", "Nguyễn Văn Sơn", "Công bố"],
        ],
        items=[["200/QĐ-UBND", "1.000893", "bãi bỏ"], ["100/QĐ-UBND", "1.000893", "công bố"]],
    )
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "x.xlsx", sheets), by=admin)
    assert result.saved
    assert Procedure.objects.get(code="1.000893").is_active is False


def test_redating_a_decision_reorders_what_it_does(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "a.xlsx", GOOD), by=admin)
    assert not Procedure.objects.get(code="1.004227").is_active  # announced 13/03, abolished 23/05
    # The abolishing decision was in fact signed before the announcing one.
    only_decisions = {
        "Quyết định": (
            ["Số quyết định", "Ngày ban hành", "Người ký"],
            [["905/QĐ-UBND", "01/03/2019", "Nguyễn Minh Tiến"]],
        )
    }
    path = write_workbook(tmp_path / "b.xlsx", only_decisions)

    preview = catalogue_import(workbook_path_or_file=path, by=admin, dry_run=True)
    assert preview.restored == ["1.004227"]
    result = catalogue_import(workbook_path_or_file=path, by=admin)
    assert result.saved and Procedure.objects.get(code="1.004227").is_active


def test_only_administrators_import(tmp_path, make_user, units):
    path = write_workbook(tmp_path / "catalogue.xlsx", GOOD)
    for role in (Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE):
        with pytest.raises(PermissionDenied):
            catalogue_import(workbook_path_or_file=path, by=make_user(role, units["HG-STP"]), dry_run=True)
    assert not Field.objects.exists()


def test_the_template_has_the_four_sheets_and_imports_as_nothing(admin):
    book = load_workbook(io.BytesIO(catalogue_template_workbook()))
    assert book.sheetnames == ["Hướng dẫn", "Lĩnh vực", "Thủ tục", "Quyết định", "Quyết định - Thủ tục"]
    assert [c.value for c in book["Thủ tục"][1]] == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Mã lĩnh vực",
        "Cấp thực hiện",
        "Mã đơn vị giải quyết",
        "Thời hạn giải quyết (ngày)",
        "Dịch vụ công trực tuyến",
    ]
    assert [c.value for c in book["Quyết định - Thủ tục"][1]] == ["Số quyết định", "Mã thủ tục", "Hình thức"]
    result = catalogue_import(workbook_path_or_file=io.BytesIO(catalogue_template_workbook()), by=admin)
    assert result.saved and result.changes == 0


def test_the_export_keeps_formula_like_names_as_text_and_imports_back_unchanged(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "a.xlsx", GOOD), by=admin)
    Field.objects.filter(code="HT").update(name="=1+1")
    Procedure.objects.filter(code="1.000893").update(name='=HYPERLINK("http://example.com","bấm")')

    content = catalogue_export_workbook()

    book = load_workbook(io.BytesIO(content))
    procedure_cells = {row[0].value: row[1] for row in book["Thủ tục"].iter_rows(min_row=2)}
    cell = procedure_cells["1.000893"]
    assert cell.value == '=HYPERLINK("http://example.com","bấm")' and cell.data_type == "s"
    field_cells = {row[0].value: row[1] for row in book["Lĩnh vực"].iter_rows(min_row=2)}
    assert field_cells["HT"].value == "=1+1" and field_cells["HT"].data_type == "s"

    again = catalogue_import(workbook_path_or_file=io.BytesIO(content), by=admin)
    assert again.saved and again.changes == 0, [str(e) for e in again.errors]


def test_the_command_prints_the_summary_or_every_error(tmp_path, admin, units, capsys):
    good = write_workbook(tmp_path / "good.xlsx", GOOD)
    call_command("import_catalogue", str(good), "--dry-run")
    out = capsys.readouterr().out
    assert "Thủ tục: 4 new, 0 changed, 0 unchanged" in out and "Dry run" in out
    assert not Procedure.objects.exists()

    call_command("import_catalogue", str(good))
    assert Procedure.objects.count() == 4

    bad = write_workbook(
        tmp_path / "bad.xlsx",
        catalogue_sheets(procedures=[["1.000009", "Thủ tục", "LV99", "tỉnh", None, 1, "không"]]),
    )
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_catalogue", str(bad))
    err = capsys.readouterr().err
    assert "Thủ tục" in err and "LV99" in err and " 2" in err and "C" in err
    assert not Procedure.objects.filter(code="1.000009").exists()


def test_seeding_links_fields_to_departments_and_districts_only(db):
    from agencies.demo import seed_agencies
    from agencies.models import AgencyKind
    from dossiers.demo_catalogue import seed_catalogue

    units = seed_agencies()
    ctx = {"units": units}
    fields = seed_catalogue(ctx)
    seed_catalogue(ctx)  # twice: nothing doubles

    assert ctx["fields"] is not None and set(fields) == set(Field.objects.values_list("code", flat=True))
    assert 40 <= len(fields) <= 50
    for unit in units.values():
        links = AgencyField.objects.filter(agency=unit).count()
        if unit.kind == AgencyKind.DEPARTMENT:
            assert 2 <= links <= 6, unit.code
        elif unit.kind == AgencyKind.DISTRICT:
            assert links >= 5, unit.code
        else:
            assert links == 0, unit.code  # the province and the districts' public-administration centres
    assert set(AgencyField.objects.filter(agency=units["HG-STP"]).values_list("field__name", flat=True)) >= {
        "Hộ tịch",
        "Lý lịch tư pháp",
        "Công chứng",
        "Luật sư",
        "Trợ giúp pháp lý",
    }
    assert Decision.objects.count() == 33
    assert not Decision.objects.filter(items__isnull=True).exists()
    for field in fields.values():
        assert 3 <= field.procedures.count() <= 5, field.code
