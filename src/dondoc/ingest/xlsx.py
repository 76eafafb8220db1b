"""Excel task lists (.xlsx): each visible sheet is one table, read into the same cells as a .docx table,
so that the task-table logic of ``extract.tables`` (header by column titles, one task per row, group
rows, merged cells) reads it as it reads a Word table.

* The rows at the top of a sheet with a single filled cell (a title over the list: "DANH MỤC NHIỆM VỤ
  …", "Kèm theo Thông báo số …") are paragraphs before the table; the table starts at the first row
  with two filled cells or more.
* A cell merged over several rows (the same lead for a group of tasks) is read once, in its first row;
  the cells under it are recorded as merged with the cell above (``RawDocument.merged_cells``), as a
  Word vertical merge is. The other cells a merge covers are empty.
* Values: text as it is (its line breaks split it into lines of the cell), whole numbers without
  ".0", dates as dd/mm/yyyy; formulas give their cached value.

The archive is vetted by ``zipguard`` first; a sheet is read up to ``MAX_ROWS`` rows and ``MAX_COLUMNS``
columns (a warning says when more were left out).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any, Final

from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from dondoc.errors import CorruptFileError, NoTextError
from dondoc.ingest import zipguard
from dondoc.ingest.base import register
from dondoc.ingest.sniff import XLSX
from dondoc.model import Cell, Layout, RawDocument, RawLine

MAX_ROWS: Final = 20_000
MAX_COLUMNS: Final = 60
_CUT_WARNING: Final = "Bảng tính «{sheet}» quá lớn: chỉ đọc {rows} dòng đầu và {cols} cột đầu."


def cell_text(value: Any) -> str:
    """A cell's value as the sheet shows it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _open(data: bytes) -> Any:
    with zipguard.open_archive(data):
        pass  # vetted: no bomb, no encrypted member, a readable archive
    try:
        return load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged part
        raise CorruptFileError(detail=f"xlsx: {type(exc).__name__}: {exc}") from exc


def _sheet_rows(sheet: Any, warnings: list[str]) -> list[list[str]]:
    rows_total, cols_total = sheet.max_row or 0, sheet.max_column or 0
    if rows_total > MAX_ROWS or cols_total > MAX_COLUMNS:
        warnings.append(_CUT_WARNING.format(sheet=sheet.title, rows=MAX_ROWS, cols=MAX_COLUMNS))
    rows = sheet.iter_rows(max_row=min(rows_total, MAX_ROWS), max_col=min(cols_total, MAX_COLUMNS))
    return [[cell_text(cell.value) for cell in row] for row in rows]


def _merged_below(sheet: Any) -> set[tuple[int, int]]:
    """(row, column), from 0, of the cells that a merge covers under its first row, in its first column."""
    out: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row + 1, min(merged.max_row, MAX_ROWS) + 1):
            out.add((row - 1, merged.min_col - 1))
    return out


def _read_sheet(sheet: Any, number: int, warnings: list[str], merged: set[Cell]) -> list[RawLine]:
    rows = _sheet_rows(sheet, warnings)
    below = _merged_below(sheet)
    lines: list[RawLine] = []
    first = next((i for i, row in enumerate(rows) if sum(bool(v) for v in row) >= 2), len(rows))
    for row in rows[:first]:  # titles over the table
        lines.extend(RawLine(text, starts_paragraph=True) for text in row if text)
    for r, row in enumerate(rows[first:]):
        for col, text in enumerate(row):
            if (first + r, col) in below:
                merged.add((number, r, col))
                continue
            for k, piece in enumerate(p.strip() for p in text.split("\n") if p.strip()):
                lines.append(RawLine(piece, in_table=True, starts_paragraph=k == 0, cell=(number, r, col)))
    return lines


class XlsxParser:
    name: str = "xlsx"
    media_types: tuple[str, ...] = (XLSX,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        book = _open(data)
        lines: list[RawLine] = []
        warnings: list[str] = []
        merged: set[Cell] = set()
        try:
            sheets = [s for s in book.worksheets if s.sheet_state == "visible"]
            for number, sheet in enumerate(sheets):
                lines.extend(_read_sheet(sheet, number, warnings, merged))
        finally:
            book.close()
        if not lines:
            raise NoTextError(detail=filename or None)
        return RawDocument(
            lines=lines,
            media_type=XLSX,
            layout=Layout.PARAGRAPHS,
            parser=self.name,
            warnings=warnings,
            merged_cells=frozenset(merged),
        )


register(XlsxParser())
