"""Which rows of a task table are its header: the first row naming two columns or more, and the rows
under it whose every cell is a column title ("Chủ trì" | "Phối hợp" under "Cơ quan thực hiện"). A data row
whose content begins with a title word ("Nhiệm vụ số 2: …") is a task, not a header row. The rows below
are made up.
"""

from __future__ import annotations

import io

import docx

from dondoc.pipeline import extract_bytes

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH HÒA LÂM",
    "Số: 7/KH-UBND",
    "Hòa Lâm, ngày 02 tháng 4 năm 2026",
    "KẾ HOẠCH",
    "Phòng chống thiên tai năm 2026",
    "I. NHIỆM VỤ",
    "Các cơ quan thực hiện các nhiệm vụ tại bảng dưới đây:",
]
CLOSING = ["Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"]


def _tasks(rows: list[list[str]]) -> list[tuple[str, list[str]]]:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in CLOSING:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    result = extract_bytes(out.getvalue(), "ke-hoach.docx")
    return [
        (t.content, [u.name for u in t.lead])
        for t in result.tasks or []
        if t.evidence.rule == "task.table_row"
    ]


def test_a_data_row_that_begins_with_a_title_word_is_a_task() -> None:
    rows = [
        ["STT", "Nhiệm vụ", "Đơn vị chủ trì"],
        ["1", "Nhiệm vụ số 1: kiểm tra đê điều", "Sở Nông nghiệp và Môi trường"],
        ["2", "Thời gian trực ban mùa lũ được rà soát lại", "Văn phòng UBND tỉnh"],
    ]
    assert _tasks(rows) == [
        ("Nhiệm vụ số 1: kiểm tra đê điều", ["Sở Nông nghiệp và Môi trường"]),
        ("Thời gian trực ban mùa lũ được rà soát lại", ["Văn phòng UBND tỉnh"]),
    ]


def test_a_sub_header_row_of_titles_is_part_of_the_header() -> None:
    rows = [
        ["STT", "Nội dung", "Cơ quan thực hiện", ""],
        ["", "", "Chủ trì", "Phối hợp"],
        ["1", "Diễn tập cứu hộ", "Sở Xây dựng", "Sở Y tế"],
    ]
    assert _tasks(rows) == [("Diễn tập cứu hộ", ["Sở Xây dựng"])]


def test_group_heading_rows_are_not_tasks() -> None:
    """A row with only a content cell heads a group when it is numbered as the parent of the rows below
    it ("1" above "1.1"), with a capital letter, a Roman numeral, or written in capitals."""
    rows = [
        ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"],
        ["A", "Nhóm nhiệm vụ thường xuyên", "", ""],
        ["1", "Lĩnh vực nông nghiệp", "", ""],
        ["1.1", "Kiểm tra giống cây trồng", "Sở Nông nghiệp và Môi trường", "Quý II/2026"],
        ["2", "Rà soát quy hoạch thủy lợi", "", "Quý III/2026"],
        ["3", "Tổng hợp số liệu thiệt hại", "", ""],
    ]
    assert _tasks(rows) == [
        ("Kiểm tra giống cây trồng", ["Sở Nông nghiệp và Môi trường"]),
        ("Rà soát quy hoạch thủy lợi", []),  # it has a deadline: a task
        ("Tổng hợp số liệu thiệt hại", []),  # no row below it is numbered under it: a task
    ]


def test_the_row_numbering_the_columns_is_part_of_the_header() -> None:
    rows = [
        ["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Nạo vét kênh mương", "UBND các xã", "Tháng 5/2026"],
    ]
    assert _tasks(rows) == [("Nạo vét kênh mương", ["UBND các xã"])]
    rows[1] = ["1", "2", "3", "4"]
    assert _tasks(rows) == [("Nạo vét kênh mương", ["UBND các xã"])]


def test_a_ditto_cell_repeats_the_cell_above() -> None:
    """ "Như trên", "nt", "-nt-" or a ditto mark in a lead, support or deadline cell: the value above."""
    rows = [
        ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
        ["1", "Kiểm tra đê bao", "Sở Xây dựng", "UBND các xã", "Tháng 5/2026"],
        ["2", "Gia cố cống", "Như trên", "-nt-", "〃"],
        ["3", "Diễn tập sơ tán", "Công an tỉnh", "nt", "Tháng 7/2026"],
    ]
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in CLOSING:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    result = extract_bytes(out.getvalue(), "ke-hoach.docx")
    got = [
        ([u.name for u in t.lead], [u.name for u in t.support], [x.date for x in t.deadlines])
        for t in result.tasks or []
        if t.evidence.rule == "task.table_row"
    ]
    assert got == [
        (["Sở Xây dựng"], ["UBND các xã"], ["2026-05-31"]),
        (["Sở Xây dựng"], ["UBND các xã"], ["2026-05-31"]),
        (["Công an tỉnh"], ["UBND các xã"], ["2026-07-31"]),
    ]
