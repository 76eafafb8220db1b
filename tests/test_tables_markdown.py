"""Pipe tables from converters write a line break inside a cell as "<br>": each part is a line of the
cell (several leads one under another), never glued to the next ("Sở Y tếSở Giáo dục…"). Made-up rows."""

from __future__ import annotations

from dondoc.ingest import ingest_bytes
from dondoc.pipeline import extract_bytes

DOC = """ỦY BAN NHÂN DÂN
TỈNH HÒA LÂM
Số: 5/KH-UBND
Hòa Lâm, ngày 02 tháng 4 năm 2026
KẾ HOẠCH
Phòng chống dịch năm 2026
I. NHIỆM VỤ
| STT | Nội dung | Cơ quan chủ trì | Thời hạn |
|---|---|---|---|
| 1 | Tiêm chủng cho trẻ em | Sở Y tế<br>Sở Giáo dục và Đào tạo | Quý II/2026 |
| 2 | Giám sát dịch | Sở Y tế<br/> | Tháng 6/2026 |
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


def test_br_splits_a_cell_into_lines() -> None:
    doc = ingest_bytes(DOC.encode(), "ke-hoach.md")
    lead = [line.text for line in doc.lines if line.cell is not None and line.cell[1:] == (1, 2)]
    assert lead == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    assert [line.text for line in doc.lines if line.cell is not None and line.cell[1:] == (2, 2)] == [
        "Sở Y tế"
    ]


def test_each_lead_of_a_br_cell_is_a_lead() -> None:
    result = extract_bytes(DOC.encode(), "ke-hoach.md")
    rows = [([u.name for u in t.lead], [d.date for d in t.deadlines]) for t in result.tasks or []]
    assert rows == [(["Sở Y tế", "Sở Giáo dục và Đào tạo"], ["2026-06-30"]), (["Sở Y tế"], ["2026-06-30"])]
