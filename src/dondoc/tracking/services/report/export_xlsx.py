"""The report as an .xlsx workbook (openpyxl, write-only: the annex streams row by row, so memory
stays flat for 100,000 tasks). Sheets: Tóm tắt (summary), Tổng hợp (per-unit table of the period),
Tồn kỳ trước (carried over), Thời gian quá hạn (ageing), Biểu chi tiết (annex). Each table has one
frozen header row and a filter; A4 landscape, fit to page width; dates are real dates (dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dondoc.tracking.services.report.annex import HEADERS, AnnexRow, Group, annex
from dondoc.tracking.services.report.build import Report
from dondoc.tracking.services.report.columns import AGEING_HEADER, unit_header_flat, unit_numbers
from dondoc.tracking.services.report.scope import Reader
from dondoc.tracking.services.report.tables import UnitTable

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FONT = Font(name="Times New Roman", bold=True, size=11)
BODY_FONT = Font(name="Times New Roman", size=11)
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
ANNEX_HEADER = (HEADERS[0], "Phần", *HEADERS[1:])
ANNEX_WIDTHS = (6, 14, 24, 60, 26, 30, 12, 24, 50)
UNIT_WIDTHS = (6, 40, 10, 12, 12, 12, 12, 12, 12, 12, 12)
PART_NAMES = {"A": "Giao trong kỳ", "B": "Tồn kỳ trước"}


def _text(ws: Any, value: Any) -> WriteOnlyCell:
    """A cell whose text is never run as a formula (the texts come from documents and users)."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _cell(ws: Any, value: Any, *, head: bool = False, fmt: str | None = None) -> WriteOnlyCell:
    """A bordered cell in Times New Roman (the header bold, grey, centred). Its style is built once per
    sheet and copied (assigning fonts and borders cell by cell is what makes big sheets slow)."""
    cell = _text(ws, value)
    templates: dict[tuple[bool, str | None], Any] = ws.__dict__.setdefault("_dondoc_styles", {})
    template = templates.get((head, fmt))
    if template is None:
        template = WriteOnlyCell(ws)
        template.font = HEAD_FONT if head else BODY_FONT
        template.border = BORDER
        template.alignment = HEAD_ALIGN if head else WRAP
        if head:
            template.fill = HEAD_FILL
        if fmt:
            template.number_format = fmt
        templates[(head, fmt)] = template
    cell._style = copy(template._style)
    return cell


def _sheet(wb: Workbook, title: str, widths: Sequence[int], header_row: int) -> Any:
    """A write-only sheet: column widths, frozen rows above ``header_row + 1``, A4 landscape."""
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{header_row + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    return ws


def _titles(ws: Any, report: Report, what: str) -> None:
    ws.append([_text(ws, f"{what.upper()} - {report.title}")])
    ws.append([f"Phạm vi: {report.scope.label}. Số liệu tính đến ngày {report.as_of:%d/%m/%Y}."])
    ws.append([])


def _unit_sheet(wb: Workbook, report: Report, title: str, table: UnitTable) -> None:
    ws = _sheet(wb, title, UNIT_WIDTHS, 4)
    _titles(ws, report, title)
    header = unit_header_flat()
    ws.append([_cell(ws, h, head=True) for h in header])
    for i, row in enumerate([*table.rows, table.total], start=1):
        last = i > len(table.rows)
        values: list[Any] = ["" if last else i, row.name, *unit_numbers(row)]
        cells = [_cell(ws, v) for v in values]
        cells += [_cell(ws, r, fmt=PERCENT_FORMAT) for r in (row.completion_rate, row.on_time_rate)]
        if last:
            for c in cells:
                c.font = HEAD_FONT  # the total row in bold
        ws.append(cells)
    # the filter leaves the total row out, so that sorting keeps it last
    ws.auto_filter.ref = f"A4:{get_column_letter(len(header))}{4 + len(table.rows)}"


def _ageing_sheet(wb: Workbook, report: Report) -> None:
    ws = _sheet(wb, "Thời gian quá hạn", (6, 40, 12, 12, 12, 12, 14), 4)
    _titles(ws, report, "Thời gian quá hạn")
    ws.append([_cell(ws, h, head=True) for h in AGEING_HEADER])
    rows = [r for r in report.combined.rows if sum(r.ageing)]
    for i, row in enumerate(rows, start=1):
        ws.append([_cell(ws, v) for v in (i, row.name, *row.ageing, sum(row.ageing))])
    ws.auto_filter.ref = f"A4:{get_column_letter(len(AGEING_HEADER))}{4 + len(rows)}"


def _annex_sheet(wb: Workbook, user: Reader, report: Report) -> int:
    ws = _sheet(wb, "Biểu chi tiết", ANNEX_WIDTHS, 4)
    _titles(ws, report, "Biểu chi tiết")
    ws.append([_cell(ws, h, head=True) for h in ANNEX_HEADER])
    part = ""
    n = 0
    for item in annex(user, report):
        if isinstance(item, Group):
            if item.part:
                part = PART_NAMES[item.text[0]]
            continue
        ws.append(_annex_cells(ws, part, item))
        n += 1
    ws.auto_filter.ref = f"A4:{get_column_letter(len(ANNEX_HEADER))}{4 + n}"
    return n


def _annex_cells(ws: Any, part: str, row: AnnexRow) -> list[WriteOnlyCell]:
    deadline: Any = row.deadline if row.deadline is not None else row.deadline_text
    values: Iterable[Any] = (row.number, part, row.document, row.content, row.lead, row.supports)
    cells = [_cell(ws, v) for v in values]
    cells.append(_cell(ws, deadline, fmt=DATE_FORMAT if row.deadline else None))
    cells += [_cell(ws, row.status), _cell(ws, row.result)]
    return cells


def write_xlsx(user: Reader, report: Report, out: Path | BinaryIO) -> int:
    """Write the workbook; returns the number of annex rows."""
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Tóm tắt")
    summary.column_dimensions["A"].width = 120
    summary.append([report.title.upper()])
    summary.append([f"Phạm vi: {report.scope.label}. Số liệu tính đến ngày {report.as_of:%d/%m/%Y}."])
    summary.append([])
    for line in report.summary:
        summary.append([_text(summary, line)])
    _unit_sheet(wb, report, "Tổng hợp", report.current)
    _unit_sheet(wb, report, "Tồn kỳ trước", report.carried)
    _ageing_sheet(wb, report)
    n = _annex_sheet(wb, user, report)
    wb.save(out)
    return n
