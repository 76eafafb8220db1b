"""Task tables whose lead column names persons ("TT | Nhiệm vụ thực hiện | Người thực hiện | Ghi chú").

A Kế hoạch that sets up a working group often ends, after the signature, with the group's phân công
table: each row is a task, and its leads are the members named in the "Người thực hiện" cell (one name
a line, or several in one line, with or without "Ông"/"Bà"). The names and units below are invented.
"""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest

from dondoc.extract.tables import column_kind, person_spans
from dondoc.pipeline import extract_bytes

HEADER = [
    "UBND TỈNH HÒA LÂM",
    "SỞ CÔNG THƯƠNG",
    "Số: 12/KH-SCT",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hòa Lâm, ngày 04 tháng 5 năm 2026",
    "KẾ HOẠCH",
    "Sát hạch an toàn điện năm 2026",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Bảo đảm kỳ sát hạch nghiêm túc, khách quan.",
    "II. TỔ CHỨC THỰC HIỆN",
    "Tổ sát hạch thực hiện theo bảng phân công kèm theo.",
]
CLOSING = ["Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình"]

# (task, the lines of the "Người thực hiện" cell, the expected leads)
ROWS: list[tuple[str, list[str], list[str]]] = [
    ("Lập danh sách thí sinh", ["Lê Thu Hà", "Phan Quốc Khánh"], ["Lê Thu Hà", "Phan Quốc Khánh"]),
    ("Soạn đề sát hạch", ["Ông Phan Quốc Khánh, Bà Lê Thu Hà"], ["Phan Quốc Khánh", "Lê Thu Hà"]),
    ("Coi sát hạch", ["Đồng chí Mai Văn Tùng (Tổ trưởng)"], ["Mai Văn Tùng"]),
    ("Chấm bài", ["Lê Thu Hà và Mai Văn Tùng"], ["Lê Thu Hà", "Mai Văn Tùng"]),
    ("Gửi kết quả cho thí sinh", ["Phòng Quản lý điện năng"], ["Phòng Quản lý điện năng"]),
]


def build_docx() -> bytes:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    for text in CLOSING:
        d.add_paragraph(text)
    d.add_page_break()
    d.add_paragraph("PHÂN CÔNG NHIỆM VỤ CỦA TỔ SÁT HẠCH")
    table = d.add_table(rows=len(ROWS) + 1, cols=4)
    for c, title in enumerate(["TT", "Nhiệm vụ thực hiện", "Người thực hiện", "Ghi chú"]):
        table.cell(0, c).text = title
    for r, (task, names, _leads) in enumerate(ROWS, start=1):
        table.cell(r, 0).text = str(r)
        table.cell(r, 1).text = task
        cell = table.cell(r, 2)
        cell.text = names[0]
        for name in names[1:]:
            cell.add_paragraph(name)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _table_rows(result: Any) -> list[tuple[str, list[str]]]:
    return [
        (t.content, [u.name for u in t.lead])
        for t in result.tasks or []
        if t.evidence.rule == "task.table_row"
    ]


def test_person_column_rows_are_tasks_of_the_named_persons() -> None:
    result = extract_bytes(build_docx(), "ke-hoach.docx")
    assert _table_rows(result) == [(task, leads) for task, _names, leads in ROWS]
    text = result.normalized.text
    persons = [u for t in result.tasks or [] for u in t.lead if u.kind == "person"]
    assert persons and all(text[u.evidence.start : u.evidence.end] == u.mention for u in persons)


@pytest.mark.parametrize(
    ("title", "kind"),
    [("Người thực hiện", "person"), ("Cán bộ thực hiện", "person"), ("Đơn vị thực hiện", "lead")],
)
def test_person_column_titles(title: str, kind: str) -> None:
    assert column_kind(title) == kind


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Ông Phan Quốc Khánh", ["Phan Quốc Khánh"]),
        ("Đ/c Lê Thu Hà; đ/c Mai Văn Tùng", ["Lê Thu Hà", "Mai Văn Tùng"]),
        ("- Bà Lê Thu Hà - Chuyên viên", ["Lê Thu Hà"]),
        ("Lê thu Hà", ["Lê thu Hà"]),  # a lower-case middle name, as typed
        ("Tổ trưởng", []),  # a role, not a name
        ("Phó Giám đốc Sở", []),  # a title, although capitalised as a name is
        ("Đồng chí Lê Thu Hà, Phó Giám đốc Sở", ["Lê Thu Hà"]),
        ("Phan Văn Phố", ["Phan Văn Phố"]),  # "Phố" is not the title "Phó"
        ("Các thành viên", []),
        ("Theo phân công của Tổ trưởng", []),
    ],
)
def test_person_spans(cell: str, names: list[str]) -> None:
    assert [cell[s:e] for s, e in person_spans(cell, 0, len(cell))] == names


def test_a_part_holding_a_unit_is_not_a_name() -> None:
    cell = "Phòng Kỹ thuật An toàn"
    assert person_spans(cell, 0, len(cell), units=[(0, len(cell))]) == []


def test_a_unit_lead_column_beside_a_person_column_stays_the_lead() -> None:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    table = d.add_table(rows=2, cols=4)
    for c, title in enumerate(["STT", "Nội dung", "Đơn vị chủ trì", "Người thực hiện"]):
        table.cell(0, c).text = title
    for c, text in enumerate(["1", "Kiểm tra hồ sơ", "Sở Tài chính", "Lê Thu Hà"]):
        table.cell(1, c).text = text
    for text in CLOSING:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    result = extract_bytes(out.getvalue(), "ke-hoach.docx")
    assert _table_rows(result) == [("Kiểm tra hồ sơ", ["Sở Tài chính"])]
