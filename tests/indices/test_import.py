"""Importing a published table: the reference PCI 2016 table gives every province its published rank; a
wrong table changes nothing and says everything that is wrong. From a file, the command line and the page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from agencies.models import Role
from indices import imports, services
from indices.models import IndexResult, Province, ResultChange, TableImport
from indices.validation import TableInvalid
from tests.indices.conftest import results_snapshot

REFERENCE = Path(__file__).resolve().parents[2] / "indices" / "data" / "pci_2016.csv"


def reference_rows() -> list[dict]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def import_file(index, year, path: Path, n: int | None = 63):
    preview = imports.read_table(file=path, index=index, year=year, provinces_ranked=n)
    if not preview.ok:
        raise TableInvalid(preview.issues)
    return services.table_import(
        index=index, year=year, rows=preview.rows, provinces_ranked=preview.provinces_ranked, by=None
    )


# --- the reference table --------------------------------------------------------------------------------


def test_the_reference_pci_2016_table_gives_every_province_its_published_rank(pci):
    batch = import_file(pci, 2016, REFERENCE)

    assert batch.rows == 63
    held = {r.province.name: r for r in IndexResult.objects.filter(index=pci, year=2016).select_related("province")}
    assert len(held) == 63
    for row in reference_rows():
        result = held[row["province"]]
        assert result.rank == int(row["pci_rank"]), row
        assert result.provinces_ranked == 63
        assert result.score == Decimal(row["pci_score"]), row
        assert result.tier == row["pci_tier"], row
    assert held["Hà Giang"].rank == 59 and held["Hà Giang"].score == Decimal("55.40")
    assert held["Đà Nẵng"].rank == 1 and held["Cao Bằng"].rank == 63


def test_equal_scores_keep_their_different_published_ranks(pci):
    import_file(pci, 2016, REFERENCE)
    by_name = dict(IndexResult.objects.filter(index=pci, year=2016).values_list("province__name", "rank"))
    # 60,14 and 58,20 were published with different ranks (the scores are rounded).
    assert (by_name["Ninh Bình"], by_name["Tây Ninh"]) == (19, 20)
    assert (by_name["Bình Thuận"], by_name["Bắc Giang"], by_name["Đồng Nai"]) == (32, 33, 34)


def test_names_as_vcci_wrote_them_import_as_well(pci, tmp_path):
    """Only the `province_as_published` column (Tp.HCM, BRVT, TT.Huế, Đăk Lăk, Bắc Cạn …), Vietnamese headers."""
    rows = [[r["province_as_published"], r["pci_score"].replace(".", ","), r["pci_rank"]] for r in reference_rows()]
    path = write_csv(tmp_path / "pci.csv", ["Tỉnh/Thành phố", "Điểm PCI", "Xếp hạng"], rows)
    import_file(pci, 2016, path)
    held = dict(IndexResult.objects.filter(index=pci, year=2016).values_list("province__name", "rank"))
    assert held["TP. Hồ Chí Minh"] == 8
    assert held["Bà Rịa - Vũng Tàu"] == 16
    assert held["Thừa Thiên Huế"] == 23
    assert held["Đắk Lắk"] == 28
    assert held["Bắc Kạn"] == 60
    assert len(held) == 63


def test_an_xlsx_with_a_title_above_vietnamese_headers_and_untidy_names(pci, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH NĂM 2016"])
    ws.append([])
    ws.append(["STT", "Tỉnh, thành phố", "Điểm tổng hợp", "Xếp hạng", "Nhóm", "Ghi chú"])
    prefixes = ["Tỉnh ", "", "TP. ", "Thành phố ", ""]
    for i, r in enumerate(reference_rows(), start=1):
        name = r["province_as_published"]
        if r["province"] in {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}:
            name = prefixes[i % len(prefixes)] + name
        elif not name.startswith("T"):
            name = ("Tỉnh " if i % 2 else "") + name
        ws.append([i, name.replace(" - ", "–"), float(r["pci_score"]), int(r["pci_rank"]), r["pci_tier"], ""])
    ws.append([])
    ws.append(["Ghi chú: điểm làm tròn hai chữ số"])  # a note under the table, in the first column
    ws.append([None, "Nguồn: VCCI"])  # a footnote in the provinces' column: no rank, not a province
    path = tmp_path / "pci_2016.xlsx"
    wb.save(path)

    preview = imports.read_table(file=path, index=pci, year=2016)
    assert preview.columns == {
        "province": "Tỉnh, thành phố",
        "score": "Điểm tổng hợp",
        "rank": "Xếp hạng",
        "tier": "Nhóm",
    }
    assert preview.provinces_ranked == 63  # from the list of provinces of 2016, not a constant
    assert preview.ok, preview.issues
    assert len(preview.rows) == 63
    assert any(n.kind == "footnote" and "Nguồn: VCCI" in n.message for n in preview.notes)


def test_a_clean_xlsx_round_trip(pci, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Province", "Score", "Rank", "Tier"])
    for r in reference_rows():
        ws.append([r["province_as_published"], Decimal(r["pci_score"]), int(r["pci_rank"]), r["pci_tier"]])
    path = tmp_path / "pci.xlsx"
    wb.save(path)
    import_file(pci, 2016, path)
    assert IndexResult.objects.get(index=pci, year=2016, province__name="TP. Hồ Chí Minh").rank == 8


# --- a wrong table ---------------------------------------------------------------------------------------


def wrong_table(tmp_path: Path) -> Path:
    """The reference table with three mistakes: a duplicate, an unknown province and rank 64 of 63."""
    rows = [[r["province"], r["pci_score"], r["pci_rank"]] for r in reference_rows()]
    by_name = {row[0]: row for row in rows}
    by_name["Cao Bằng"][0] = "TP HCM"  # Hồ Chí Minh City twice, Cao Bằng missing
    by_name["Lai Châu"][0] = "Hà Tây"  # merged into Hà Nội in 2008: not a province we know
    by_name["Sơn La"][2] = "64"
    return write_csv(tmp_path / "wrong.csv", ["province", "score", "rank"], rows)


def test_a_wrong_table_changes_nothing_and_says_what_is_wrong(pci, tmp_path, record):
    import_file(pci, 2016, REFERENCE)
    record(pci, 2018, 52)
    before = results_snapshot()
    changes_before = ResultChange.objects.count()
    imports_before = TableImport.objects.count()

    with translation.override("vi"):
        preview = imports.read_table(file=wrong_table(tmp_path), index=pci, year=2016, provinces_ranked=63)
        kinds = {issue.kind for issue in preview.issues}
        text = "\n".join(issue.message for issue in preview.issues)

    assert not preview.ok
    assert {"duplicate", "unknown_province", "rank_range", "missing"} <= kinds
    assert "TP. Hồ Chí Minh" in text and "Hà Tây" in text and "64" in text and "1..63" in text
    assert "Cao Bằng" in text and "Lai Châu" in text  # the missing provinces are named
    assert "Dòng" in text  # in Vietnamese, with the sheet's row numbers

    # The service refuses the rows that were read, too: all or nothing.
    with pytest.raises(TableInvalid) as excinfo:
        services.table_import(index=pci, year=2016, rows=preview.rows, provinces_ranked=63, by=None)
    assert {issue.kind for issue in excinfo.value.issues} >= {"duplicate", "rank_range", "missing"}

    assert results_snapshot() == before
    assert ResultChange.objects.count() == changes_before
    assert TableImport.objects.count() == imports_before


def test_the_command_refuses_a_wrong_table_and_lists_every_problem(pci, tmp_path):
    import_file(pci, 2016, REFERENCE)
    before = results_snapshot()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_index_table", str(wrong_table(tmp_path)), index="PCI", year=2016, stdout=out, stderr=err)
    assert "nothing was saved" in str(excinfo.value)
    problems = err.getvalue()
    assert "Hà Tây" in problems and "64" in problems and "TP. Hồ Chí Minh" in problems and "Cao Bằng" in problems
    assert results_snapshot() == before


def test_the_command_imports_the_reference_table_and_dry_run_saves_nothing(pci):
    out = io.StringIO()
    call_command("import_index_table", str(REFERENCE), index="pci", year=2016, dry_run=True, stdout=out)
    assert "Dry run" in out.getvalue() and "Hà Giang" in out.getvalue()
    assert not IndexResult.objects.exists()

    out = io.StringIO()
    call_command("import_index_table", str(REFERENCE), index="PCI", year=2016, source="VCCI", stdout=out)
    assert "Saved 63 results" in out.getvalue()
    assert IndexResult.objects.filter(index=pci, year=2016).count() == 63
    assert TableImport.objects.get().source == "VCCI"


def test_the_command_checks_the_user_it_imports_as(pci, make_user):
    make_user(Role.COMMITTEE, None, username="chairman")
    with pytest.raises(CommandError, match="chairman"):
        call_command(
            "import_index_table", str(REFERENCE), index="PCI", year=2016, user="chairman", stdout=io.StringIO()
        )
    assert not IndexResult.objects.exists()


def test_a_table_for_a_year_after_the_merger_refuses_the_merged_province(pci, tmp_path):
    rows = [[p.name, i] for i, p in enumerate(Province.objects.existing_in(2025).order_by("name"), start=1)]
    rows.append(["Hà Giang", len(rows) + 1])
    path = write_csv(tmp_path / "pci_2025.csv", ["Tỉnh", "Xếp hạng"], rows)
    with translation.override("vi"):
        preview = imports.read_table(file=path, index=pci, year=2025, provinces_ranked=len(rows))
    problem = next(i for i in preview.issues if i.kind == "not_existing")
    assert "Hà Giang" in problem.message and "Tuyên Quang" in problem.message and "01/07/2025" in problem.message


def test_missing_provinces_are_named(pci, tmp_path):
    rows = [[r["province"], r["pci_rank"]] for r in reference_rows() if r["province"] not in {"Hà Giang", "Cà Mau"}]
    path = write_csv(tmp_path / "short.csv", ["province", "rank"], rows)
    preview = imports.read_table(file=path, index=pci, year=2016)
    missing = [i for i in preview.issues if i.kind == "missing"]
    assert len(missing) == 1
    assert "Hà Giang" in missing[0].message and "Cà Mau" in missing[0].message and "61" in missing[0].message


def test_a_year_that_ranked_fewer_provinces_than_existed(papi, tmp_path):
    """A 2014 PAPI file ranks 61 provinces: with N = 61, 61 rows are the whole table."""
    names = list(Province.objects.existing_in(2014).order_by("name").values_list("name", flat=True))[:61]
    path = write_csv(tmp_path / "papi.csv", ["province", "rank"], [[n, i] for i, n in enumerate(names, start=1)])
    batch = import_file(papi, 2014, path, n=61)
    assert batch.rows == 61
    assert set(IndexResult.objects.filter(index=papi, year=2014).values_list("provinces_ranked", flat=True)) == {61}


def test_a_score_outside_the_scale_and_an_unreadable_rank_are_problems(pci, tmp_path):
    rows = [[r["province"], r["pci_score"], r["pci_rank"]] for r in reference_rows()]
    rows[0][1] = "155"
    rows[1][2] = "hai"
    rows[2][1] = "n.a"
    path = write_csv(tmp_path / "bad.csv", ["province", "score", "rank"], rows)
    preview = imports.read_table(file=path, index=pci, year=2016)
    kinds = [i.kind for i in preview.issues]
    assert "score_range" in kinds and "bad_rank" in kinds and "bad_score" in kinds


def test_a_file_that_is_not_a_table(pci, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("một, hai\nba, bốn\n", encoding="utf-8")
    with pytest.raises(imports.TableFileError):
        imports.read_table(file=path, index=pci, year=2016)
    with pytest.raises(imports.TableFileError):
        imports.read_table(file=b"PK\x03\x04 not really a workbook", filename="x.xlsx", index=pci, year=2016)


def test_ties_are_kept_and_noted(pci, tmp_path):
    rows = [[r["province"], r["pci_rank"]] for r in reference_rows()]
    rows[19][1] = "19"  # Tây Ninh shares rank 19 with Ninh Bình
    preview = imports.read_table(file=write_csv(tmp_path / "t.csv", ["province", "rank"], rows), index=pci, year=2016)
    assert preview.ok
    assert any(n.kind == "tie" and "Tây Ninh" in n.message for n in preview.notes)


# --- importing again ------------------------------------------------------------------------------------


def test_importing_the_same_table_again_records_no_change(pci):
    import_file(pci, 2016, REFERENCE)
    changes = ResultChange.objects.count()
    batch = import_file(pci, 2016, REFERENCE)
    assert batch.changed == 0
    assert ResultChange.objects.count() == changes


def test_a_corrected_table_records_what_changed_from_what_to_what(pci, tmp_path, home):
    import_file(pci, 2016, REFERENCE)
    rows = [[r["province"], r["pci_score"], r["pci_rank"], r["pci_tier"]] for r in reference_rows()]
    for row in rows:
        if row[0] == "Hà Giang":
            row[1] = "55.41"
    batch = import_file(pci, 2016, write_csv(tmp_path / "fix.csv", ["province", "score", "rank", "tier"], rows))
    assert batch.changed == 1
    change = ResultChange.objects.get(table_import=batch)
    assert (change.province, change.field, change.old_value, change.new_value) == (home, "score", "55.4", "55.41")


def test_a_whole_table_replaces_a_single_result_held_for_that_year(pci, record):
    record(pci, 2016, 58)  # typed from a news report, one place off
    import_file(pci, 2016, REFERENCE)
    assert IndexResult.objects.get(index=pci, year=2016, province__name="Hà Giang").rank == 59


# --- export --------------------------------------------------------------------------------------------------


def test_export_index_table_writes_every_province_as_held(pci, tmp_path):
    import_file(pci, 2016, REFERENCE)
    out = tmp_path / "pci_2016_out.xlsx"
    call_command("export_index_table", index="PCI", year=2016, output=str(out), stdout=io.StringIO())

    ws = load_workbook(out, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 1 + 63
    by_name = {row[0]: row for row in rows[1:]}
    for r in reference_rows():
        assert by_name[r["province"]][2] == int(r["pci_rank"])
        assert by_name[r["province"]][1] == pytest.approx(float(r["pci_score"]))
        assert by_name[r["province"]][3] == 63

    # What it wrote imports back to the same table.
    before = results_snapshot()
    batch = import_file(pci, 2016, out)
    assert batch.changed == 0 and results_snapshot() == before


def test_export_of_a_year_not_held_fails(pci, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "export_index_table", index="PCI", year=2030, output=str(tmp_path / "x.xlsx"), stdout=io.StringIO()
        )


# --- the page: upload, preview, confirm ----------------------------------------------------------------------


def test_upload_preview_then_confirm_on_the_page(client, pci, roles):
    client.force_login(roles[Role.SECRETARIAT])
    with REFERENCE.open("rb") as handle:
        response = client.post(
            reverse("indices:table-import"), {"index": "PCI", "year": 2016, "provinces_ranked": 63, "file": handle}
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-ok"' in body and "Hà Giang" in body
    assert not IndexResult.objects.exists()  # a preview saves nothing

    payload = response.context["confirm"].initial["payload"]
    response = client.post(reverse("indices:table-import-confirm"), {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == reverse("indices:year-detail", args=["PCI", 2016])
    assert IndexResult.objects.filter(index=pci, year=2016).count() == 63
    assert TableImport.objects.get().by == roles[Role.SECRETARIAT]


def test_the_page_lists_the_problems_and_offers_no_save(client, pci, roles, tmp_path):
    client.force_login(roles[Role.SECRETARIAT])
    with wrong_table(tmp_path).open("rb") as handle:
        response = client.post(reverse("indices:table-import"), {"index": "PCI", "year": 2016, "file": handle})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="import-problems"' in body
    assert "Hà Tây" in body and "64" in body and "Cao Bằng" in body
    assert reverse("indices:table-import-confirm") not in body
    assert not IndexResult.objects.exists()


def test_a_tampered_preview_is_refused(client, pci, roles):
    client.force_login(roles[Role.SECRETARIAT])
    response = client.post(reverse("indices:table-import-confirm"), {"payload": "eyJmYWtlIjp0cnVlfQ:forged"})
    assert response.status_code == 302 and response["Location"] == reverse("indices:table-import")
    assert not IndexResult.objects.exists()


def test_the_service_checks_sub_index_scores_and_the_year_itself(pci, home):
    """What reaches the service is checked again, whatever the preview said (a forged or stale preview)."""
    from indices.validation import TableRow

    row = TableRow(
        line=2, province_id=home.pk, province_name="Hà Giang", rank=1, sub_scores={"transparency": Decimal(11)}
    )
    with pytest.raises(TableInvalid) as excinfo:
        services.table_import(index=pci, year=2016, rows=[row], provinces_ranked=1, by=None)
    assert [i.kind for i in excinfo.value.issues] == ["score_range"]  # PCI sub-indices are out of 10
    row.sub_scores = {"no-such-sub-index": Decimal(5)}
    with pytest.raises(TableInvalid) as excinfo:
        services.table_import(index=pci, year=2016, rows=[row], provinces_ranked=1, by=None)
    assert [i.kind for i in excinfo.value.issues] == ["sub_index"]
    row.sub_scores = {}
    with pytest.raises(TableInvalid) as excinfo:
        services.table_import(index=pci, year=1999, rows=[row], provinces_ranked=1, by=None)
    assert [i.kind for i in excinfo.value.issues] == ["year"]
    assert not IndexResult.objects.exists()


def test_sub_index_columns_are_read_by_their_names(pci, tmp_path):
    rows = [[r["province"], r["pci_score"], r["pci_rank"], "6,5", "7.25"] for r in reference_rows()]
    path = write_csv(tmp_path / "subs.csv", ["Tỉnh", "Điểm", "Xếp hạng", "Tính minh bạch", "Labour training"], rows)
    preview = imports.read_table(file=path, index=pci, year=2016)
    assert preview.ok, preview.issues
    assert preview.sub_index_names == {"transparency": "Tính minh bạch", "labour-training": "Đào tạo lao động"}
    services.table_import(index=pci, year=2016, rows=preview.rows, provinces_ranked=63, by=None)
    result = IndexResult.objects.get(index=pci, year=2016, province__name="Hà Giang")
    assert {s.sub_index.code: s.score for s in result.sub_scores.select_related("sub_index")} == {
        "transparency": Decimal("6.5"),
        "labour-training": Decimal("7.25"),
    }


# --- columns of another year (review) -------------------------------------------------------------------


def test_a_column_of_another_year_is_never_taken_for_the_year_imported(pci, tmp_path):
    rows = reference_rows()
    both = write_csv(
        tmp_path / "both.csv",
        ["Tỉnh", "Xếp hạng 2015", "Xếp hạng 2016"],
        [[r["province"], 64 - int(r["pci_rank"]), r["pci_rank"]] for r in rows],
    )
    preview = imports.read_table(file=both, index=pci, year=2016, provinces_ranked=63)
    assert preview.ok and preview.columns["rank"] == "Xếp hạng 2016"
    ranks = {row.province_name: row.rank for row in preview.rows}
    assert all(ranks[r["province"]] == int(r["pci_rank"]) for r in rows)

    only_2015 = write_csv(
        tmp_path / "old.csv", ["Tỉnh", "Xếp hạng 2015"], [[r["province"], r["pci_rank"]] for r in rows]
    )
    preview = imports.read_table(file=only_2015, index=pci, year=2016, provinces_ranked=63)
    assert not preview.ok and any(issue.kind == "other_year" for issue in preview.issues)


def test_a_rank_of_infinity_is_a_listed_problem_not_a_crash(pci, tmp_path):
    path = write_csv(tmp_path / "inf.csv", ["Tỉnh", "Xếp hạng"], [["Hà Giang", "Infinity"], ["Cao Bằng", "1E999999"]])
    preview = imports.read_table(file=path, index=pci, year=2016, provinces_ranked=63)
    assert not preview.ok
