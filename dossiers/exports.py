"""Workbooks in the national form's layout (form II.06a, Circular 01/2020/TT-VPCP): title, period
with its dates, merged Vietnamese headers, the 13 numbered columns, number formats, frozen
header rows, A4 landscape. Written in openpyxl's write-only mode, so they stream: memory stays
flat however many rows. Text cells are always written as text (a field named "=..." is never
a formula)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_portal.xlsx import text_cell
from dossiers.models import DossierReport
from dossiers.selectors import Consolidation, Line
from periods.period import Period

FORM_LABEL = "Biểu số II.06a/VPCP/KSTT"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
RECEIVER = "Văn phòng UBND tỉnh (Phòng Kiểm soát thủ tục hành chính)"
TOTAL_LABEL = "Tổng cộng"
NCOLS = 13
# The 11 typed columns and 3 totals, in the form's order from column 3.
DATA_KEYS = (
    "received_total",
    "received_online",
    "received_offline",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
)
HEADER_ROWS = (
    # (row offset, column, text, merge to (row offset, column)) — columns 1-based.
    (0, 1, "TT", (2, 1)),
    (0, 2, "Lĩnh vực giải quyết", (2, 2)),
    (0, 3, "Số hồ sơ nhận giải quyết", (0, 6)),
    (1, 3, "Tổng số", (2, 3)),
    (1, 4, "Trong đó", (1, 6)),
    (2, 4, "Số mới tiếp nhận trực tuyến", None),
    (2, 5, "Số mới tiếp nhận trực tiếp, dịch vụ bưu chính", None),
    (2, 6, "Số kỳ trước chuyển qua", None),
    (0, 7, "Số hồ sơ đã giải quyết", (0, 10)),
    (1, 7, "Tổng số", (2, 7)),
    (1, 8, "Trước hạn", (2, 8)),
    (1, 9, "Đúng hạn", (2, 9)),
    (1, 10, "Quá hạn", (2, 10)),
    (0, 11, "Số hồ sơ đang giải quyết", (0, 13)),
    (1, 11, "Tổng số", (2, 11)),
    (1, 12, "Trong hạn", (2, 12)),
    (1, 13, "Quá hạn", (2, 13)),
)
WIDTHS = (6, 42, 11, 11, 13, 11, 11, 11, 11, 11, 11, 11, 11)

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=11)
NORMAL = Font(name="Times New Roman", size=11)
TITLE_FONT = Font(name="Times New Roman", bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
NUMBER_FORMAT = "#,##0"


def number_cell(ws: Worksheet, value: int, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = NUMBER_FORMAT
    cell.border = BORDER
    cell.font = BOLD if bold else NORMAL
    return cell


def period_line(period: Period) -> str:
    start, end = period.window()
    return f"Kỳ báo cáo: {period.label} ({period.code}) — Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def _sheet(wb: Workbook, title: str) -> Worksheet:
    ws = wb.create_sheet(title=title[:31])
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _write_head(ws: Worksheet, *, period: Period, reporter: str, generated: str) -> int:
    """Title block and the merged headers; returns the number of rows written (the frozen part)."""
    first = 7  # the merged headers take rows 7-9, the column numbers row 10
    # Write-only sheets write their views first: freeze before the first row goes out.
    ws.freeze_panes = f"C{first + 4}"
    ws.print_title_rows = f"{first}:{first + 3}"
    ws.append([text_cell(ws, FORM_LABEL, font=NORMAL)])
    ws.append([text_cell(ws, TITLE, font=TITLE_FONT, alignment=CENTER)])
    ws.merged_cells.add(f"A2:{get_column_letter(NCOLS)}2")
    ws.append([text_cell(ws, period_line(period), font=NORMAL, alignment=CENTER)])
    ws.merged_cells.add(f"A3:{get_column_letter(NCOLS)}3")
    ws.append([text_cell(ws, f"Đơn vị báo cáo: {reporter}", font=NORMAL)])
    ws.merged_cells.add(f"A4:{get_column_letter(NCOLS)}4")
    ws.append([text_cell(ws, f"Đơn vị nhận báo cáo: {RECEIVER}", font=NORMAL)])
    ws.merged_cells.add(f"A5:{get_column_letter(NCOLS)}5")
    ws.append([text_cell(ws, f"Đơn vị tính: Hồ sơ. Lập lúc {generated}.", font=NORMAL)])
    ws.merged_cells.add(f"A6:{get_column_letter(NCOLS)}6")
    grid: list[list[object]] = [[None] * NCOLS for _ in range(3)]
    for offset, col, text, merge in HEADER_ROWS:
        grid[offset][col - 1] = text
        if merge is not None and merge != (offset, col):
            ws.merged_cells.add(
                f"{get_column_letter(col)}{first + offset}:{get_column_letter(merge[1])}{first + merge[0]}"
            )
    for row in grid:
        ws.append([text_cell(ws, v or "", font=BOLD, alignment=CENTER, border=BORDER, fill=HEADER_FILL) for v in row])
    ws.append([text_cell(ws, f"({n})", font=NORMAL, alignment=CENTER, border=BORDER) for n in range(1, NCOLS + 1)])
    return first + 3


def _data_row(ws: Worksheet, number: object, label: str, values: dict[str, int], *, bold: bool = False) -> list:
    return [
        text_cell(
            ws, "" if number is None else str(number), font=BOLD if bold else NORMAL, alignment=CENTER, border=BORDER
        ),
        text_cell(ws, label, font=BOLD if bold else NORMAL, alignment=LEFT, border=BORDER),
        *(number_cell(ws, values[key], bold=bold) for key in DATA_KEYS),
    ]


def _line_values(line: Line) -> dict[str, int]:
    return {**line.values, **line.totals}


def _notes(ws: Worksheet, lines: Iterable[tuple[str, dict[str, int]]]) -> None:
    """Dossiers returned, withdrawn or awaiting supplements: notes below the 13 columns."""
    notes = []
    for label, v in lines:
        parts = []
        if v.get("returned") or v.get("withdrawn"):
            parts.append(f"trong cột (9) có {vn(v['returned'])} hồ sơ trả lại, {vn(v['withdrawn'])} hồ sơ rút")
        if v.get("awaiting_supplement"):
            parts.append(f"trong cột (12) có {vn(v['awaiting_supplement'])} hồ sơ chờ bổ sung")
        if parts:
            notes.append(f"- {label}: {'; '.join(parts)}.")
    if notes:
        ws.append([])
        ws.append([None, text_cell(ws, "Ghi chú:", font=BOLD)])
        for note in notes:
            ws.append([None, text_cell(ws, note, font=NORMAL)])


def vn(number: int) -> str:
    """37657 -> "37.657", as Vietnamese documents write it."""
    return f"{number:,}".replace(",", ".")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _generated() -> str:
    return f"{timezone.localtime():%H:%M %d/%m/%Y}"


def report_workbook(report: DossierReport) -> bytes:
    """One unit's report for one quarter."""
    wb = Workbook(write_only=True)
    ws = _sheet(wb, report.period)
    _write_head(
        ws, period=report.period_obj, reporter=f"{report.agency.name} [{report.agency.code}]", generated=_generated()
    )
    total = dict.fromkeys(DATA_KEYS, 0)
    note_lines = []
    for number, row in enumerate(report.rows.all(), start=1):
        values = {key: getattr(row, key) for key in DATA_KEYS}
        for key in DATA_KEYS:
            total[key] += values[key]
        ws.append(_data_row(ws, number, row.field.name, values))
        note_lines.append(
            (
                row.field.name,
                {"returned": row.returned, "withdrawn": row.withdrawn, "awaiting_supplement": row.awaiting_supplement},
            )
        )
    ws.append(_data_row(ws, None, TOTAL_LABEL, total, bold=True))
    _notes(ws, note_lines)
    return _save(wb)


def _consolidation_rows(ws: Worksheet, lines: list[Line]) -> Iterator[list]:
    for line in lines:
        yield _data_row(ws, line.number, line.label, _line_values(line), bold=line.level == 1)


def consolidation_workbook(result: Consolidation, *, province: str) -> bytes:
    """The province's consolidation: a sheet by unit (grouped by kind) and one by field."""
    wb = Workbook(write_only=True)
    generated = _generated()
    for title, lines in (("Theo đơn vị", result.by_kind), ("Theo lĩnh vực", result.by_field)):
        ws = _sheet(wb, title)
        _write_head(ws, period=result.period, reporter=province, generated=generated)
        for row in _consolidation_rows(ws, lines):
            ws.append(row)
        ws.append(_data_row(ws, None, TOTAL_LABEL, _line_values(result.total), bold=True))
        ws.append([])
        ws.append(
            [
                None,
                text_cell(
                    ws,
                    "Chỉ tính các báo cáo đã được phê duyệt: "
                    f"{result.approved_reports}/{result.expected_reports} báo cáo.",
                    font=NORMAL,
                ),
            ]
        )
        _notes(ws, [(line.label, line.values) for line in lines if line.level == 2])
    return _save(wb)
