"""The catalogue's xlsx import: what a workbook brings in, every error with its sheet, row and
column with nothing saved, idempotent re-imports, the in-force state that decisions decide, the
template and export workbooks, and the shell command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
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
    assert [c.value for c in book["Quyết định - Thủ tục"][1]] == [
        "Số quyết định",
        "Mã thủ tục",
        "Hình thức",
        "Ngày quyết định",
    ]
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


# --- Decision numbers restart every year (Decree 30/2020/NĐ-CP) ---------------------------------

TWO_YEARS = catalogue_sheets(
    fields=[["HT", "Hộ tịch", 1]],
    procedures=[
        ["1.000893", "Cấp bản sao trích lục hộ tịch", "HT", "tỉnh", "HG-STP", 1, "toàn trình"],
        ["2.000001", "Đăng ký khai sinh có yếu tố nước ngoài", "HT", "huyện", None, 15, "một phần"],
    ],
    decisions=[
        ["79/QĐ-UBND", "15/01/2019", "Nguyễn Văn Sơn", "Công bố TTHC lĩnh vực Hộ tịch"],
        ["79/QĐ-UBND", "14/01/2020", "Trần Đức Quý", "Bãi bỏ TTHC lĩnh vực Hộ tịch"],
    ],
    items=[
        ["79/QĐ-UBND", "1.000893", "công bố", "15/01/2019"],
        ["79/QĐ-UBND", "2.000001", "công bố", 2019],  # just the year
        ["79/QĐ-UBND", "2.000001", "bãi bỏ", dt.datetime(2020, 1, 14)],
    ],
)


def decisions_by_year(number="79/QĐ-UBND") -> dict[int, Decision]:
    return {d.date.year: d for d in Decision.objects.filter(number=number)}


def test_the_same_number_in_two_years_is_two_decisions(tmp_path, admin, units):
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "two.xlsx", TWO_YEARS), by=admin)

    assert result.saved, [str(e) for e in result.errors]
    decisions = next(s for s in result.sheets if s.key == "decisions")
    assert decisions.created == ["79/QĐ-UBND (2019)", "79/QĐ-UBND (2020)"]
    by_year = decisions_by_year()
    assert {y: (d.date, d.signer) for y, d in by_year.items()} == {
        2019: (dt.date(2019, 1, 15), "Nguyễn Văn Sơn"),
        2020: (dt.date(2020, 1, 14), "Trần Đức Quý"),
    }
    assert set(DecisionItem.objects.values_list("decision__date__year", "procedure__code", "action")) == {
        (2019, "1.000893", "add"),
        (2019, "2.000001", "add"),
        (2020, "2.000001", "remove"),
    }
    # Announced by the decision of 2019, abolished by the one of 2020 under the same number.
    assert dict(Procedure.objects.values_list("code", "is_active")) == {"1.000893": True, "2.000001": False}

    again = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "two.xlsx", TWO_YEARS), by=admin)
    assert again.saved and again.changes == 0
    assert Decision.objects.count() == 2 and DecisionItem.objects.count() == 3


def test_the_same_number_twice_in_the_same_year_is_a_duplicate(tmp_path, admin, units):
    sheets = catalogue_sheets(
        decisions=[
            ["79/QĐ-UBND", "15/01/2019", "Nguyễn Văn Sơn", ""],  # row 2
            ["79/QĐ-UBND", "14/01/2020", "Nguyễn Văn Sơn", ""],  # row 3: another year, another decision
            ["79/QĐ-UBND", "20/06/2019", "Trần Đức Quý", ""],  # row 4: the one of row 2 again
        ],
    )
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "dup.xlsx", sheets), by=admin)

    assert not result.saved
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Quyết định", 4, "A")]
    message = str(result.errors[0])
    assert "79/QĐ-UBND" in message and "2019" in message and "row 2" in message
    assert not Decision.objects.exists()


def test_the_database_refuses_a_number_twice_in_a_year_but_not_in_two_years(db):
    Decision.objects.create(number="79/QĐ-UBND", date=dt.date(2019, 1, 15), signer="Nguyễn Văn Sơn")
    Decision.objects.create(number="79/QĐ-UBND", date=dt.date(2020, 1, 14), signer="Nguyễn Văn Sơn")

    again = Decision(number="79/QĐ-UBND", date=dt.date(2019, 12, 31), signer="Trần Đức Quý")
    with pytest.raises(ValidationError, match="already exists in the year"):
        again.validate_constraints()  # what the admin's form says
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    assert Decision.objects.count() == 2


def test_reimporting_updates_the_decision_of_the_same_number_and_year(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "two.xlsx", TWO_YEARS), by=admin)
    before = decisions_by_year()
    only_decisions = {
        "Quyết định": (
            ["Số quyết định", "Ngày ban hành", "Người ký"],
            [
                ["79/QĐ-UBND", "20/01/2020", "Hoàng Gia Long"],  # the one of 2020, redated and re-signed
                ["79/QĐ-UBND", "02/03/2021", "Nguyễn Văn Sơn"],  # a third year: a new decision
            ],
        )
    }
    path = write_workbook(tmp_path / "b.xlsx", only_decisions)

    preview = catalogue_import(workbook_path_or_file=path, by=admin, dry_run=True)
    summary = next(s for s in preview.sheets if s.key == "decisions")
    assert (summary.created, summary.updated, summary.unchanged) == (
        ["79/QĐ-UBND (2021)"],
        [("79/QĐ-UBND (2020)", ["date", "signer"])],
        0,
    )
    result = catalogue_import(workbook_path_or_file=path, by=admin)

    assert result.saved
    after = decisions_by_year()
    assert set(after) == {2019, 2020, 2021}
    assert after[2020].pk == before[2020].pk
    assert (after[2020].date, after[2020].signer) == (dt.date(2020, 1, 20), "Hoàng Gia Long")
    assert (after[2019].pk, after[2019].date, after[2019].signer) == (
        before[2019].pk,
        dt.date(2019, 1, 15),
        "Nguyễn Văn Sơn",
    )
    assert after[2020].items.get().procedure.code == "2.000001"  # its items stay with it


def test_a_link_row_names_its_decision_by_date_when_the_number_is_used_in_two_years(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "a.xlsx", GOOD), by=admin)  # 79/QĐ-UBND of 2019
    sheets = catalogue_sheets(
        decisions=[["79/QĐ-UBND", "14/01/2020", "Trần Đức Quý", "Bãi bỏ"]],
        items=[
            ["79/QĐ-UBND", "1.000893", "bãi bỏ"],  # row 2: which 79/QĐ-UBND?
            ["79/QĐ-UBND", "2.000001", "bãi bỏ", "2021"],  # row 3: no 79/QĐ-UBND in 2021
            ["79/QĐ-UBND", "2.000001", "bãi bỏ", "16/01/2019"],  # row 4: the one of 2019 is dated 15/01
            ["79/QĐ-UBND", "2.000001", "bãi bỏ", "mười"],  # row 5: not a date
            ["421/QĐ-UBND", "1.001009", "sửa đổi"],  # row 6: one year only, the number is enough
            ["99/QĐ-UBND", "1.001009", "sửa đổi", "13/13/2019"],  # row 7: no such number, nor date
        ],
    )
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "b.xlsx", sheets), by=admin)

    assert not result.saved
    by_place = {(e.sheet, e.row, e.column): str(e) for e in result.errors}
    assert set(by_place) == {
        ("Quyết định - Thủ tục", 2, "D"),
        ("Quyết định - Thủ tục", 3, "D"),
        ("Quyết định - Thủ tục", 4, "D"),
        ("Quyết định - Thủ tục", 5, "D"),
        ("Quyết định - Thủ tục", 7, "A"),
        ("Quyết định - Thủ tục", 7, "D"),
    }
    assert len(result.errors) == 6
    ambiguous = by_place[("Quyết định - Thủ tục", 2, "D")]
    assert ambiguous.startswith('Sheet "Quyết định - Thủ tục", row 2, column D:')
    assert "79/QĐ-UBND" in ambiguous and "2019, 2020" in ambiguous and "Ngày quyết định" in ambiguous
    assert "2021" in by_place[("Quyết định - Thủ tục", 3, "D")]
    assert "15/01/2019" in by_place[("Quyết định - Thủ tục", 4, "D")]
    assert "mười" in by_place[("Quyết định - Thủ tục", 5, "D")]
    assert not decisions_by_year().keys() - {2019}

    # A workbook in the layout before the date column: the error points at the number.
    old_layout = {
        "Quyết định - Thủ tục": (["Số quyết định", "Mã thủ tục", "Hình thức"], [sheets[catalogue.ITEMS.title][1][0]])
    }
    old_layout[catalogue.DECISIONS.title] = sheets[catalogue.DECISIONS.title]
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "c.xlsx", old_layout), by=admin)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Quyết định - Thủ tục", 2, "A")]

    # With the date, each row links the decision meant.
    sheets[catalogue.ITEMS.title] = (
        VI_HEADERS["items"],
        [
            ["79/QĐ-UBND", "1.000893", "bãi bỏ", "14/01/2020"],
            ["79/QĐ-UBND", "2.000001", "sửa đổi", 2019],
            ["421/QĐ-UBND", "1.001009", "sửa đổi"],
        ],
    )
    result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "d.xlsx", sheets), by=admin)

    assert result.saved, [str(e) for e in result.errors]
    by_year = decisions_by_year()
    assert set(by_year[2020].items.values_list("procedure__code", "action")) == {("1.000893", "remove")}
    assert set(by_year[2019].items.values_list("procedure__code", "action")) == {
        ("1.000893", "add"),
        ("2.000001", "change"),
    }
    assert result.abolished == ["1.000893"]
    assert not Procedure.objects.get(code="1.000893").is_active


def test_the_ambiguous_number_error_reads_in_vietnamese(tmp_path, admin, units):
    sheets = catalogue_sheets(
        fields=[["HT", "Hộ tịch", 1]],
        procedures=[["1.000893", "Cấp bản sao trích lục hộ tịch", "HT", "tỉnh", "HG-STP", 1, "toàn trình"]],
        decisions=TWO_YEARS[catalogue.DECISIONS.title][1],
        items=[["79/QĐ-UBND", "1.000893", "công bố"]],
    )
    with translation.override("vi"):
        result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "vi.xlsx", sheets), by=admin)
        message = str(result.errors[0])

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Quyết định - Thủ tục", 2, "D")]
    assert message == (
        'Sheet "Quyết định - Thủ tục", dòng 2, cột D: số quyết định "79/QĐ-UBND" có ở các năm 2019, 2020; '
        'ghi ngày ban hành vào cột "Ngày quyết định" để chỉ rõ là quyết định nào.'
    )


def test_an_export_with_a_number_in_two_years_imports_back_unchanged(tmp_path, admin, units):
    catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "a.xlsx", GOOD), by=admin)
    sheets = catalogue_sheets(
        decisions=[["79/QĐ-UBND", "14/01/2020", "Trần Đức Quý", "Bãi bỏ"]],
        items=[["79/QĐ-UBND", "1.000893", "bãi bỏ", "14/01/2020"]],
    )
    assert catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "b.xlsx", sheets), by=admin).saved

    content = catalogue_export_workbook()

    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(content))["Quyết định - Thủ tục"].iter_rows()]
    assert rows[0] == VI_HEADERS["items"]
    assert ["79/QĐ-UBND", "1.000893", "công bố", dt.datetime(2019, 1, 15)] in rows
    assert ["79/QĐ-UBND", "1.000893", "bãi bỏ", dt.datetime(2020, 1, 14)] in rows
    again = catalogue_import(workbook_path_or_file=io.BytesIO(content), by=admin)
    assert again.saved and again.changes == 0, [str(e) for e in again.errors]
    assert {s.key: (len(s.created), len(s.updated), s.unchanged) for s in again.sheets} == {
        "fields": (0, 0, 2),
        "procedures": (0, 0, 4),
        "decisions": (0, 0, 4),
        "items": (0, 0, 7),
    }
