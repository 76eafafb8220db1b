"""Ruled task tables in PDFs, drawn the ways PDF producers draw them, over a page break.

The same invented phân công table is drawn with its rules as one path object a rule, as one stroked
rectangle a cell, as one path for the whole grid, and inside a form XObject (a page wrapped whole, scaled,
as signing and merging tools write it). It runs over two pages: its header row is repeated
on the second page and one long row is split by the page break. A lead cell is merged over two rows
(no rule between them), its text in the upper row or on the missing rule. Every variant gives the same
tasks, the ones an annotator writes.
"""

from __future__ import annotations

from typing import Any

import pytest

import pdf_factory as F
from dondoc.ingest.pdf import PdfParser
from dondoc.pipeline import extract_bytes

pytestmark = pytest.mark.skipif(not F.font_available(), reason="no Unicode TrueType font")

HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM",
    "Số: 88/KH-UBND",
    "Hòa Lâm, ngày 12 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Cải cách thủ tục hành chính năm 2026",
    "Các cơ quan, đơn vị thực hiện các nhiệm vụ sau:",
]
CLOSING = ["Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"]
HEAD = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
QUARTERS = {"I": "03-31", "II": "06-30", "III": "09-30", "IV": "12-31"}
LONG_ROW = 11  # split by the page break
MERGED = 4  # its lead cell is merged with the one of row 3


def _row(i: int) -> list[str]:
    content = f"Nhiệm vụ số {i}: rà soát hồ sơ thủ tục hành chính"
    if i == LONG_ROW:
        content += " và cập nhật cơ sở dữ liệu dùng chung của ngành" * 14
    lead = "" if i == MERGED else ("Sở Nội vụ" if i % 2 else "Sở Tài chính")
    quarter = ("IV", "I", "II", "III")[i % 4]
    return [str(i), content, lead, "Các sở, ban, ngành", f"Quý {quarter}/2026"]


ROWS = [_row(i) for i in range(1, 15)]


def _expected() -> list[tuple[str, str, list[str], list[str], list[str]]]:
    out = []
    for number, content, lead, support, when in ROWS:
        lead = lead or "Sở Nội vụ"  # row 4 takes the merged cell's lead (row 3's)
        out.append((number, content, [lead], [support], [f"2026-{QUARTERS[when[4:-5]]}"]))
    return out


def grid(**options: Any) -> F.Grid:
    return F.Grid(HEAD, ROWS, [35, 200, 80, 80, 58], merged=frozenset({(MERGED - 1, 2)}), **options)


def _table_tasks(data: bytes) -> list[tuple[Any, ...]]:
    result = extract_bytes(data, "ke-hoach.pdf")
    return [
        (
            t.section,
            t.content,
            [u.name for u in t.lead],
            [u.name for u in t.support],
            sorted({d.date for d in t.deadlines if d.date}),
        )
        for t in result.tasks or []
        if t.evidence.rule == "task.table_row"
    ]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"borders": "cells"},
        {"borders": "one_path"},
        {"middle": True},
        {"repeat_header": False},
        {"form": True, "borders": "cells"},
    ],
    ids=[
        "rule_paths",
        "cell_rectangles",
        "one_path",
        "merged_text_in_the_middle",
        "header_not_repeated",
        "inside_a_form_xobject",
    ],
)
def test_multi_page_ruled_table_rows_are_tasks(options: dict[str, Any]) -> None:
    data = F.build_grid(grid(**options), HEADER, CLOSING)
    assert _table_tasks(data) == _expected()


def test_the_table_crosses_the_page_break() -> None:
    doc = PdfParser().parse(F.build_grid(grid()), "x.pdf")
    pages = {line.page for line in doc.lines if line.in_table}
    assert pages == {0, 1}
    # the long row's second part (on the second page) is read into the row's cell on the first page
    long_cell = [
        line for line in doc.lines if line.cell is not None and line.text.startswith("Nhiệm vụ số 11")
    ]
    assert len(long_cell) == 1
    cell = long_cell[0].cell
    parts = [line for line in doc.lines if line.cell == cell]
    assert len(parts) > 10 and not any(line.starts_paragraph for line in parts[1:])
    assert " ".join(line.text for line in parts) == ROWS[LONG_ROW - 1][1]


