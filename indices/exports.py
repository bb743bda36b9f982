"""Workbooks: an index's history for our province, and a year's whole table (`export_index_table`).

openpyxl in write-only mode. Text that a spreadsheet could take for a formula (a province or a label
starting with = + - @) is written as an explicit string cell with Excel's quote prefix, so it stays text.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from cchc_portal import xlsx
from indices.display import change_text
from indices.models import Index
from indices.selectors import History, YearTable


def text_cell(ws: WriteOnlyWorksheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
    """A cell that is text whatever it starts with (cchc_portal.xlsx)."""
    return xlsx.text_cell(ws, value, font=Font(bold=True)) if bold else xlsx.text_cell(ws, value)


def _value(ws: WriteOnlyWorksheet, value: object):
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(ws, value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _row(ws: WriteOnlyWorksheet, values: list[object]) -> None:
    ws.append([_value(ws, v) for v in values])


def _header(ws: WriteOnlyWorksheet, labels: list[str]) -> None:
    ws.append([text_cell(ws, label, bold=True) for label in labels])


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def history_workbook(history: History) -> bytes:
    index = history.index
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(pgettext("rankings", "History")[:31])
    ws.append([text_cell(ws, f"{index.short_name} — {index.name}", bold=True)])
    ws.append([text_cell(ws, index.publisher)])
    ws.append([])
    _header(
        ws,
        [
            _("Year"),
            _("Province"),
            _("Score"),
            _("Highest score"),
            _("Rank"),
            _("Provinces ranked"),
            _("Change"),
            _("Change (in words)"),
            _("Compared with"),
            _("Quartile"),
            _("Published group"),
            _("Method"),
        ],
    )
    for row in reversed(history.rows):
        p = row.point
        _row(
            ws,
            [
                p.year,
                p.province_name,
                p.score,
                row.score_max,
                p.rank,
                p.provinces_ranked,
                p.change,
                change_text(p),
                p.compared_with_year,
                p.band,
                p.tier,
                row.method.label if row.method else "",
            ],
        )
    if history.targets:
        ws2 = wb.create_sheet(_("Targets")[:31])
        _header(ws2, [_("By year"), _("Rank at most"), _("Score at least"), _("Compared with"), _("Rank"), _("Gap")])
        for status in history.targets:
            _row(
                ws2,
                [
                    status.target.year,
                    status.target.rank_at_most,
                    status.target.score_at_least,
                    status.point.year if status.point else None,
                    status.point.rank if status.point else None,
                    status.rank_gap,
                ],
            )
    return _save(wb)


def year_table_workbook(table: YearTable) -> bytes:
    """Every province's score and rank in a year, as held (and each sub-index score held)."""
    index: Index = table.index
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"{index.code} {table.year}"[:31])
    _header(
        ws,
        [
            _("Province"),
            _("Score"),
            _("Rank"),
            _("Provinces ranked"),
            _("Published group"),
            _("Quartile"),
            _("Change"),
            *[sub.name for sub in table.sub_indices],
        ],
    )
    for row in table.rows:
        p = row.point
        _row(
            ws,
            [
                p.province_name,
                p.score,
                p.rank,
                p.provinces_ranked,
                p.tier,
                p.band,
                p.change,
                *[row.sub_scores.get(sub.pk) for sub in table.sub_indices],
            ],
        )
    return _save(wb)
