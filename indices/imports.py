"""Reading a published table (xlsx or csv) into rows the service can save, with every problem listed.

Headers may be English or Vietnamese (province / tỉnh, score / điểm, rank / xếp hạng, tier / nhóm; a
column named after a sub-index holds its scores); the header row need not be the first (published sheets
carry a title above it). Province names are matched by `indices.names`. Nothing is written here: the web
preview and `manage.py import_index_table --dry-run` stop after `read_table`, a save goes through
`indices.services.table_import`, which checks the same rules again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from indices.models import Index, IndexResult, Province, SubIndex
from indices.names import ProvinceMatcher, fold
from indices.services import ProvinceRow
from indices.validation import Issue, TableRow, index_methods, parse_rank, parse_score, validate_table

HEADER_SCAN_ROWS = 15
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

# Folded header texts (see names.fold) for each role.
_PROVINCE = {
    "province",
    "provinces",
    "province name",
    "province city",
    "tinh",
    "tinh thanh",
    "tinh thanh pho",
    "tinh tp",
    "ten tinh",
    "ten tinh thanh pho",
    "dia phuong",
    "ten dia phuong",
    "don vi",
}
_RANK = {"rank", "ranking", "xep hang", "thu hang", "hang", "thu tu", "vi tri", "xh"}
_SCORE = {
    "score",
    "total score",
    "composite score",
    "overall score",
    "diem",
    "diem so",
    "tong diem",
    "diem tong hop",
    "chi so",
    "gia tri",
    "gia tri chi so",
    "ket qua",
}
_TIER = {
    "tier",
    "group",
    "published group",
    "rating",
    "nhom",
    "nhom cong bo",
    "xep loai",
    "xep nhom",
    "nhom xep hang",
    "phan nhom",
    "muc",
}
_IGNORED = {"stt", "tt", "no", "number", "so tt", "#", "ma", "code", "ma tinh"}


class TableFileError(Exception):
    """The file cannot be read as a table at all (not xlsx/csv, no header): nothing to preview."""


@dataclass
class TablePreview:
    """What a published table would save, and everything wrong with it."""

    index: Index
    year: int
    provinces_ranked: int
    rows: list[TableRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # role → header as written
    sub_index_names: dict[str, str] = field(default_factory=dict)  # code → name, in column order
    replaces: int = 0  # results already held for that index and year

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def problem_lines(self) -> set[int]:
        return {issue.line for issue in self.issues if issue.line is not None}


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


_YEAR_IN_HEADER = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _header_year(header: str) -> int | None:
    """The year a column's heading names ("Xếp hạng 2016" -> 2016), if any."""
    match = _YEAR_IN_HEADER.search(header)
    return int(match.group(1)) if match else None


def _role(header: str, index: Index, sub_indices: list[SubIndex]) -> str | None:
    key = fold(header)
    if not key:
        return None
    for sub in sub_indices:
        if key in {fold(sub.code), fold(sub.name), fold(sub.name_en or "")} - {""}:
            return f"sub:{sub.code}"
    code = fold(index.code)
    # "pci_score", "PCI rank", "Điểm PCI", "Xếp hạng PCI 2016": strip the index's code and a year.
    words = [w for w in key.split() if w != code and not (w.isdigit() and len(w) == 4)]
    stripped = " ".join(words)
    for candidate in (key, stripped):
        if candidate in _IGNORED:
            return "ignored"
        if candidate in _PROVINCE or candidate.startswith("province "):
            return "province"
        if candidate in _RANK or candidate.startswith("xep hang") or candidate.startswith("rank "):
            return "rank"
        if candidate in _TIER:
            return "tier"
        if candidate in _SCORE or candidate.startswith("diem "):
            return "score"
    if stripped == "" and key == code:
        return "score"  # a column headed just "PCI" holds the composite score
    return None


def _read_rows(content: bytes, filename: str) -> list[list[Any]]:
    suffix = Path(filename or "").suffix.lower()
    if len(content) > MAX_BYTES:
        raise TableFileError(_("The file is larger than 5 MB; a table of provinces is much smaller."))
    if suffix == ".xlsx" or content[:2] == b"PK":
        return _read_xlsx(content)
    if suffix in {".csv", ".txt", ""}:
        return _read_csv(content)
    raise TableFileError(_("Give an Excel workbook (.xlsx) or a CSV file."))


def _read_xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                break
            rows.append(list(row))
        return rows
    finally:
        workbook.close()


