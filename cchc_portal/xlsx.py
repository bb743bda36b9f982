"""What every workbook the portal writes shares: text that stays text, and the download response.

openpyxl turns a string beginning with "=" into a formula; a field, unit or task named
"=HYPERLINK(...)" must reach Excel as the text it is (formula injection)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(ws, value: str, **style: Any) -> WriteOnlyCell:
    """A cell that is text whatever it starts with; `style` sets font, alignment, border, fill..."""
    cell = WriteOnlyCell(ws, value=str(value))
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # Excel shows it as typed and does not evaluate it when edited
    for name, val in style.items():
        setattr(cell, name, val)
    return cell


def safe(ws, value: Any) -> Any:
    """Text as a text cell; numbers, dates and cells as they are."""
    if isinstance(value, str | Promise):
        return text_cell(ws, value)
    return value


def safe_row(ws, values: list[Any]) -> list[Any]:
    return [safe(ws, value) for value in values]


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
