"""Word tables whose "STT" column is numbered by Word's automatic numbering: the cells hold an empty
numbered paragraph, so the number is nowhere in the text runs. It is read as the cell's text ("1.") and
gives each task row its number. The table is made up."""

from __future__ import annotations

from typing import Any

from docx_factory import DocxFactory, Level
from dondoc.ingest import ingest_bytes
from dondoc.pipeline import extract_bytes

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH HÒA LÂM",
    "Số: 3/KH-UBND",
    "Hòa Lâm, ngày 02 tháng 4 năm 2026",
    "KẾ HOẠCH",
    "Kiểm tra an toàn lao động năm 2026",
    "I. NHIỆM VỤ",
]
ROWS = [
    ["TT", "Nhiệm vụ", "Người thực hiện"],
    ["", "Lập danh sách cơ sở", "Lê Thu Hà"],
    ["", "Kiểm tra hiện trường", "Phan Quốc Khánh"],
]


def _numbered(paragraph: Any, num: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num


def build() -> bytes:
    f = DocxFactory()
    numbers = f.add_list([Level("decimal", "%1.")])
    bullets = f.add_list([Level("bullet", "-")])
    for text in HEADER:
        f.paragraph(text)
    table = f.table(ROWS)
    for r in range(1, len(ROWS)):
        _numbered(table.cell(r, 0).paragraphs[0], numbers)
    _numbered(table.cell(0, 2).add_paragraph(), bullets)  # an empty bulleted paragraph: nothing
    for text in ["Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn An"]:
        f.paragraph(text)
    return f.to_bytes()


def test_word_numbered_stt_cells_read_as_their_numbers() -> None:
    doc = ingest_bytes(build(), "ke-hoach.docx")
    cells = {line.cell: line.text for line in doc.lines if line.cell is not None}
    assert [cells[(0, r, 0)] for r in range(len(ROWS))] == ["TT", "1.", "2."]
    assert "-" not in cells.values()


def test_numbered_rows_are_numbered_tasks() -> None:
    result = extract_bytes(build(), "ke-hoach.docx")
    rows = [
        (t.section, t.content, [u.name for u in t.lead])
        for t in result.tasks or []
        if t.evidence.rule == "task.table_row"
    ]
    assert rows == [
        ("1", "Lập danh sách cơ sở", ["Lê Thu Hà"]),
        ("2", "Kiểm tra hiện trường", ["Phan Quốc Khánh"]),
    ]
