"""The catalogue of administrative procedures: its xlsx import, template and export workbooks,
and the reads the catalogue pages need.

A procedure is announced, amended and abolished by decisions of the Chairman of the provincial
People's Committee (công bố thủ tục hành chính: Decree 63/2010/NĐ-CP art. 15, as amended by Decree
92/2017/NĐ-CP). Whether a procedure is in force follows from those decisions taken in date order:
the last "công bố" (announce) or "bãi bỏ" (abolish) wins; "sửa đổi" (amend) leaves it as it was.

The workbook has four sheets, each with a header row whose names are recognised in Vietnamese or
English, whatever the case and whether or not the diacritics were typed:

* "Lĩnh vực": code, name, (order);
* "Thủ tục": code, name, field code, level (tỉnh / huyện / xã), (handling unit code),
  (processing days), (online service: toàn trình / một phần / không);
* "Quyết định": number, date (dd/mm/yyyy or an Excel date), signer, (title);
* "Quyết định - Thủ tục": decision number, procedure code, action (công bố / sửa đổi / bãi bỏ),
  (decision date or year).

Columns in brackets may be left out of the file; a column that is left out leaves what the database
holds unchanged, a blank cell in a column that is there empties the value.

Decision numbers restart every year (Decree 30/2020/NĐ-CP): a decision is known by its number and
the year of its date, "79/QĐ-UBND" of 2019 and "79/QĐ-UBND" of 2020 being two decisions. A row of
"Quyết định - Thủ tục" names its decision by the number alone while the number is used in one year
only (in the file and the database together); otherwise its date (or year) says which one.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.models import Agency, AgencyKind, User
from agencies.rules import Action, require
from cchc_portal.xlsx import text_cell
from dossiers.models import (
    AgencyField,
    Decision,
    DecisionAction,
    DecisionItem,
    Field,
    OnlineService,
    Procedure,
    ProcedureLevel,
)
from periods.period import Period

__all__ = [
    "ImportIssue",
    "ImportResult",
    "SheetSummary",
    "catalogue_export_workbook",
    "catalogue_import",
    "catalogue_template_workbook",
    "decision_count",
    "decision_list",
    "procedure_list",
    "procedure_states_apply",
]

# --- Workbook layout ----------------------------------------------------------------------------


def fold(text: object) -> str:
    """Lower case, no Vietnamese diacritics (đ → d), punctuation as spaces, single spaces: for matching."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped).split())


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header (Vietnamese: the province's form, whatever the interface language)
    aliases: tuple[str, ...]  # other headers accepted, already folded
    required: bool = True  # the column must be there and every row must fill it
    width: int = 18
    text: bool = False  # formatted as text in the template, so that codes keep their zeros

    def matches(self, folded: str) -> bool:
        return folded == fold(self.header) or folded in self.aliases


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    def matches(self, folded: str) -> bool:
        return folded == fold(self.title) or folded in self.aliases


FIELDS = SheetSpec(
    "fields",
    "Lĩnh vực",
    ("fields", "field", "danh muc linh vuc", "linh vuc thu tuc hanh chinh"),
    (
        Column("code", "Mã lĩnh vực", ("ma", "code", "field code", "ma linh vuc thu tuc"), width=16, text=True),
        Column("name", "Tên lĩnh vực", ("ten", "name", "field name", "field", "linh vuc"), width=50),
        Column("order", "Thứ tự", ("thu tu", "thu tu sap xep", "order", "sort order"), required=False, width=10),
    ),
)
PROCEDURES = SheetSpec(
    "procedures",
    "Thủ tục",
    ("thu tuc hanh chinh", "tthc", "procedures", "procedure", "administrative procedures", "danh muc thu tuc"),
    (
        Column("code", "Mã thủ tục", ("ma tthc", "ma", "code", "procedure code"), width=14, text=True),
        Column(
            "name", "Tên thủ tục", ("ten tthc", "ten", "name", "procedure name", "ten thu tuc hanh chinh"), width=60
        ),
        Column("field", "Mã lĩnh vực", ("linh vuc", "field", "field code"), width=16, text=True),
        Column("level", "Cấp thực hiện", ("cap giai quyet", "cap", "level"), width=14),
        Column(
            "agency",
            "Mã đơn vị giải quyết",
            (
                "ma don vi",
                "don vi giai quyet",
                "don vi",
                "ma co quan giai quyet",
                "co quan giai quyet",
                "co quan thuc hien",
                "unit",
                "unit code",
                "handling unit",
                "handling unit code",
                "agency",
                "agency code",
            ),
            required=False,
            width=20,
            text=True,
        ),
        Column(
            "days",
            "Thời hạn giải quyết (ngày)",
            (
                "thoi han giai quyet",
                "thoi han ngay",
                "thoi han",
                "so ngay",
                "processing days",
                "processing time",
                "processing time days",
                "statutory processing time",
                "statutory processing time days",
                "days",
            ),
            required=False,
            width=14,
        ),
        Column(
            "online",
            "Dịch vụ công trực tuyến",
            (
                "dvc truc tuyen",
                "dvctt",
                "truc tuyen",
                "muc do dich vu cong truc tuyen",
                "muc do dvctt",
                "online service",
                "online",
            ),
            required=False,
            width=18,
        ),
    ),
)
DECISIONS = SheetSpec(
    "decisions",
    "Quyết định",
    ("quyet dinh cong bo", "decisions", "decision"),
    (
        Column(
            "number",
            "Số quyết định",
            ("so", "so hieu", "so ky hieu", "so hieu quyet dinh", "number", "decision number"),
            width=18,
            text=True,
        ),
        Column(
            "date",
            "Ngày ban hành",
            ("ngay quyet dinh", "ngay ky", "ngay", "date", "decision date", "issued on"),
            width=14,
        ),
        Column("signer", "Người ký", ("signer", "signed by"), width=22),
        Column(
            "title",
            "Trích yếu",
            ("trich yeu noi dung", "tieu de", "ten quyet dinh", "title", "subject"),
            required=False,
            width=80,
        ),
    ),
)
ITEMS = SheetSpec(
    "items",
    "Quyết định - Thủ tục",
    ("quyet dinh tthc", "thu tuc theo quyet dinh", "decision items", "decision procedures", "decisions procedures"),
    (
        Column("decision", "Số quyết định", ("quyet dinh", "decision", "decision number"), width=18, text=True),
        Column("procedure", "Mã thủ tục", ("ma tthc", "thu tuc", "procedure", "procedure code"), width=14, text=True),
        Column("action", "Hình thức", ("hinh thuc cong bo", "thao tac", "hanh dong", "action"), width=14),
        # Last, so that workbooks made before it was added read as they did. A date or just a year.
        Column(
            "date",
            "Ngày quyết định",
            (
                "ngay ban hanh",
                "ngay ky",
                "ngay",
                "nam",
                "nam quyet dinh",
                "nam ban hanh",
                "date",
                "decision date",
                "year",
                "decision year",
            ),
            required=False,
            width=14,
        ),
    ),
)
SHEETS = (FIELDS, PROCEDURES, DECISIONS, ITEMS)
IGNORED_SHEETS = ("huong dan", "instructions", "ghi chu", "notes")
HEADER_SEARCH_ROWS = 10

# Values, folded. The first of each list is what the template and the export write.
LEVEL_WORDS = {
    ProcedureLevel.PROVINCE: ("tỉnh", "cap tinh", "province", "provincial", "provincial level"),
    ProcedureLevel.DISTRICT: ("huyện", "cap huyen", "district", "district level"),
    ProcedureLevel.COMMUNE: ("xã", "cap xa", "commune", "commune level"),
}
ONLINE_WORDS = {
    OnlineService.FULL: ("toàn trình", "dich vu cong truc tuyen toan trinh", "muc 4", "muc do 4", "full"),
    OnlineService.PARTIAL: ("một phần", "dich vu cong truc tuyen mot phan", "muc 3", "muc do 3", "partial"),
    OnlineService.NONE: ("không", "khong co", "muc 2", "muc do 2", "muc 1", "muc do 1", "none", "no"),
}
ACTION_WORDS = {
    DecisionAction.ADD: ("công bố", "cong bo moi", "ban hanh moi", "moi ban hanh", "add", "announce", "announces"),
    DecisionAction.CHANGE: ("sửa đổi", "sua doi bo sung", "thay the", "change", "amend", "amends"),
    DecisionAction.REMOVE: ("bãi bỏ", "huy bo", "remove", "abolish", "abolishes"),
}


def _lookup(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(word): value for value, options in words.items() for word in options}


LEVELS = _lookup(LEVEL_WORDS)
ONLINE = _lookup(ONLINE_WORDS)
ACTIONS = _lookup(ACTION_WORDS)


def _shown(words: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(options[0] for options in words.values())


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportIssue:
    """One thing wrong in the workbook, with where it is: sheet, Excel row number, column letter."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}
        if self.sheet and self.row and self.column:
            return _('Sheet "%(sheet)s", row %(row)s, column %(column)s: %(message)s') % where
        if self.sheet and self.row:
            return _('Sheet "%(sheet)s", row %(row)s: %(message)s') % where
        if self.sheet:
            return _('Sheet "%(sheet)s": %(message)s') % where
        return self.message


@dataclass
class SheetSummary:
    """What the import does (or would do) with one sheet: keys created, keys updated (with what changes)."""

    key: str
    sheet: str
    created: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # (key, changed attribute names)
    unchanged: int = 0

    @property
    def rows(self) -> int:
        return len(self.created) + len(self.updated) + self.unchanged

    @property
    def updated_columns(self) -> list[tuple[str, list[str]]]:
        """`updated` with each changed attribute named by its column header."""
        spec = next(s for s in SHEETS if s.key == self.key)
        headers = {c.key: c.header for c in spec.columns}
        columns = _ATTR_COLUMNS.get(self.key, {})
        return [(key, [headers.get(columns.get(a, a), a) for a in attrs]) for key, attrs in self.updated]


@dataclass
class ImportResult:
    errors: list[ImportIssue] = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)
    abolished: list[str] = field(default_factory=list)  # procedure codes that go out of force
    restored: list[str] = field(default_factory=list)  # procedure codes that come (back) into force
    dry_run: bool = False
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return sum(len(s.created) + len(s.updated) for s in self.sheets) + len(self.abolished) + len(self.restored)


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    letters: dict[str, str]


@dataclass
class _Sheet:
    spec: SheetSpec
    title: str
    present: set[str]
    rows: list[_Row]


class _Collector:
    def __init__(self) -> None:
        self.issues: list[ImportIssue] = []

    def add(self, message: str, sheet: _Sheet | str | None = None, row: _Row | int | None = None, key: str = ""):
        title = sheet.title if isinstance(sheet, _Sheet) else sheet
        number = row.number if isinstance(row, _Row) else row
        letter = row.letters.get(key) if isinstance(row, _Row) and key else None
        self.issues.append(ImportIssue(message=message, sheet=title, row=number, column=letter))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_workbook(source: str | Path | IO[bytes], out: _Collector) -> dict[str, _Sheet]:
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        out.add(_("This file is not an Excel workbook (.xlsx) that can be read."))
        return {}
    sheets: dict[str, _Sheet] = {}
    try:
        for ws in book.worksheets:
            folded = fold(ws.title)
            spec = next((s for s in SHEETS if s.matches(folded)), None)
            if spec is None:
                if folded not in IGNORED_SHEETS:
                    out.add(
                        _("this sheet is not part of the catalogue; the sheets are %(expected)s.")
                        % {"expected": ", ".join(f'"{s.title}"' for s in SHEETS)},
                        ws.title,
                    )
                continue
            if spec.key in sheets:
                out.add(
                    _('a second sheet for "%(title)s"; keep only one.') % {"title": spec.title},
                    ws.title,
                )
                continue
            sheet = _read_sheet(ws, spec, out)
            if sheet is not None:
                sheets[spec.key] = sheet
    finally:
        book.close()
    if not sheets and not out.issues:
        out.add(
            _("The workbook has none of the catalogue's sheets (%(expected)s).")
            % {"expected": ", ".join(f'"{s.title}"' for s in SHEETS)}
        )
    return sheets


def _read_sheet(ws, spec: SheetSpec, out: _Collector) -> _Sheet | None:
    rows = ws.iter_rows(values_only=True)
    header_number = 0
    positions: dict[str, int] = {}
    for number, cells in enumerate(rows, start=1):
        found: dict[str, int] = {}
        for index, value in enumerate(cells):
            if _blank(value):
                continue
            folded = fold(value)
            column = next((c for c in spec.columns if c.matches(folded)), None)
            if column is not None and column.key not in found:
                found[column.key] = index
        if len(found) >= 2:
            header_number, positions = number, found
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if not header_number:
        out.add(
            _("no header row in the first %(count)s rows; the headers are %(headers)s.")
            % {"count": HEADER_SEARCH_ROWS, "headers": ", ".join(f'"{c.header}"' for c in spec.columns)},
            ws.title,
        )
        return None
    missing = [c for c in spec.columns if c.required and c.key not in positions]
    for column in missing:
        out.add(_('column "%(header)s" is missing.') % {"header": column.header}, ws.title, header_number)
    if missing:
        return None
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}
    parsed = []
    for number, cells in enumerate(rows, start=header_number + 1):
        values = {key: (cells[index] if index < len(cells) else None) for key, index in positions.items()}
        if all(_blank(v) for v in values.values()):
            continue
        parsed.append(_Row(number, values, letters))
    return _Sheet(spec, ws.title, set(positions), parsed)


# --- Cell values --------------------------------------------------------------------------------


class _Bad(ValueError):
    pass


def _text(value: Any, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.datetime | dt.date) else " ".join(str(value).split())
    if max_length is not None and len(text) > max_length:
        raise _Bad(_("too long: at most %(max)s characters.") % {"max": max_length})
    return text


def _code(value: Any, *, max_length: int) -> str:
    # A code typed into a number cell loses its zeros (1.000890 becomes 1.00089): refuse to guess.
    if isinstance(value, float) and not value.is_integer():
        raise _Bad(
            _("%(value)s is stored as a number; format the column as text so that the code keeps its zeros.")
            % {"value": value}
        )
    if isinstance(value, float | int) and not isinstance(value, bool):
        value = int(value)
    return _text(value, max_length=max_length)


def _choice(value: Any, table: dict[str, str], message: str, choices: str) -> str:
    folded = fold(value)
    if folded not in table:
        raise _Bad(message % {"value": _text(value), "choices": choices})
    return table[folded]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError):
            converted = None
        if isinstance(converted, dt.datetime):
            return converted.date()
    elif isinstance(value, str):
        text = value.strip()
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise _Bad(_('"%(value)s" is not a date in the form dd/mm/yyyy.') % {"value": _text(value)})


YEAR_TEXT = re.compile(r"(?:nam )?(\d{4})")


def _date_or_year(value: Any) -> tuple[int, dt.date | None]:
    """A decision's date, or just its year: (year, date or None)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        if 1000 <= value <= 9999:  # a year; Excel date serials of decisions are above 30000
            return int(value), None
    elif isinstance(value, str) and (match := YEAR_TEXT.fullmatch(fold(value))):
        return int(match.group(1)), None
    try:
        date = _date(value)
    except _Bad:
        raise _Bad(
            _('"%(value)s" is neither a date in the form dd/mm/yyyy nor a year.') % {"value": _text(value)}
        ) from None
    return date.year, date


DAYS_TEXT = re.compile(r"(\d+)(?: ngay(?: lam viec)?| days?| working days?)?")


def _whole_number(value: Any, message: str) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str):
        match = DAYS_TEXT.fullmatch(fold(value))
        if match:
            return int(match.group(1))
    raise _Bad(message % {"value": _text(value)})


# --- Parsing and checking -----------------------------------------------------------------------


def _key_max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# A decision is known by its number and the year of its date: numbers restart every year.
DecisionKey = tuple[str, int]


def _decision_label(key: DecisionKey) -> str:
    """How the preview names a decision: "79/QĐ-UBND (2019)"."""
    return f"{key[0]} ({key[1]})"


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


@dataclass
class _Parsed:
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    procedures: dict[str, dict[str, Any]] = field(default_factory=dict)
    decisions: dict[DecisionKey, dict[str, Any]] = field(default_factory=dict)
    items: dict[tuple[DecisionKey, str], str] = field(default_factory=dict)  # (decision, procedure code) → action
    present: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def _cell(out: _Collector, sheet: _Sheet, row: _Row, key: str, parse, required: bool = False):
    """Parse one cell; record the problem (sheet, row, column) and return None when it is wrong."""
    value = row.values.get(key)
    if _blank(value):
        if required:
            out.add(_("a value is required here."), sheet, row, key)
        return None
    try:
        return parse(value)
    except _Bad as exc:
        out.add(str(exc), sheet, row, key)
        return None


def _check_unique(out, sheet, row, key: str, value: str, seen: dict[str, int], message: str) -> bool:
    if value in seen:
        out.add(message % {"value": value, "row": seen[value]}, sheet, row, key)
        return False
    seen[value] = row.number
    return True


def _parse(sheets: dict[str, _Sheet], out: _Collector) -> _Parsed:
    parsed = _Parsed()
    for key, sheet in sheets.items():
        parsed.present[key] = sheet.present
        parsed.titles[key] = sheet.title
    duplicate = _('"%(value)s" already appears in row %(row)s.')

    if sheet := sheets.get("fields"):
        seen: dict[str, int] = {}
        for row in sheet.rows:
            code = _cell(out, sheet, row, "code", lambda v: _code(v, max_length=_key_max(Field, "code")), True)
            name = _cell(out, sheet, row, "name", lambda v: _text(v, max_length=_key_max(Field, "name")), True)
            order = _cell(out, sheet, row, "order", lambda v: _whole_number(v, _('"%(value)s" is not a whole number.')))
            if code and _check_unique(out, sheet, row, "code", code, seen, duplicate) and name:
                parsed.fields[code] = {"name": name, "sort_order": order or 0}

    # A field whose own row is wrong is reported there, not again in every procedure of it.
    known_fields = set(Field.objects.values_list("code", flat=True)) | set(_keys(sheets.get("fields"), "code"))
    if sheet := sheets.get("procedures"):
        seen = {}
        wanted_units = {_text(row.values.get("agency")) for row in sheet.rows if not _blank(row.values.get("agency"))}
        units = dict(Agency.objects.filter(code__in=wanted_units).values_list("code", "pk"))
        for row in sheet.rows:
            ok = True
            code = _cell(out, sheet, row, "code", lambda v: _code(v, max_length=_key_max(Procedure, "code")), True)
            if code and not _check_unique(out, sheet, row, "code", code, seen, duplicate):
                ok = False
            name = _cell(out, sheet, row, "name", _text, True)
            field_code = _cell(out, sheet, row, "field", lambda v: _code(v, max_length=_key_max(Field, "code")), True)
            if field_code and field_code not in known_fields:
                out.add(_('there is no field with code "%(code)s".') % {"code": field_code}, sheet, row, "field")
                ok = False
            level = _cell(
                out,
                sheet,
                row,
                "level",
                lambda v: _choice(v, LEVELS, _('level "%(value)s" is not one of: %(choices)s.'), _shown(LEVEL_WORDS)),
                True,
            )
            unit_code = _cell(out, sheet, row, "agency", lambda v: _code(v, max_length=_key_max(Agency, "code")))
            if unit_code and unit_code not in units:
                out.add(_('there is no unit with code "%(code)s".') % {"code": unit_code}, sheet, row, "agency")
                ok = False
            days = _cell(
                out,
                sheet,
                row,
                "days",
                lambda v: _whole_number(v, _('processing time "%(value)s" is not a whole number of days.')),
            )
            online = _cell(
                out,
                sheet,
                row,
                "online",
                lambda v: _choice(
                    v, ONLINE, _('online service "%(value)s" is not one of: %(choices)s.'), _shown(ONLINE_WORDS)
                ),
            )
            if ok and code and name and field_code and level:
                parsed.procedures[code] = {
                    "name": name,
                    "field": field_code,
                    "level": level,
                    "agency": units.get(unit_code) if unit_code else None,
                    "processing_days": days,
                    "online_service": online or OnlineService.NONE,
                }

    if sheet := sheets.get("decisions"):
        seen_decisions: dict[DecisionKey, int] = {}
        for row in sheet.rows:
            number = _cell(out, sheet, row, "number", lambda v: _code(v, max_length=_key_max(Decision, "number")), True)
            date = _cell(out, sheet, row, "date", _date, True)
            signer = _cell(out, sheet, row, "signer", lambda v: _text(v, max_length=_key_max(Decision, "signer")), True)
            title = _cell(out, sheet, row, "title", _text)
            if not (number and date):
                continue
            key = (number, date.year)
            if key in seen_decisions:
                # The same number in another year is another decision; in the same year, a repeat.
                out.add(
                    _('decision "%(number)s" of %(year)s already appears in row %(row)s.')
                    % {"number": number, "year": date.year, "row": seen_decisions[key]},
                    sheet,
                    row,
                    "number",
                )
                continue
            seen_decisions[key] = row.number
            if signer:
                parsed.decisions[key] = {"date": date, "signer": signer, "title": title or ""}

    if sheet := sheets.get("items"):
        seen_items: dict[tuple[DecisionKey, str], int] = {}
        numbers = {_text(r.values.get("decision")) for r in sheet.rows}
        codes = {_text(r.values.get("procedure")) for r in sheet.rows}
        # Each number's dates by year, in the database and in the file. The file's date is the one
        # the decision will have after the import.
        dates: dict[str, dict[int, dt.date]] = {}
        for number, date in Decision.objects.filter(number__in=numbers).values_list("number", "date"):
            dates.setdefault(number, {})[date.year] = date
        # A decision or procedure whose own row was wrong is reported there, not again here.
        in_file_decisions, undated_in_file = _decision_keys(sheets.get("decisions"))
        for (number, year), date in in_file_decisions.items():
            dates.setdefault(number, {})[year] = date
        known_procedures = set(Procedure.objects.filter(code__in=codes).values_list("code", flat=True))
        in_file_procedures = set(_keys(sheets.get("procedures"), "code"))
        date_header = next(c.header for c in ITEMS.columns if c.key == "date")
        for row in sheet.rows:
            number = _cell(
                out, sheet, row, "decision", lambda v: _code(v, max_length=_key_max(Decision, "number")), True
            )
            given = _cell(out, sheet, row, "date", _date_or_year)
            code = _cell(out, sheet, row, "procedure", lambda v: _code(v, max_length=_key_max(Procedure, "code")), True)
            action = _cell(
                out,
                sheet,
                row,
                "action",
                lambda v: _choice(
                    v, ACTIONS, _('action "%(value)s" is not one of: %(choices)s.'), _shown(ACTION_WORDS)
                ),
                True,
            )
            ok = True
            key = None
            if given is None and not _blank(row.values.get("date")):
                ok = False  # the date is wrong, reported in its cell; an unknown number still is too
                if number and number not in dates and number not in undated_in_file:
                    out.add(_no_decision(number), sheet, row, "decision")
            elif number:
                key = _decision_of(out, sheet, row, number, given, dates.get(number, {}), undated_in_file, date_header)
                ok = key is not None
            if code and code not in known_procedures and code not in in_file_procedures:
                out.add(_('there is no procedure with code "%(code)s".') % {"code": code}, sheet, row, "procedure")
                ok = False
            if key and code:
                if (key, code) in seen_items:
                    out.add(
                        _('decision "%(number)s" already lists procedure "%(code)s" in row %(row)s.')
                        % {"number": number, "code": code, "row": seen_items[(key, code)]},
                        sheet,
                        row,
                        "procedure",
                    )
                    ok = False
                else:
                    seen_items[(key, code)] = row.number
            if ok and key and code and action:
                parsed.items[(key, code)] = action
    return parsed


def _no_decision(number: str) -> str:
    return _('there is no decision numbered "%(number)s".') % {"number": number}


def _decision_of(
    out: _Collector,
    sheet: _Sheet,
    row: _Row,
    number: str,
    given: tuple[int, dt.date | None] | None,
    dates: dict[int, dt.date],
    undated_in_file: set[str],
    date_header: str,
) -> DecisionKey | None:
    """The decision a row of "Quyết định - Thủ tục" means: its number, and its date or year when the
    number is used in more than one year. None, with the problem recorded, when there is none."""
    # Where to point for a missing or wrong date: its column if the sheet has one, else the number's.
    where = "date" if "date" in sheet.present else "decision"
    if given is None:
        if len(dates) == 1:
            return number, next(iter(dates))
        if len(dates) > 1:
            out.add(
                _(
                    'decision number "%(number)s" is used in %(years)s; give the date of the decision meant '
                    'in column "%(header)s".'
                )
                % {"number": number, "years": _years(dates), "header": date_header},
                sheet,
                row,
                where,
            )
        elif number not in undated_in_file:
            out.add(_no_decision(number), sheet, row, "decision")
        return None
    year, date = given
    if year not in dates:
        if not dates and number not in undated_in_file:
            out.add(_no_decision(number), sheet, row, "decision")
        elif number not in undated_in_file:
            out.add(
                _('there is no decision numbered "%(number)s" in %(year)s; that number is used in %(years)s.')
                % {"number": number, "year": year, "years": _years(dates)},
                sheet,
                row,
                "date",
            )
        return None
    if date is not None and date != dates[year]:
        out.add(
            _('decision "%(number)s" of %(year)s is dated %(date)s, not %(value)s.')
            % {"number": number, "year": year, "date": _text(dates[year]), "value": _text(date)},
            sheet,
            row,
            "date",
        )
        return None
    return number, year


def _decision_keys(sheet: _Sheet | None) -> tuple[dict[DecisionKey, dt.date], set[str]]:
    """The decisions a sheet names, read leniently: (number, year) → date, and the numbers of rows
    whose date cannot be read (for telling "unknown" from "wrong in its own row")."""
    keys: dict[DecisionKey, dt.date] = {}
    undated: set[str] = set()
    if sheet is None:
        return keys, undated
    for row in sheet.rows:
        try:
            number = _code(row.values.get("number"), max_length=10_000)
        except _Bad:
            continue
        try:
            date = _date(row.values.get("date"))
        except _Bad:
            undated.add(number)
            continue
        keys.setdefault((number, date.year), date)
    return keys, undated


def _keys(sheet: _Sheet | None, key: str) -> list[str]:
    """The keys a sheet names, read leniently (for telling "unknown" from "wrong in its own row")."""
    if sheet is None:
        return []
    keys = []
    for row in sheet.rows:
        try:
            keys.append(_code(row.values.get(key), max_length=10_000))
        except _Bad:
            continue
    return keys


# --- Planning and applying ----------------------------------------------------------------------


FIELD_ATTRS = {"name": "name", "sort_order": "order"}
PROCEDURE_ATTRS = {
    "name": "name",
    "field": "field",
    "level": "level",
    "agency": "agency",
    "processing_days": "days",
    "online_service": "online",
}
DECISION_ATTRS = {"date": "date", "signer": "signer", "title": "title"}
_ATTR_COLUMNS = {"fields": FIELD_ATTRS, "procedures": PROCEDURE_ATTRS, "decisions": DECISION_ATTRS}


def _diff(obj: dict[str, Any], wanted: dict[str, Any], attrs: dict[str, str], present: set[str]) -> list[str]:
    """Names of the attributes whose columns are in the file and whose values differ."""
    return [attr for attr, column in attrs.items() if column in present and obj[attr] != wanted[attr]]


def _states(events: Iterable[tuple[str, dt.date, str, str]]) -> dict[str, bool]:
    """In force or not, per procedure, from (procedure, decision date, decision number, action) taken in
    date order: the last announcing or abolishing decision wins; an amendment changes nothing."""
    state: dict[str, bool] = {}
    for procedure, _date, _number, action in sorted(events, key=lambda e: (e[1], e[2])):
        if action == DecisionAction.ADD:
            state[procedure] = True
        elif action == DecisionAction.REMOVE:
            state[procedure] = False
    return state


@transaction.atomic
def procedure_states_apply(*, procedure_ids: Iterable[int] | None = None) -> tuple[list[str], list[str]]:
    """Set `is_active` of the procedures (all when None) from their decisions. Returns the codes
    that went out of force and those that came into force."""
    items = DecisionItem.objects.filter(action__in=[DecisionAction.ADD, DecisionAction.REMOVE])
    procedures = Procedure.objects.all()
    if procedure_ids is not None:
        ids = list(procedure_ids)
        items = items.filter(procedure_id__in=ids)
        procedures = procedures.filter(pk__in=ids)
    states = _states(items.values_list("procedure_id", "decision__date", "decision__number", "action"))
    abolished, restored, changed = [], [], []
    for procedure in procedures.filter(pk__in=list(states)).only("pk", "code", "is_active"):
        wanted = states[procedure.pk]
        if procedure.is_active != wanted:
            procedure.is_active = wanted
            changed.append(procedure)
            (restored if wanted else abolished).append(procedure.code)
    Procedure.objects.bulk_update(changed, ["is_active"])
    return sorted(abolished), sorted(restored)


def _plan(parsed: _Parsed, result: ImportResult) -> dict[str, Any]:
    """Compare the file with the database: what is created, what is updated and how."""
    plan: dict[str, Any] = {}
    field_rows = {
        f["code"]: f
        for f in Field.objects.filter(code__in=list(parsed.fields)).values("pk", "code", "name", "sort_order")
    }
    summary = SheetSummary("fields", parsed.titles.get("fields", FIELDS.title))
    for code, wanted in parsed.fields.items():
        current = field_rows.get(code)
        if current is None:
            summary.created.append(code)
        elif changes := _diff(current, wanted, FIELD_ATTRS, parsed.present["fields"]):
            summary.updated.append((code, changes))
        else:
            summary.unchanged += 1
    if "fields" in parsed.present:
        result.sheets.append(summary)
    plan["fields"] = (field_rows, summary)

    procedure_rows = {
        p["code"]: p
        for p in Procedure.objects.filter(code__in=list(parsed.procedures)).values(
            "pk", "code", "name", "field__code", "level", "agency_id", "processing_days", "online_service", "is_active"
        )
    }
    for p in procedure_rows.values():
        p["field"], p["agency"] = p.pop("field__code"), p.pop("agency_id")
    summary = SheetSummary("procedures", parsed.titles.get("procedures", PROCEDURES.title))
    for code, wanted in parsed.procedures.items():
        current = procedure_rows.get(code)
        if current is None:
            summary.created.append(code)
        elif changes := _diff(current, wanted, PROCEDURE_ATTRS, parsed.present["procedures"]):
            summary.updated.append((code, changes))
        else:
            summary.unchanged += 1
    if "procedures" in parsed.present:
        result.sheets.append(summary)
    plan["procedures"] = (procedure_rows, summary)

    # The same number may be there in several years: keep the decision of the same number and year.
    decision_rows = {
        (d["number"], d["date"].year): d
        for d in Decision.objects.filter(number__in={n for n, _y in parsed.decisions}).values(
            "pk", "number", "date", "signer", "title"
        )
    }
    summary = SheetSummary("decisions", parsed.titles.get("decisions", DECISIONS.title))
    created: list[DecisionKey] = []
    updated: list[DecisionKey] = []
    for key, wanted in parsed.decisions.items():
        current = decision_rows.get(key)
        if current is None:
            created.append(key)
            summary.created.append(_decision_label(key))
        elif changes := _diff(current, wanted, DECISION_ATTRS, parsed.present["decisions"]):
            updated.append(key)
            summary.updated.append((_decision_label(key), changes))
        else:
            summary.unchanged += 1
    if "decisions" in parsed.present:
        result.sheets.append(summary)
    plan["decisions"] = (decision_rows, summary, created, updated)

    # Decision items, and what they do to whether each procedure touched is in force: the procedures
    # the file lists under a decision, and those of decisions whose date the file changes.
    redated = [
        decision_rows[key]["pk"]
        for key, (_label, changes) in zip(updated, summary.updated, strict=True)
        if "date" in changes
    ]
    touched = {code for _key, code in parsed.items} | set(
        DecisionItem.objects.filter(decision_id__in=redated).values_list("procedure__code", flat=True)
    )
    plan["touched"] = touched
    stored = [
        ((number, date.year), code, date, action)
        for number, code, date, action in DecisionItem.objects.filter(procedure__code__in=touched).values_list(
            "decision__number", "procedure__code", "decision__date", "action"
        )
    ]
    stored_actions = {(key, code): action for key, code, _date, action in stored}
    summary = SheetSummary("items", parsed.titles.get("items", ITEMS.title))
    for pair, action in parsed.items.items():
        label = f"{_decision_label(pair[0])} · {pair[1]}"
        if pair not in stored_actions:
            summary.created.append(label)
        elif stored_actions[pair] != action:
            summary.updated.append((label, ["action"]))
        else:
            summary.unchanged += 1
    if "items" in parsed.present:
        result.sheets.append(summary)
    plan["items"] = summary

    # Dates as they will be after the import: the file's where it gives them, else the database's.
    decision_dates = {key: date for key, _code, date, _action in stored}
    decision_dates.update(
        ((number, date.year), date)
        for number, date in Decision.objects.filter(number__in={n for (n, _y), _c in parsed.items}).values_list(
            "number", "date"
        )
    )
    decision_dates.update({key: d["date"] for key, d in parsed.decisions.items()})
    events = {(key, code): action for key, code, _date, action in stored}
    events.update(parsed.items)
    states = _states((code, decision_dates[key], key[0], action) for (key, code), action in events.items())
    current_states = dict(Procedure.objects.filter(code__in=touched).values_list("code", "is_active"))
    for code, active in states.items():
        if active != current_states.get(code, True):
            (result.restored if active else result.abolished).append(code)
    result.abolished.sort()
    result.restored.sort()
    return plan


def _apply(parsed: _Parsed, plan: dict[str, Any]) -> None:
    field_rows, field_summary = plan["fields"]
    new_fields = [
        Field(code=code, name=parsed.fields[code]["name"], sort_order=parsed.fields[code]["sort_order"])
        for code in field_summary.created
    ]
    Field.objects.bulk_create(new_fields)
    changed = [
        Field(pk=field_rows[code]["pk"], code=code, **{a: parsed.fields[code][a] for a in FIELD_ATTRS})
        for code, _changes in field_summary.updated
    ]
    _bulk_update(Field, changed, {a for _c, attrs in field_summary.updated for a in attrs})

    field_ids = dict(
        Field.objects.filter(code__in={p["field"] for p in parsed.procedures.values()}).values_list("code", "pk")
    )
    procedure_rows, procedure_summary = plan["procedures"]

    def procedure(code: str, pk: int | None = None) -> Procedure:
        wanted = parsed.procedures[code]
        return Procedure(
            pk=pk,
            code=code,
            name=wanted["name"],
            field_id=field_ids[wanted["field"]],
            level=wanted["level"],
            agency_id=wanted["agency"],
            processing_days=wanted["processing_days"],
            online_service=wanted["online_service"],
        )

    Procedure.objects.bulk_create([procedure(code) for code in procedure_summary.created])
    attrs = {a for _c, changes in procedure_summary.updated for a in changes}
    _bulk_update(
        Procedure,
        [procedure(code, procedure_rows[code]["pk"]) for code, _changes in procedure_summary.updated],
        {"field_id" if a == "field" else "agency_id" if a == "agency" else a for a in attrs},
    )

    decision_rows, decision_summary, created, updated = plan["decisions"]

    def decision(key: DecisionKey, pk: int | None = None) -> Decision:
        wanted = parsed.decisions[key]
        return Decision(pk=pk, number=key[0], date=wanted["date"], signer=wanted["signer"], title=wanted["title"])

    Decision.objects.bulk_create([decision(key) for key in created])
    _bulk_update(
        Decision,
        [decision(key, decision_rows[key]["pk"]) for key in updated],
        {a for _label, changes in decision_summary.updated for a in changes},
    )

    decision_ids = {
        (number, date.year): pk
        for number, date, pk in Decision.objects.filter(number__in={n for (n, _y), _c in parsed.items}).values_list(
            "number", "date", "pk"
        )
    }
    procedure_ids = dict(Procedure.objects.filter(code__in=plan["touched"]).values_list("code", "pk"))
    stored = {
        (item.decision_id, item.procedure_id): item
        for item in DecisionItem.objects.filter(procedure_id__in=procedure_ids.values())
    }
    new_items, changed_items = [], []
    for (decision_key, code), action in parsed.items.items():
        key = (decision_ids[decision_key], procedure_ids[code])
        item = stored.get(key)
        if item is None:
            new_items.append(DecisionItem(decision_id=key[0], procedure_id=key[1], action=action))
        elif item.action != action:
            item.action = action
            changed_items.append(item)
    DecisionItem.objects.bulk_create(new_items)
    DecisionItem.objects.bulk_update(changed_items, ["action"])
    if procedure_ids:
        procedure_states_apply(procedure_ids=procedure_ids.values())


def _bulk_update(model, objects: list, attrs: set[str]) -> None:
    if objects and attrs:
        model.objects.bulk_update(objects, sorted(attrs))


@transaction.atomic
def catalogue_import(*, workbook_path_or_file: str | Path | IO[bytes], by: User, dry_run: bool = False) -> ImportResult:
    """Import fields, procedures, decisions and decision items from a workbook. All or nothing.

    Every problem is listed with its sheet, row and column; when there is one, nothing is saved.
    Re-importing the same file changes nothing (keys: field and procedure codes, decision numbers with
    the year of their dates).
    With `dry_run` the result says what would be created, updated, abolished or restored.
    """
    require(by, Action.ADMIN_MANAGE)
    result = ImportResult(dry_run=dry_run)
    out = _Collector()
    sheets = _read_workbook(workbook_path_or_file, out)
    if out.issues:
        # The layout is wrong (unreadable file, unknown sheet, missing column): fix it before the rows.
        result.errors = out.issues
        return result
    parsed = _parse(sheets, out)
    if out.issues:
        result.errors = out.issues
        return result
    plan = _plan(parsed, result)
    if dry_run:
        return result
    try:
        with transaction.atomic():
            _apply(parsed, plan)
    except IntegrityError:
        result.errors = [
            ImportIssue(
                _("The catalogue changed while this file was being imported; nothing was saved. Import it again.")
            )
        ]
        return result
    result.saved = True
    return result


# --- Workbooks out ------------------------------------------------------------------------------


HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _instructions() -> list[str]:
    return [
        _("Catalogue of administrative procedures: import workbook"),
        "",
        _("Fill in the four sheets; keep the header row. Columns may be in any order."),
        _("Codes, numbers and names are matched exactly; re-importing the same file changes nothing."),
        _("Level: %(choices)s.") % {"choices": _shown(LEVEL_WORDS)},
        _("Online service: %(choices)s.") % {"choices": _shown(ONLINE_WORDS)},
        _("Action of a decision on a procedure: %(choices)s.") % {"choices": _shown(ACTION_WORDS)},
        _(
            "Decision numbers restart every year: a decision is known by its number and the year of its date. "
            'In the sheet "%(sheet)s", fill in "%(column)s" (the date, or just the year) when the same number '
            "is used in more than one year."
        )
        % {"sheet": ITEMS.title, "column": next(c.header for c in ITEMS.columns if c.key == "date")},
        _(
            "Dates: dd/mm/yyyy. Handling unit: the unit code (for example HG-STP); leave it empty when each "
            "district or commune handles the procedure."
        ),
        _("If anything is wrong, nothing is saved and every error is listed with its sheet, row and column."),
    ]


def catalogue_template_workbook() -> bytes:
    """An empty workbook in the import layout: a sheet of instructions and the four catalogue sheets."""
    book = Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    for line in _instructions():
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110
    validations = {
        "level": '"{}"'.format(",".join(o[0] for o in LEVEL_WORDS.values())),
        "online": '"{}"'.format(",".join(o[0] for o in ONLINE_WORDS.values())),
        "action": '"{}"'.format(",".join(o[0] for o in ACTION_WORDS.values())),
    }
    for spec in SHEETS:
        ws = book.create_sheet(spec.title)
        ws.append([c.header for c in spec.columns])
        for index, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            cell = ws.cell(row=1, column=index)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            ws.column_dimensions[letter].width = column.width
            rows = f"{letter}2:{letter}5000"
            if column.text:
                for row in ws.iter_rows(min_row=2, max_row=200, min_col=index, max_col=index):
                    row[0].number_format = "@"
            if column.key == "date":
                for row in ws.iter_rows(min_row=2, max_row=200, min_col=index, max_col=index):
                    row[0].number_format = "DD/MM/YYYY"
            if column.key in validations:
                rule = DataValidation(type="list", formula1=validations[column.key], allow_blank=True)
                rule.add(rows)
                ws.add_data_validation(rule)
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(ws, value: Any, number_format: str | None = None) -> WriteOnlyCell:
    """A cell whose text stays text: a name beginning with "=" is not turned into a formula."""
    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    if number_format:
        cell.number_format = number_format
    return cell


def catalogue_export_workbook() -> bytes:
    """The whole catalogue in the import layout (edit it and import it back). Streams rows."""
    book = Workbook(write_only=True)
    level_word = {value: options[0] for value, options in LEVEL_WORDS.items()}
    online_word = {value: options[0] for value, options in ONLINE_WORDS.items()}
    action_word = {value: options[0] for value, options in ACTION_WORDS.items()}
    data = {
        "fields": ([f.code, f.name, f.sort_order] for f in Field.objects.order_by("sort_order", "name").iterator()),
        "procedures": (
            [
                p.code,
                p.name,
                p.field.code,
                level_word[p.level],
                p.agency.code if p.agency else None,
                p.processing_days,
                online_word[p.online_service],
            ]
            for p in Procedure.objects.select_related("field", "agency").order_by("code").iterator(chunk_size=2000)
        ),
        "decisions": (
            [d.number, d.date, d.signer, d.title] for d in Decision.objects.order_by("date", "number").iterator()
        ),
        # With each decision's date: a number may be used in several years.
        "items": (
            [number, code, action_word[action], date]
            for number, code, action, date in DecisionItem.objects.order_by(
                "decision__date", "decision__number", "procedure__code"
            )
            .values_list("decision__number", "procedure__code", "action", "decision__date")
            .iterator(chunk_size=2000)
        ),
    }
    for spec in SHEETS:
        ws = book.create_sheet(spec.title)
        for index, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        ws.append([_safe(ws, c.header) for c in spec.columns])
        for values in data[spec.key]:
            ws.append([_safe(ws, value, "DD/MM/YYYY" if isinstance(value, dt.date) else None) for value in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reads for the pages ------------------------------------------------------------------------


def decision_list(*, period: Period | None, action: str | None = None) -> QuerySet[Decision]:
    """Decisions dated inside the period's data window (all when None), newest first, each with
    `add_count`, `change_count` and `remove_count`; with `action`, only those that have an item of it."""
    decisions = _decisions_in(period=period, action=action)
    return decisions.annotate(
        add_count=Count("items", filter=Q(items__action=DecisionAction.ADD)),
        change_count=Count("items", filter=Q(items__action=DecisionAction.CHANGE)),
        remove_count=Count("items", filter=Q(items__action=DecisionAction.REMOVE)),
    ).order_by("-date", "-pk")


def decision_count(*, period: Period | None, action: str | None = None) -> int:
    """How many decisions `decision_list` gives: with action "add", the announcing decisions."""
    return _decisions_in(period=period, action=action).count()


def _decisions_in(*, period: Period | None, action: str | None) -> QuerySet[Decision]:
    decisions = Decision.objects.all()
    if period is not None:
        decisions = decisions.filter(date__range=period.window())
    if action:
        decisions = decisions.filter(Exists(DecisionItem.objects.filter(decision=OuterRef("pk"), action=action)))
    return decisions


# Which level of procedures a unit handles when the procedure names no unit (each district, each commune).
LEVEL_OF_KIND = {
    AgencyKind.PROVINCE: ProcedureLevel.PROVINCE,
    AgencyKind.DEPARTMENT: ProcedureLevel.PROVINCE,
    AgencyKind.DISTRICT: ProcedureLevel.DISTRICT,
    AgencyKind.PAC: ProcedureLevel.DISTRICT,
    AgencyKind.COMMUNE: ProcedureLevel.COMMUNE,
}


def procedure_list(
    *,
    field: Field | int | None = None,
    level: str | None = None,
    agency: Agency | None = None,
    online_service: str | None = None,
    q: str = "",
    active: bool | None = None,
) -> QuerySet[Procedure]:
    """Procedures with their field and handling unit loaded.

    `agency`: the procedures the unit handles: those naming it, and those of its level that name no
    unit in the fields it handles (a district handles the district-level procedures of its fields;
    a public-administration centre receives its district's).
    """
    procedures = Procedure.objects.select_related("field", "agency")
    if field is not None:
        procedures = procedures.filter(field=field)
    if level:
        procedures = procedures.filter(level=level)
    if agency is not None:
        handler = agency.parent if agency.kind == AgencyKind.PAC and agency.parent_id else agency
        procedures = procedures.filter(
            Q(agency=agency)
            | Q(
                agency__isnull=True,
                level=LEVEL_OF_KIND[handler.kind],
                field__in=AgencyField.objects.filter(agency=handler).values("field_id"),
            )
        )
    if online_service:
        procedures = procedures.filter(online_service=online_service)
    if q := (q or "").strip():
        procedures = procedures.filter(Q(code__icontains=q) | Q(name__icontains=q))
    if active is not None:
        procedures = procedures.filter(is_active=active)
    return procedures.order_by("field__sort_order", "field__name", "code")
