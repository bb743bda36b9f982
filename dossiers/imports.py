"""Reading a unit's dossier report back from a workbook in the layout of our own export
(dossiers.exports). All or nothing: every problem is listed with its sheet, row and column,
and nothing is saved unless there is none. Checking uses dossiers.validation, as the page does."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from agencies.models import Agency
from dossiers import validation
from dossiers.exports import DATA_KEYS, TOTAL_LABEL
from dossiers.models import DossierReport, Field
from periods.period import Period, PeriodKind, PeriodParseError

CODE_RE = re.compile(r"\[([^\]]+)\]\s*$")
PERIOD_RE = re.compile(r"Kỳ báo cáo:\s*(.+?)\s*\(([^)]+)\)")
TOTAL_KEYS = ("received_total", "resolved_total", "pending_total")
NOTE_RE = re.compile(
    r"^- (?P<label>.+?): (?:trong cột \(9\) có (?P<returned>[\d.]+) hồ sơ trả lại, (?P<withdrawn>[\d.]+) hồ sơ rút)?"
    r"(?:; )?(?:trong cột \(12\) có (?P<awaiting>[\d.]+) hồ sơ chờ bổ sung)?\.$"
)


def fold(text: str) -> str:
    """Compare names without case, diacritics or extra spaces."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