def _read_csv(content: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(_("The CSV file is not in UTF-8 (save it as “CSV UTF-8”)."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for _n, row in zip(range(MAX_ROWS), csv.reader(io.StringIO(text), dialect), strict=False)]


def _find_header(rows: list[list[Any]], index: Index, sub_indices: list[SubIndex]) -> tuple[int, dict[int, str]]:
    for number, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        roles: dict[int, str] = {}
        for col, value in enumerate(row):
            role = _role(_cell_text(value), index, sub_indices)
            if role is not None:
                roles[col] = role
        present = set(roles.values())
        if "province" in present and "rank" in present:
            return number, roles
    raise TableFileError(
        _(
            "No header row was found: the table needs a column of provinces (“Province” or “Tỉnh”) and a "
            "column of ranks (“Rank” or “Xếp hạng”) in its first %(n)s rows."
        )
        % {"n": HEADER_SCAN_ROWS}
    )


def read_table(
    *,
    file: IO[bytes] | bytes | str | Path,
    filename: str = "",
    index: Index,
    year: int,
    provinces_ranked: int | None = None,
) -> TablePreview:
    """Read, match and check a published table. Raises TableFileError if it is not a table at all."""
    if isinstance(file, str | Path):
        path = Path(file)
        filename = filename or path.name
        content = path.read_bytes()
    elif isinstance(file, bytes):
        content = file
    else:
        content = file.read()
    sub_indices = [s for s in index.sub_indices.all() if s.applies_to(year)]
    rows = _read_rows(content, filename)
    header_at, roles = _find_header(rows, index, sub_indices)
    header = rows[header_at]

    provinces = list(Province.objects.select_related("merged_into"))
    matcher = ProvinceMatcher(provinces)
    if provinces_ranked is None:
        provinces_ranked = default_provinces_ranked(year, provinces)
    preview = TablePreview(index=index, year=year, provinces_ranked=provinces_ranked)
    preview.replaces = IndexResult.objects.filter(index=index, year=year).count()

    # For each role, a column headed with the year imported wins, then one with no year; a column
    # headed with another year ("Xếp hạng 2015" in a 2016 import) is never taken for this year's.
    # Later columns of a role (e.g. "province_as_published") are reported as not used.
    used: dict[str, int] = {}
    unused: list[str] = []
    by_role: dict[str, list[int]] = {}
    for col, role in sorted(roles.items()):
        if role != "ignored":
            by_role.setdefault(role, []).append(col)
    for role, cols in by_role.items():
        years = {col: _header_year(_cell_text(header[col])) for col in cols}
        chosen = next((c for c in cols if years[c] == year), None)
        if chosen is None:
            chosen = next((c for c in cols if years[c] is None), None)
        if chosen is None:
            preview.issues.append(
                Issue(
                    _(
                        "Column “%(name)s” holds %(other)s figures, not %(year)s: "
                        "no column of this table is for %(year)s."
                    )
                    % {"name": _cell_text(header[cols[0]]), "other": years[cols[0]], "year": year},
                    kind="other_year",
                )
            )
            unused += [_cell_text(header[c]) for c in cols]
            continue
        used[role] = chosen
        preview.columns[role] = _cell_text(header[chosen])
        unused += [_cell_text(header[c]) for c in cols if c != chosen]
    subs_by_code = {s.code: s for s in sub_indices}
    for role in used:
        if role.startswith("sub:"):
            sub = subs_by_code[role[4:]]
            preview.sub_index_names[sub.code] = sub.name
    unused += [_cell_text(value) for col, value in enumerate(header) if col not in roles and _cell_text(value) != ""]
    if unused:
        preview.notes.append(
            Issue(_("Columns not used: %(names)s.") % {"names": ", ".join(unused)}, kind="unused_columns")
        )

    def cell(row: list[Any], role: str) -> Any:
        col = used.get(role)
        return row[col] if col is not None and col < len(row) else None

    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        name = _cell_text(cell(row, "province"))
        rank_value = cell(row, "rank")
        if not name and _cell_text(rank_value) == "":
            continue  # an empty row or a footnote
        if not name:
            preview.issues.append(
                Issue(_("Row %(line)s: no province name.") % {"line": offset}, line=offset, kind="no_province")
            )
            continue
        if ProvinceMatcher.is_summary_row(name):
            preview.notes.append(
                Issue(
                    _("Row %(line)s (%(name)s) is a summary row and was skipped.") % {"line": offset, "name": name},
                    line=offset,
                    kind="summary_row",
                )
            )
            continue
        match = matcher.match(name)
        if match.province is None and _cell_text(rank_value) == "" and _cell_text(cell(row, "score")) == "":
            preview.notes.append(
                Issue(
                    _("Row %(line)s (%(name)s) has no rank and is not a province: skipped.")
                    % {"line": offset, "name": name},
                    line=offset,
                    kind="footnote",
                )
            )
            continue
        if match.province is None:
            message = _('Row %(line)s: "%(name)s" is not a province we know.') % {"line": offset, "name": name}
            if match.suggestions:
                message += " " + _("Did you mean %(names)s?") % {"names": ", ".join(match.suggestions)}
            preview.issues.append(Issue(message, line=offset, kind="unknown_province"))
            continue
        province = match.province
        rank, written_n = parse_rank(rank_value)
        if rank is None:
            if _cell_text(rank_value) == "":
                message = _("Row %(line)s: %(province)s has no rank.")
            else:
                message = _('Row %(line)s: the rank "%(value)s" of %(province)s is not a whole number.')
            preview.issues.append(
                Issue(
                    message % {"line": offset, "province": province.name, "value": _cell_text(rank_value)},
                    line=offset,
                    kind="bad_rank",
                )
            )
            continue
        if written_n is not None and written_n != provinces_ranked:
            preview.issues.append(
                Issue(
                    _("Row %(line)s: the rank is written out of %(written)s but %(n)s provinces were ranked.")
                    % {"line": offset, "written": written_n, "n": provinces_ranked},
                    line=offset,
                    kind="rank_range",
                )
            )
        score: Decimal | None = None
        try:
            score = parse_score(cell(row, "score"))
        except ValueError:
            preview.issues.append(
                Issue(
                    _('Row %(line)s: the score "%(value)s" of %(province)s is not a number.')
                    % {"line": offset, "value": _cell_text(cell(row, "score")), "province": province.name},
                    line=offset,
                    kind="bad_score",
                )
            )
        sub_scores: dict[str, Decimal] = {}
        for code in preview.sub_index_names:
            raw = cell(row, f"sub:{code}")
            try:
                value = parse_score(raw)
            except ValueError:
                preview.issues.append(
                    Issue(
                        _('Row %(line)s: the %(sub)s score "%(value)s" of %(province)s is not a number.')
                        % {
                            "line": offset,
                            "sub": subs_by_code[code].name,
                            "value": _cell_text(raw),
                            "province": province.name,
                        },
                        line=offset,
                        kind="bad_score",
                    )
                )
                continue
            if value is not None:
                sub_scores[code] = value
        preview.rows.append(
            TableRow(
                line=offset,
                province_id=province.pk,
                province_name=province.name,
                rank=rank,
                score=score,
                tier=_cell_text(cell(row, "tier"))[:60],
                published_name=name,
                sub_scores=sub_scores,
            )
        )

    issues, notes = validate_table(
        index=index,
        year=year,
        rows=preview.rows,
        provinces_ranked=provinces_ranked,
        provinces=provinces,
        methods=index_methods(index),
    )
    # A row already reported (unknown province, unreadable rank) is not in preview.rows; the "missing"
    # count then includes it, which is also true. Show row problems in the order of the sheet.
    preview.issues = sorted(preview.issues + issues, key=lambda i: (i.line is None, i.line or 0))
    preview.notes += notes
    return preview


def default_provinces_ranked(year: int, provinces: list[Province] | None = None) -> int:
    """How many provinces existed at the end of `year`, per the registry (never a constant 63)."""
    if provinces is None:
        return Province.objects.existing_in(year).count()
    return sum(1 for p in provinces if p.exists_in(year))


# --- the list of provinces (indices/data/provinces.csv, or one an administrator keeps) -------------------


def read_regions_csv(path: str | Path) -> list[tuple[str, str, bool, int]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return [
            (
                row["code"].strip(),
                row["name"].strip(),
                row.get("is_default_peer_group", "0").strip() in {"1", "true", "yes"},
                int(row.get("sort_order") or 0),
            )
            for row in csv.DictReader(handle)
        ]


def read_provinces_csv(path: str | Path) -> list[ProvinceRow]:
    """Rows of code, name, kind, region, aliases (separated by |), established_on, dissolved_on
    (ISO dates), merged_into (a code)."""

    def day(text: str | None) -> dt.date | None:
        text = (text or "").strip()
        return dt.date.fromisoformat(text) if text else None

    out = []
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        for order, row in enumerate(csv.DictReader(handle), start=1):
            out.append(
                ProvinceRow(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    kind=(row.get("kind") or "province").strip(),
                    region=(row.get("region") or "").strip(),
                    aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                    established_on=day(row.get("established_on")),
                    dissolved_on=day(row.get("dissolved_on")),
                    merged_into=(row.get("merged_into") or "").strip(),
                    sort_order=order,
                )
            )
    return out