def test_merged_cells_are_reported() -> None:
    doc = PdfParser().parse(F.build_grid(grid(middle=True)), "x.pdf")
    ((table, row, col),) = doc.merged_cells
    lead = [line.text for line in doc.lines if line.cell == (table, row - 1, col)]
    assert lead == ["Sở Nội vụ"]  # the merged area's text belongs to its top row
    assert not [line for line in doc.lines if line.cell == (table, row, col)]


def test_a_row_without_number_that_is_not_split_stays_a_row() -> None:
    """A second table on the next page, after text, is not the first table's continuation."""
    rows = [["1", "Kiểm tra hồ sơ", "Sở Tài chính", "", "Quý I/2026"]]
    first = F.build_grid(F.Grid(HEAD, rows, [35, 200, 80, 80, 58]), HEADER)
    doc = PdfParser().parse(first, "x.pdf")
    assert {line.cell[1] for line in doc.lines if line.cell} == {1, 2}


def test_a_landscape_appendix_drawn_sideways() -> None:
    """A landscape page made with /Rotate 90 (its content drawn sideways in a portrait page): the page is
    turned upright before it is read, so that its table is read as on any page."""
    wide = F.Grid(HEAD, ROWS, [40, 380, 130, 130, 80], merged=frozenset({(MERGED - 1, 2)}))
    wide.landscape, wide.top, wide.bottom = True, 560.0, 40.0
    assert _table_tasks(F.build_grid(wide, HEADER, CLOSING)) == _expected()


def test_an_unnumbered_row_at_the_top_of_a_page_is_not_joined() -> None:
    """A sub-row without a number ("- …", with a lead of its own) that happens to open the next page is a
    row of its own, not the end of the row above."""
    rows = [[str(i), f"Nhiệm vụ số {i}: rà soát hồ sơ", "Sở Nội vụ", "", "Quý II/2026"] for i in range(1, 60)]
    doc = PdfParser().parse(F.build_grid(F.Grid(HEAD, rows, [35, 200, 80, 80, 58])), "x.pdf")
    first = next(
        line
        for line in doc.lines
        if line.page == 1 and line.cell is not None and line.cell[2] == 0 and line.text != "STT"
    )
    number = int(first.text)
    rows.insert(number - 1, ["", "- Tổng hợp kết quả rà soát", "Sở Tài chính", "", "Quý III/2026"])
    tasks = _table_tasks(F.build_grid(F.Grid(HEAD, rows, [35, 200, 80, 80, 58]), HEADER, CLOSING))
    assert ("- Tổng hợp kết quả rà soát" in [t[1] for t in tasks]) and len(tasks) == len(rows)


def test_names_one_a_line_in_a_pdf_person_cell() -> None:
    """In a PDF a cell's lines are visual lines: a line ended well before the cell's edge, followed by one
    in capitals, was ended on purpose (one name a line); a line filled to the edge wraps on."""
    head = ["TT", "Nhiệm vụ thực hiện", "Người thực hiện", "Ghi chú"]
    rows = [
        ["1", "Rà soát hồ sơ của học viên và lập danh sách dự kiểm tra", "Đỗ Văn An\nLê Thị Bình", ""],
        ["2", "Gửi kết quả", "Sở Tài nguyên và Môi trường", ""],
    ]
    data = F.build_grid(F.Grid(head, rows, [30, 220, 95, 60]), HEADER, CLOSING)
    doc = PdfParser().parse(data, "x.pdf")
    wrapped = [line.text for line in doc.lines if line.cell is not None and line.cell[1:] == (3, 2)]
    assert len(wrapped) == 2  # the unit's name wraps in the narrow cell
    got = [(t[1], t[2]) for t in _table_tasks(data)]
    assert got == [
        ("Rà soát hồ sơ của học viên và lập danh sách dự kiểm tra", ["Đỗ Văn An", "Lê Thị Bình"]),
        ("Gửi kết quả", ["Sở Tài nguyên và Môi trường"]),
    ]
