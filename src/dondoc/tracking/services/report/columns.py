"""The columns of the per-unit table and the ageing table, shared by the page, the .docx and the .xlsx
(so that they cannot disagree)."""

from __future__ import annotations

from dondoc.tracking.services.report.tables import AGEING, TABLE_CELLS, Row, percent

# Two header rows (None: merged with the cell to its left; the same text below: merged vertically).
UNIT_HEADER_TOP: tuple[str | None, ...] = (
    "STT",
    "Đơn vị",
    "Tổng số",
    "Đã hoàn thành",
    None,
    None,
    "Chưa hoàn thành",
    None,
    None,
    "Tỷ lệ hoàn thành",
    "Tỷ lệ đúng hạn",
)
UNIT_HEADER_SUB = (
    "STT",
    "Đơn vị",
    "Tổng số",
    "Đúng hạn",
    "Quá hạn",
    "Không thời hạn",
    "Trong hạn",
    "Quá hạn",
    "Không thời hạn",
    "Tỷ lệ hoàn thành",
    "Tỷ lệ đúng hạn",
)


def unit_header_flat() -> list[str]:
    """One header row (a spreadsheet filter needs one): "Đã hoàn thành - Đúng hạn" …"""
    out = []
    group = ""
    for top, sub in zip(UNIT_HEADER_TOP, UNIT_HEADER_SUB, strict=True):
        group = top if top is not None else group
        out.append(sub if top == sub else f"{group} - {sub}")
    return out


def unit_numbers(row: Row) -> list[int]:
    """Tổng số and the six grid cells, in the column order."""
    return [row.total, *(row.counts[g] for g in TABLE_CELLS)]


def unit_cells(number: str, row: Row) -> list[str]:
    """A row of the per-unit table as text (the page and the .docx)."""
    return [
        number,
        row.name,
        *(str(n) for n in unit_numbers(row)),
        percent(row.completion_rate),
        percent(row.on_time_rate),
    ]


AGEING_HEADER = ("STT", "Đơn vị", *(label for label, _, _ in AGEING), "Tổng số quá hạn")


def ageing_cells(number: str, row: Row) -> list[str]:
    return [number, row.name, *(str(n) for n in row.ageing), str(sum(row.ageing))]
