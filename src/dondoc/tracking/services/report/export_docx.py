"""The report as a .docx in the NĐ 30/2020 layout (``services.nd30_docx``): issuer block, Số, place and
date, "BÁO CÁO" and its trích yếu, the summary and the per-unit tables, Nơi nhận and the signature;
the detailed annex follows on landscape pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from dondoc.tracking.services import nd30_docx as nd30
from dondoc.tracking.services.report.annex import HEADERS, AnnexRow, Group, annex
from dondoc.tracking.services.report.build import Report
from dondoc.tracking.services.report.columns import (
    AGEING_HEADER,
    UNIT_HEADER_SUB,
    UNIT_HEADER_TOP,
    ageing_cells,
    unit_cells,
)
from dondoc.tracking.services.report.scope import Reader
from dondoc.tracking.services.report.tables import UnitTable

UNIT_WIDTHS_MM = (10, 33, 13, 13, 13, 13, 13, 13, 13, 15.5, 15.5)  # 165 mm: A4 portrait text width
AGEING_WIDTHS_MM = (10, 57, 20, 20, 20, 20, 18)
ANNEX_WIDTHS_MM = (11, 32, 56, 26, 28, 22, 28, 54)  # 257 mm: A4 landscape text width
NUMBER_COLS = range(2, 11)


def unit_table_rows(table: UnitTable) -> list[list[str]]:
    """The per-unit table as text rows, the total row last (the page shows the same)."""
    rows = [unit_cells(str(i), row) for i, row in enumerate(table.rows, start=1)]
    return [*rows, unit_cells("", table.total)]


def _unit_table(doc: Any, table: UnitTable) -> None:
    rows = unit_table_rows(table)
    nd30.grid_table(
        doc,
        [UNIT_HEADER_TOP, UNIT_HEADER_SUB],
        rows,
        UNIT_WIDTHS_MM,
        bold_rows=[len(rows) - 1],
        center_cols=[0, *NUMBER_COLS],
        size=10,
    )


def _annex_rows(user: Reader, report: Report) -> list[list[str]]:
    rows: list[list[str]] = []
    for item in annex(user, report):
        if isinstance(item, Group):
            rows.append([item.text])
        else:
            rows.append(annex_cells(item))
    return rows


def annex_cells(row: AnnexRow) -> list[str]:
    deadline = f"{row.deadline:%d/%m/%Y}" if row.deadline else row.deadline_text
    return [
        str(row.number),
        row.document,
        row.content,
        row.lead,
        row.supports,
        deadline,
        row.status,
        row.result,
    ]


def write_docx(
    user: Reader, report: Report, out: Path | BinaryIO, head: nd30.Letterhead | None = None
) -> None:
    head = head or nd30.letterhead_from_env()
    doc = nd30.new_document()
    nd30.header_block(doc, head, f"      /BC-{head.symbol}", report.as_of)
    nd30.title_block(doc, "Báo cáo", report.title)
    nd30.body(doc, f"Phạm vi: {report.scope.label}. Số liệu tính đến ngày {report.as_of:%d/%m/%Y}.")
    nd30.heading(doc, "I. TÌNH HÌNH THỰC HIỆN CÁC VĂN BẢN CHỈ ĐẠO VÀ THÔNG BÁO KẾT LUẬN")
    nd30.body(doc, "(Có biểu chi tiết kèm theo Báo cáo)")
    for line in report.summary:
        nd30.body(doc, line, bold=line.startswith("- Các đơn vị"))
    nd30.heading(doc, "II. TỔNG HỢP THEO ĐƠN VỊ")
    nd30.body(doc, f"1. Nhiệm vụ giao trong kỳ ({report.period.label}):")
    _unit_table(doc, report.current)
    nd30.body(doc, "2. Nhiệm vụ tồn kỳ trước chuyển sang:")
    _unit_table(doc, report.carried)
    nd30.heading(doc, "III. THỜI GIAN QUÁ HẠN CỦA NHIỆM VỤ CHƯA HOÀN THÀNH")
    late = [r for r in report.combined.rows if sum(r.ageing)]
    rows = [ageing_cells(str(i), r) for i, r in enumerate(late, start=1)]
    total = report.combined.total
    nd30.grid_table(
        doc,
        [AGEING_HEADER],
        [*rows, ageing_cells("", total)],
        AGEING_WIDTHS_MM,
        bold_rows=[len(rows)],
        center_cols=[0, 2, 3, 4, 5, 6],
        size=11,
    )
    nd30.closing_block(doc, head)
    nd30.landscape_section(doc)
    nd30.paragraph(doc, "BIỂU CHI TIẾT", bold=True, align="center")
    nd30.paragraph(doc, f"(Kèm theo Báo cáo {report.title})", italic=True, align="center", space_after=6)
    nd30.grid_table(doc, [HEADERS], _annex_rows(user, report), ANNEX_WIDTHS_MM, center_cols=[0, 5], size=11)
    doc.save(out)
