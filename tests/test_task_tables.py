"""Tables of tasks ("STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành").

The same invented Kế hoạch appendix is read as a Word table (python-docx, with a two-row header, a group
heading row and a lead cell merged over two rows), as the PDF LibreOffice prints from it (a ruled table),
and as a pipe table in Markdown. Each data row is one task; the expected values are what an annotator
writes into the output contract.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table

from dondoc.extract.deadlines import find_deadlines
from dondoc.extract.tables import column_kind
from dondoc.pipeline import extract_bytes
from pdf_factory import soffice

HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH HÒA LÂM",
    "Số: 45/KH-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hòa Lâm, ngày 10 tháng 3 năm 2026",
    "KẾ HOẠCH",
    "Triển khai chuyển đổi số năm 2026",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Nâng cao hiệu quả quản lý nhà nước trên môi trường số.",
    "II. NHIỆM VỤ CỤ THỂ",
    "Các sở, ngành, địa phương thực hiện các nhiệm vụ tại danh mục dưới đây:",
]
CLOSING = ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]

# The header has two rows: "Cơ quan thực hiện" spans "Chủ trì" and "Phối hợp".
HEAD_1 = ["STT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian hoàn thành"]
HEAD_2 = ["", "", "Chủ trì", "Phối hợp", ""]
ROWS = [
    ["I", "NHIỆM VỤ CHUNG", "", "", ""],
    [
        "1",
        "Xây dựng kho dữ liệu dùng chung của tỉnh",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Quý II/2026",
    ],
    ["2", "Số hóa hồ sơ thủ tục hành chính", "Văn phòng UBND tỉnh", "Sở Nội vụ", "Tháng 9/2026"],
    ["3", "Đào tạo kỹ năng số cho cán bộ, công chức", "Sở Nội vụ", "UBND các xã, phường", "Năm 2026"],
    # the lead cell of rows 3 and 4 is one merged cell in the Word table
    ["4", "Bồi dưỡng kỹ năng số cho người dân", "", "", "Trước ngày 30/11/2026"],
    ["5", "Tuyên truyền về chuyển đổi số", "Sở Văn hóa, Thể thao và Du lịch", "", "Thường xuyên"],
]
EXPECTED = [
    (
        "1",
        "Xây dựng kho dữ liệu dùng chung của tỉnh",
        ["Sở Khoa học và Công nghệ"],
        ["Các sở, ban, ngành"],
        ["2026-06-30"],
    ),
    ("2", "Số hóa hồ sơ thủ tục hành chính", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"], ["2026-09-30"]),
    ("3", "Đào tạo kỹ năng số cho cán bộ, công chức", ["Sở Nội vụ"], ["UBND các xã, phường"], ["2026-12-31"]),
    ("4", "Bồi dưỡng kỹ năng số cho người dân", ["Sở Nội vụ"], [], ["2026-11-30"]),
    ("5", "Tuyên truyền về chuyển đổi số", ["Sở Văn hóa, Thể thao và Du lịch"], [], []),
]


def _merge(table: Table) -> None:
    table.cell(0, 2).merge(table.cell(0, 3))  # "Cơ quan thực hiện" over two sub-columns
    for col in (0, 1, 4):
        table.cell(0, col).merge(table.cell(1, col))
    table.cell(2, 1).merge(table.cell(2, 4))  # the group heading row
    table.cell(5, 2).merge(table.cell(6, 2))  # one lead for rows 3 and 4


def add_task_table(d: Any) -> None:
    """The task table, ruled, with its merged cells, at the end of the document ``d``."""
    rows = [HEAD_1, HEAD_2, *ROWS]
    table = d.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    _merge(table)
    table.cell(2, 1).text = "NHIỆM VỤ CHUNG"
    table.cell(5, 2).text = "Sở Nội vụ"


def docx_bytes(d: Any) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def build_docx() -> bytes:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    add_task_table(d)
    for text in CLOSING:
        d.add_paragraph(text)
    return docx_bytes(d)


def build_markdown() -> bytes:
    lines = [*HEADER]
    lines.append("| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |")
    lines.append("|---|---|---|---|---|")
    for row in ROWS:
        lead = "Sở Nội vụ" if row[0] == "4" else row[2]  # no merged cells in Markdown
        lines.append("| " + " | ".join([row[0], row[1], lead, row[3], row[4]]) + " |")
    lines += CLOSING
    return "\n".join(lines).encode("utf-8")


def _rows(result: Any) -> list[tuple[Any, ...]]:
    out = []
    for task in result.tasks or []:
        d = task.to_dict()
        out.append(
            (
                d["section"],
                d["content"],
                [u["name"] for u in d["lead"]],
                [u["name"] for u in d["support"]],
                d["deadlines"],
            )
        )
    return out


def _table_tasks(result: Any) -> list[tuple[Any, ...]]:
    return [
        row
        for row, task in zip(_rows(result), result.tasks or [], strict=True)
        if task.evidence.rule == "task.table_row"
    ]


def test_docx_task_table_rows_become_tasks() -> None:
    result = extract_bytes(build_docx(), "ke-hoach.docx")
    assert _table_tasks(result) == EXPECTED
    rules = {t.content[:12]: (t.lead_rule, t.recurring) for t in result.tasks or []}
    assert rules["Bồi dưỡng kỹ"] == ("lead.table_merged", False)
    assert rules["Tuyên truyền"] == ("lead.table_column", True)
    # no cell of the table is a task of its own, nor the group heading row
    contents = [t.content for t in result.tasks or []]
    assert not {"STT", "Chủ trì", "Quý II/2026", "NHIỆM VỤ CHUNG", "1"} & set(contents)


def test_table_evidence_points_at_the_cells() -> None:
    result = extract_bytes(build_docx(), "ke-hoach.docx")
    text = result.normalized.text
    for task in result.tasks or []:
        ev = task.evidence
        assert text[ev.start : ev.end] == task.content
        for unit in task.lead + task.support:
            assert unit.evidence is not None
            assert text[unit.evidence.start : unit.evidence.end] == unit.mention
        for d in task.deadlines:
            assert text[d.evidence.start : d.evidence.end] == d.text
    first = next(t for t in result.tasks or [] if t.section == "1")
    assert first.deadlines[0].evidence.rule == "deadline.cell_quarter"


def test_normalized_paragraphs_keep_their_cells() -> None:
    result = extract_bytes(build_docx(), "ke-hoach.docx")
    cells = {p.text: p.cell for p in result.normalized.paragraphs if p.cell}
    assert cells["Cơ quan thực hiện"] == (0, 0, 2)
    assert cells["Phối hợp"] == (0, 1, 3)
    assert cells["Quý II/2026"] == (0, 3, 4)
    assert (0, 6, 2) in result.normalized.merged_cells  # the lead cell under "Sở Nội vụ"


def test_markdown_pipe_table_rows_become_tasks() -> None:
    result = extract_bytes(build_markdown(), "ke-hoach.md")
    got = _table_tasks(result)
    assert [g[:4] for g in got] == [e[:4] for e in EXPECTED]
    assert [g[4] for g in got] == [e[4] for e in EXPECTED]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_printed_from_the_docx_reads_the_ruled_table(tmp_path: Path) -> None:
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes(build_docx())
    subprocess.run(
        [str(soffice()), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = extract_bytes((tmp_path / "ke-hoach.pdf").read_bytes(), "ke-hoach.pdf")
    # The rule missing between rows 3 and 4 of the lead column says that Word merged the two cells:
    # row 4 takes row 3's lead, as in the .docx.
    assert _table_tasks(result) == EXPECTED
    # and the header's STT, content and deadline cells span its two rows
    assert sorted(col for _table, _row, col in result.normalized.merged_cells) == [0, 1, 2, 4]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Nội dung nhiệm vụ", "content"),
        ("Nhiệm vụ", "content"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị thực hiện", "lead"),
        ("Cơ quan, đơn vị phối hợp", "support"),
        ("Thời gian hoàn thành", "deadline"),
        ("Tiến độ", "deadline"),
        ("TT", "number"),
        ("Ghi chú", None),
        ("Kết quả thực hiện", None),
    ],
)
def test_column_titles(title: str, kind: str | None) -> None:
    assert column_kind(title) == kind


def test_a_table_without_a_lead_column_is_not_a_task_table() -> None:
    d = docx.Document()
    for text in HEADER:
        d.add_paragraph(text)
    rows = [
        ["STT", "Nội dung", "Kết quả"],
        ["1", "Kiểm tra 20 công trình", "Đạt"],
        ["2", "Xử lý vi phạm", "5 vụ"],
    ]
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in CLOSING:
        d.add_paragraph(text)
    result = extract_bytes(docx_bytes(d), "x.docx")
    assert not [t for t in result.tasks or [] if t.evidence.rule == "task.table_row"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Quý II/2026", ["2026-06-30"]),
        ("Tháng 9/2026", ["2026-09-30"]),
        ("tháng 9 năm 2026", ["2026-09-30"]),
        ("Năm 2026", ["2026-12-31"]),
        ("30/6/2026", ["2026-06-30"]),
        ("Trước ngày 15/7/2026", ["2026-07-15"]),
        ("Thường xuyên", []),
        ("6 tháng đầu năm 2026", []),
    ],
)
def test_deadline_cells(cell: str, expected: list[str]) -> None:
    found = find_deadlines(cell, 0, meeting=None, issued=dt.date(2026, 3, 10), cell=True)
    assert [d.date for d in found] == expected


@pytest.mark.parametrize("text", ["Năm 2026", "Quý II/2026", "30/6/2026"])
def test_bare_periods_are_not_deadlines_in_running_text(text: str) -> None:
    assert find_deadlines(f"Tổng kết kết quả {text} của ngành.", 0, meeting=None, issued=None) == []


def test_task_table_in_an_appendix_after_the_signature() -> None:
    """Kế hoạch often list their tasks in a "Phụ lục" after the signature block: the table is read there,
    and the signer is still the one above it."""
    d = docx.Document()
    for text in HEADER[:-1]:
        d.add_paragraph(text)
    d.add_paragraph("Các sở, ngành, địa phương thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.")
    for text in CLOSING:
        d.add_paragraph(text)
    d.add_page_break()
    for text in ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ", "(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/3/2026)"):
        d.add_paragraph(text)
    add_task_table(d)
    result = extract_bytes(docx_bytes(d), "ke-hoach.docx")
    assert result.structure.signer.value == "Nguyễn Văn An"
    assert _table_tasks(result) == EXPECTED