@dataclasses.dataclass
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = _("Sheet “%(sheet)s”") % {"sheet": self.sheet}
        if self.row:
            where += ", " + _("row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclasses.dataclass
class ParsedReport:
    agency: Agency | None = None
    period: Period | None = None
    values: dict[int, dict[str, int]] = dataclasses.field(default_factory=dict)  # field id -> column -> value
    fields: dict[int, Field] = dataclasses.field(default_factory=dict)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_report_workbook(
    file: BinaryIO | str, *, agency: Agency | None = None, period: Period | None = None
) -> ParsedReport:
    """Parse and check a report workbook. `agency`/`period` (from the page) must match the file's.
    The rows expected are the report's own when it exists (its fields were fixed when it was
    created), else the fields the unit handles now."""
    result = ParsedReport()
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises, the file is not a workbook
        result.problems.append(Problem("-", None, None, _("The file is not an Excel workbook (.xlsx).")))
        return result
    ws = wb.worksheets[0]
    sheet = ws.title
    rows = list(ws.iter_rows(values_only=True))
    wb.close()

    header = {}
    for number, row in enumerate(rows[:10], start=1):
        text = str(row[0]) if row and row[0] is not None else ""
        if text.startswith("Kỳ báo cáo:"):
            header["period"] = (number, text)
        elif text.startswith("Đơn vị báo cáo:"):
            header["agency"] = (number, text)
    # The unit: "Đơn vị báo cáo: <name> [<code>]".
    if "agency" not in header:
        result.problems.append(Problem(sheet, None, "A", _("The line “Đơn vị báo cáo: …” naming the unit is missing.")))
    else:
        number, text = header["agency"]
        match = CODE_RE.search(text)
        found = Agency.objects.filter(code=match.group(1)).first() if match else None
        if found is None:
            result.problems.append(Problem(sheet, number, "A", _("No unit is named by “%(text)s”.") % {"text": text}))
        elif agency is not None and found != agency:
            result.problems.append(
                Problem(
                    sheet,
                    number,
                    "A",
                    _("This workbook is %(found)s's report, not %(unit)s's.") % {"found": found, "unit": agency},
                )
            )
        else:
            result.agency = found
    if "period" not in header:
        result.problems.append(Problem(sheet, None, "A", _("The line “Kỳ báo cáo: …” naming the quarter is missing.")))
    else:
        number, text = header["period"]
        match = PERIOD_RE.search(text)
        try:
            found_period = Period.parse(match.group(2)) if match else None
        except PeriodParseError:
            found_period = None
        if found_period is None or found_period.kind != PeriodKind.QUARTER:
            result.problems.append(
                Problem(sheet, number, "A", _("No quarter is named by “%(text)s”.") % {"text": text})
            )
        elif period is not None and found_period != period:
            result.problems.append(
                Problem(
                    sheet,
                    number,
                    "A",
                    _("This workbook is for %(found)s, not %(period)s.")
                    % {"found": found_period.label, "period": period.label},
                )
            )
        else:
            result.period = found_period
    if result.agency is None or result.period is None:
        return result

    existing = DossierReport.objects.filter(agency=result.agency, period=result.period.code).first()
    field_qs = (
        Field.objects.filter(pk__in=existing.rows.values("field_id"))
        if existing is not None
        else Field.objects.filter(agency_links__agency=result.agency)
    )
    fields = {fold(f.name): f for f in field_qs}
    # The numbered row "(1) … (13)" ends the headers.
    start = (
        next(
            (
                i
                for i, row in enumerate(rows)
                if row
                and str(row[0] or "").strip() == "(1)"
                and str((list(row) + [None] * 13)[12] or "").strip() == "(13)"
            ),
            None,
        )
        if rows
        else None
    )
    if start is None:
        result.problems.append(Problem(sheet, None, None, _("The numbered header row (1) … (13) is missing.")))
        return result
    seen: dict[int, int] = {}
    notes_from = None
    for index in range(start + 1, len(rows)):
        row = list(rows[index]) + [None] * 13
        number = index + 1
        label = row[1]
        if all(v in (None, "") for v in row[:13]):
            continue
        if str(label or "").strip() == TOTAL_LABEL:
            notes_from = index + 1
            break
        field = fields.get(fold(label))
        if field is None:
            result.problems.append(
                Problem(sheet, number, "B", _("“%(name)s” is not one of this unit's fields.") % {"name": label or ""})
            )
            continue
        if field.pk in seen:
            result.problems.append(
                Problem(
                    sheet,
                    number,
                    "B",
                    _("“%(name)s” appears twice (also row %(row)s).") % {"name": label, "row": seen[field.pk]},
                )
            )
            continue
        seen[field.pk] = number
        raw = dict(zip(DATA_KEYS, row[2:13], strict=True))
        values, issues = validation.clean_row({k: v for k, v in raw.items() if k in validation.VALUE_KEYS}, row=number)
        if not issues:
            issues = validation.check_totals(values, {k: raw[k] for k in TOTAL_KEYS}, row=number)
        for issue in issues:
            result.problems.append(Problem(sheet, number, _column_letter(issue.column), issue.message))
        result.values[field.pk] = values
        result.fields[field.pk] = field
    for field in fields.values():
        if field.pk not in seen:
            result.problems.append(
                Problem(sheet, None, "B", _("The row for “%(name)s” is missing.") % {"name": field.name})
            )
    if notes_from is not None:
        _read_notes(rows[notes_from:], notes_from, sheet, fields, result)
    return result


def _column_letter(key: str) -> str | None:
    if key in DATA_KEYS:
        return get_column_letter(DATA_KEYS.index(key) + 3)
    return None


def _read_notes(rows, offset: int, sheet: str, fields: dict[str, Field], result: ParsedReport) -> None:
    """The "of which" counts come back from the notes under the table."""
    for i, row in enumerate(rows):
        text = str((row[1] if len(row) > 1 else None) or "").strip()
        match = NOTE_RE.match(text)
        if not match:
            continue
        field = fields.get(fold(match.group("label")))
        if field is None or field.pk not in result.values:
            continue
        values = result.values[field.pk]
        for key, group in (("returned", "returned"), ("withdrawn", "withdrawn"), ("awaiting_supplement", "awaiting")):
            if match.group(group):
                values[key] = int(match.group(group).replace(".", ""))
        _values, issues = validation.clean_row(values, row=offset + i + 1)
        for issue in issues:
            result.problems.append(Problem(sheet, offset + i + 1, "B", issue.message))
