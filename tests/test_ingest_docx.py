"""The .docx parser: reading order, rebuilt Word numbering, tables, text boxes, and hostile inputs."""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx.table import _Cell

from docx_factory import DocxFactory, Level, bullet
from dondoc.errors import (
    ArchiveBombError,
    CorruptFileError,
    DondocError,
    EmptyFileError,
    EncryptedFileError,
    NoTextError,
    UnsupportedFormatError,
)
from dondoc.ingest import ingest_bytes, zipguard
from dondoc.ingest.docx import DocxParser, format_number
from dondoc.ingest.sniff import DOCX
from dondoc.model import Layout, RawDocument

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
VI_DIACRITICS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def parse(data: bytes, filename: str = "x.docx") -> RawDocument:
    return DocxParser().parse(data, filename)


def texts(doc: RawDocument) -> list[str]:
    return [line.text for line in doc.lines]


def rewrite(data: bytes, replace: dict[str, bytes | None] | None = None) -> bytes:
    """Copy a zip, replacing (bytes), adding or removing (None) members."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                content = replace.pop(info.filename)
                if content is not None:
                    dst.writestr(info.filename, content)
            else:
                dst.writestr(info.filename, src.read(info.filename))
        for name, content in replace.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def assert_vietnamese(error: DondocError) -> None:
    assert error.message
    assert set(error.message.lower()) & VI_DIACRITICS, error.message


# ------------------------------------------------------------------------------------------- numbering


def numbered_document() -> tuple[DocxFactory, list[tuple[str, str | None]]]:
    """Paragraphs with direct and style-inherited multi-level numbering, and the lines they must give."""
    f = DocxFactory()
    outline = f.add_abstract(
        [
            Level("decimal", "%1."),
            Level("decimal", "%1.%2."),
            Level("lowerLetter", "%3)"),
            bullet("-"),
            bullet("+"),
        ]
    )
    num = f.add_num(outline)
    f.add_style("Heading2Num", num=num, ilvl=1)
    f.add_style("Heading2NumChild", based_on="Heading2Num")  # inherits numPr through w:basedOn
    f.add_style("Heading1Num", num=num)  # numId only: level 0
    restarted = f.add_num(outline, {0: 1})  # Word's "Restart numbering at 1"
    items: list[tuple[str, dict[str, object], str | None]] = [
        ("Kết luận của Chủ tịch UBND tỉnh", {}, "Kết luận của Chủ tịch UBND tỉnh"),
        ("Về giao thông", {"num": num, "ilvl": 0}, "1. Về giao thông"),
        ("Sở Xây dựng:", {"style": "Heading2Num"}, "1.1. Sở Xây dựng:"),
        ("Về y tế", {"style": "Heading1Num"}, "2. Về y tế"),
        ("Phòng Y tế:", {"num": num, "ilvl": 1}, "2.1. Phòng Y tế:"),
        ("rà soát các cơ sở;", {"num": num, "ilvl": 2}, "a) rà soát các cơ sở;"),
        ("báo cáo kết quả;", {"num": num, "ilvl": 2}, "b) báo cáo kết quả;"),
        ("trước ngày 30/4/2025;", {"num": num, "ilvl": 3}, "- trước ngày 30/4/2025;"),
        ("định kỳ hằng tháng.", {"num": num, "ilvl": 4}, "+ định kỳ hằng tháng."),
        ("", {"num": num, "ilvl": 1}, None),  # an empty numbered paragraph counts but is not emitted
        ("Trung tâm Y tế:", {"style": "Heading2NumChild"}, "2.3. Trung tâm Y tế:"),
        ("kiểm tra;", {"num": num, "ilvl": 2}, "a) kiểm tra;"),  # restarted by level 1
        ("Về giáo dục", {"num": num, "ilvl": 0}, "3. Về giáo dục"),
        ("Sở Giáo dục và Đào tạo:", {"num": num, "ilvl": 1}, "3.1. Sở Giáo dục và Đào tạo:"),
        ("Danh sách mới", {"num": restarted, "ilvl": 0}, "1. Danh sách mới"),
        ("mục con", {"num": restarted, "ilvl": 1}, "1.1. mục con"),
        ("Tiếp tục", {"num": num, "ilvl": 0}, "2. Tiếp tục"),  # instances share the abstract counters
    ]
    for text, kwargs, _ in items:
        f.paragraph(text, **kwargs)  # type: ignore[arg-type]
    return f, [(text, expected) for text, _, expected in items]


def test_multilevel_numbering_direct_and_through_styles() -> None:
    f, items = numbered_document()
    doc = parse(f.to_bytes())
    assert texts(doc) == [expected for _, expected in items if expected is not None]
    assert all(line.starts_paragraph and not line.in_table for line in doc.lines)


@pytest.mark.parametrize(
    ("levels", "paragraphs", "expected"),
    [
        pytest.param(
            [Level("upperRoman", "%1."), Level("decimal", "%2.")],
            [(0, "A"), (1, "B"), (1, "C"), (0, "D"), (1, "E")],
            ["I. A", "1. B", "2. C", "II. D", "1. E"],
            id="roman-then-decimal",
        ),
        pytest.param(
            [Level("decimal", "Điều %1."), Level("decimal", "%2.", start=3)],
            [(0, "A"), (1, "B"), (1, "C")],
            ["Điều 1. A", "3. B", "4. C"],
            id="literal-text-and-start",
        ),
        pytest.param(
            [Level("decimal", "%1."), Level("lowerLetter", "%2)", restart=0)],
            [(0, "A"), (1, "B"), (0, "C"), (1, "D")],
            ["1. A", "a) B", "2. C", "b) D"],
            id="lvlRestart-0-never-restarts",
        ),
        pytest.param(
            [Level("decimal", "%1."), Level("decimal", "%1.%2."), Level("decimal", "%1.%2.%3.", restart=1)],
            [(0, "A"), (1, "B"), (2, "C"), (1, "D"), (2, "E"), (0, "F"), (2, "G")],
            ["1. A", "1.1. B", "1.1.1. C", "1.2. D", "1.2.2. E", "2. F", "2.1.1. G"],
            id="lvlRestart-1-restarts-on-level-1-only",
        ),
        pytest.param(
            [Level("upperRoman", "%1."), Level("decimal", "%1.%2.", legal=True)],
            [(0, "A"), (1, "B")],
            ["I. A", "1.1. B"],
            id="isLgl-legal-numbering",
        ),
        pytest.param(
            [Level("decimal", "%1."), Level("decimal", "%1.%2.")],
            [(1, "A"), (1, "B"), (0, "C")],
            ["1.1. A", "1.2. B", "2. C"],
            id="skipped-level-shows-its-start-and-counts",
        ),
        pytest.param(
            [Level("upperLetter", "%1."), Level("decimalZero", "%2."), Level("none", "")],
            [(0, "A"), (1, "B"), (2, "C")],
            ["A. A", "01. B", "C"],
            id="upperLetter-decimalZero-none",
        ),
    ],
)
def test_numbering_formats(
    levels: list[Level], paragraphs: list[tuple[int, str]], expected: list[str]
) -> None:
    f = DocxFactory()
    num = f.add_list(levels)
    for ilvl, text in paragraphs:
        f.paragraph(text, num=num, ilvl=ilvl)
    assert texts(parse(f.to_bytes())) == expected


@pytest.mark.parametrize(
    ("glyph", "font", "expected"),
    [
        ("•", None, "- X"),
        ("\uf0b7", "Symbol", "- X"),
        ("\uf0a7", "Wingdings", "- X"),
        ("o", "Courier New", "- X"),
        ("●", None, "- X"),
        ("▪", None, "- X"),
        ("-", None, "- X"),
        ("–", None, "- X"),
        ("+", None, "+ X"),
        ("\uf02b", "Symbol", "+ X"),  # how LibreOffice writes a "+" bullet
        ("\uf02d", "Symbol", "- X"),
        ("", None, "X"),
    ],
)
def test_bullets(glyph: str, font: str | None, expected: str) -> None:
    f = DocxFactory()
    num = f.add_list([bullet(glyph, font)])
    f.paragraph("X", num=num, ilvl=0)
    assert texts(parse(f.to_bytes())) == [expected]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "decimal", "1"),
        (4, "upperRoman", "IV"),
        (1999, "upperRoman", "MCMXCIX"),
        (9, "lowerRoman", "ix"),
        (1, "upperLetter", "A"),
        (27, "upperLetter", "AA"),
        (28, "lowerLetter", "bb"),
        (3, "decimalZero", "03"),
        (12, "decimalZero", "12"),
        (5, "none", ""),
        (7, "ordinal", "7"),
    ],
)
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_style_linked_level_and_numbering_removed_by_num_id_zero() -> None:
    f = DocxFactory()
    num = f.add_list([Level("decimal", "%1."), Level("decimal", "%1.%2.", pstyle="Muc2")])
    f.add_style("Muc2", num=num)  # numId without ilvl: the level whose w:pStyle is this style
    f.paragraph("Chương", num=num, ilvl=0)
    f.paragraph("Mục", style="Muc2")
    f.paragraph("Không đánh số", style="Muc2", num=0)  # numId 0 removes the style's numbering
    f.paragraph("Mục tiếp", style="Muc2")
    assert texts(parse(f.to_bytes())) == ["1. Chương", "1.1. Mục", "Không đánh số", "1.2. Mục tiếp"]


def test_numbering_inside_table_cells_continues_the_body_list() -> None:
    f = DocxFactory()
    num = f.add_list([Level("decimal", "%1.")])
    f.paragraph("Trước bảng", num=num, ilvl=0)
    table = f.table([["", "Nội dung"]])
    f.paragraph("Trong bảng", num=num, ilvl=0, container=table.cell(0, 0))
    f.paragraph("Sau bảng", num=num, ilvl=0)
    doc = parse(f.to_bytes())
    assert texts(doc) == ["1. Trước bảng", "2. Trong bảng", "Nội dung", "3. Sau bảng"]
    assert [line.in_table for line in doc.lines] == [False, True, True, False]


def test_hostile_numbering_definitions_do_not_break_parsing() -> None:
    f = DocxFactory()
    huge = f.add_list([Level("lowerLetter", "%1)", start=999_999_999)])
    missing_abstract = f.add_num(9999)
    f.paragraph("Nhãn lớn", num=huge, ilvl=0)
    f.paragraph("Danh sách không tồn tại", num=missing_abstract, ilvl=0)
    f.paragraph("Cấp không tồn tại", num=huge, ilvl=7)
    assert texts(parse(f.to_bytes())) == [
        "999999999) Nhãn lớn",
        "Danh sách không tồn tại",
        "Cấp không tồn tại",
    ]


def test_unreadable_numbering_part_is_a_warning_not_an_error() -> None:
    f = DocxFactory()
    num = f.add_list([Level("decimal", "%1.")])
    f.paragraph("Nội dung", num=num, ilvl=0)
    data = rewrite(f.to_bytes(), {"word/numbering.xml": b"<w:numbering"})
    doc = parse(data)
    assert texts(doc) == ["Nội dung"]
    assert len(doc.warnings) == 1
    assert "numbering.xml" in doc.warnings[0]
    assert set(doc.warnings[0]) & VI_DIACRITICS


def test_alt_chunk_is_reported() -> None:
    f = DocxFactory()
    f.paragraph("Phần đầu")
    f.raw_block('<w:altChunk r:id="rIdMissing"/>')
    doc = parse(f.to_bytes())
    assert texts(doc) == ["Phần đầu"]
    assert any("altChunk" in warning for warning in doc.warnings)


# ------------------------------------------------------------------------------------ tables and order


HEADER_LEFT = [
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
    "Số: 123/UBND-XD",
    "V/v triển khai kế hoạch phòng chống thiên tai",
]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "Lào Cai, ngày 12 tháng 3 năm 2025",
]


def test_header_table_then_body_in_reading_order() -> None:
    f = DocxFactory()
    num = f.add_list([Level("decimal", "%1.")])
    f.table([[HEADER_LEFT, HEADER_RIGHT]])
    f.paragraph("")
    f.paragraph("Kính gửi: Các sở, ban, ngành tỉnh")
    f.paragraph("   ")  # whitespace only: skipped
    f.paragraph("\t")
    f.paragraph("Giao Sở Xây dựng chủ trì, phối hợp các đơn vị liên quan.", num=num, ilvl=0)
    f.paragraph("Giao Sở Tài chính tham mưu\nbố trí kinh phí thực hiện.", num=num, ilvl=0)  # body w:br
    f.paragraph("Nơi nhận:\tKT. CHỦ TỊCH")
    doc = parse(f.to_bytes())
    got = [(line.text, line.in_table, line.starts_paragraph) for line in doc.lines]
    assert got == [
        ("ỦY BAN NHÂN DÂN", True, True),
        ("TỈNH LÀO CAI", True, False),
        ("Số: 123/UBND-XD", True, True),
        ("V/v triển khai kế hoạch phòng chống thiên tai", True, True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, True),
        ("Độc lập - Tự do - Hạnh phúc", True, False),
        ("Lào Cai, ngày 12 tháng 3 năm 2025", True, True),
        ("Kính gửi: Các sở, ban, ngành tỉnh", False, True),
        ("1. Giao Sở Xây dựng chủ trì, phối hợp các đơn vị liên quan.", False, True),
        ("2. Giao Sở Tài chính tham mưu bố trí kinh phí thực hiện.", False, True),
        ("Nơi nhận: KT. CHỦ TỊCH", False, True),
    ]
    assert doc.layout == Layout.PARAGRAPHS
    assert doc.media_type == DOCX
    assert doc.parser == "docx"


def test_long_pieces_in_a_cell_are_not_split() -> None:
    long_piece = "Giao Ủy ban nhân dân các huyện, thị xã, thành phố " * 3
    f = DocxFactory()
    f.table([[f"{long_piece}\nbáo cáo kết quả", "Ngắn\nhai dòng"]])
    assert texts(parse(f.to_bytes())) == [f"{long_piece.strip()} báo cáo kết quả", "Ngắn", "hai dòng"]


def test_body_table_rows_cells_nested_and_merged() -> None:
    f = DocxFactory()
    f.paragraph("Trước bảng")
    table = f.table(
        [
            ["TT", "Nội dung", "Đơn vị"],
            ["1", ["Rà soát quy hoạch", "hoàn thành trong tháng 5"], "Sở Xây dựng"],
            ["2", "Kiểm tra", ""],
            ["Ghi chú", "", ""],
        ]
    )
    # vertical merge of the "Đơn vị" column over rows 2-3, with stale text left in the continuation cell
    merged = table.cell(2, 2).merge(table.cell(3, 2))
    merged.paragraphs[0].add_run("Sở Y tế")
    continuation = _Cell(table.rows[3]._tr.tc_lst[-1], table)
    continuation.paragraphs[0].add_run("KHÔNG ĐƯỢC LẶP")
    # horizontal merge (gridSpan) of the last row
    table.cell(3, 0).merge(table.cell(3, 1))
    # a nested table in a cell
    f.table([["Bảng con A", "Bảng con B"]], container=table.cell(2, 1))
    f.paragraph("Sau bảng")
    doc = parse(f.to_bytes())
    assert texts(doc) == [
        "Trước bảng",
        "TT",
        "Nội dung",
        "Đơn vị",
        "1",
        "Rà soát quy hoạch",
        "hoàn thành trong tháng 5",
        "Sở Xây dựng",
        "2",
        "Kiểm tra",
        "Bảng con A",
        "Bảng con B",
        "Sở Y tế",
        "Ghi chú",
        "Sau bảng",
    ]
    assert [line.in_table for line in doc.lines] == [False] + [True] * 13 + [False]


def test_content_controls_and_tracked_changes() -> None:
    f = DocxFactory()
    f.raw_block(
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Trong điều khiển nội dung</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    f.raw_paragraph(
        '<w:r><w:t xml:space="preserve">Giao </w:t></w:r>'
        '<w:del w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>Sở Xây dựng</w:delText>'
        "</w:r></w:del>"
        '<w:ins w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z">'
        "<w:r><w:t>Sở Tài chính</w:t></w:r></w:ins>"
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>ĐÃ CHUYỂN</w:t></w:r></w:moveFrom>'
        '<w:r><w:t xml:space="preserve"> chủ trì</w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>CHỮ ẨN</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> (trang </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>)</w:t></w:r>'
        '<w:hyperlink w:anchor="x"><w:r><w:t xml:space="preserve"> xem phụ lục</w:t></w:r></w:hyperlink>'
        '<w:sdt><w:sdtContent><w:r><w:t xml:space="preserve"> số 2</w:t></w:r></w:sdtContent></w:sdt>'
        "<w:r><w:t>, COVID</w:t><w:noBreakHyphen/><w:t>19</w:t></w:r>"
    )
    assert texts(parse(f.to_bytes())) == [
        "Trong điều khiển nội dung",
        "Giao Sở Tài chính chủ trì (trang 7) xem phụ lục số 2, COVID-19",
    ]


def test_text_box_is_read_once_where_it_is_anchored() -> None:
    f = DocxFactory()
    f.paragraph("Trước")
    f.text_box(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"], anchor_text="Neo")
    f.text_box(["Chỉ hộp"])  # anchored in an empty paragraph
    f.paragraph("Sau")
    data = f.to_bytes()
    assert member(data, "word/document.xml").count(b"txbxContent>") == 8  # DrawingML + VML copies
    doc = parse(data)
    assert texts(doc) == [
        "Trước",
        "Neo",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Chỉ hộp",
        "Sau",
    ]
    assert all(not line.in_table for line in doc.lines)


def test_footnotes_and_page_headers_are_not_read() -> None:
    f = DocxFactory()
    f.doc.sections[0].header.paragraphs[0].text = "ĐẦU TRANG"
    f.doc.sections[0].footer.paragraphs[0].text = "CHÂN TRANG"
    f.paragraph("Nội dung chính")
    footnotes = (
        f'<w:footnotes xmlns:w="{W_TRANSITIONAL}"><w:footnote w:id="1"><w:p><w:r><w:t>CHÚ THÍCH</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    ).encode()
    data = rewrite(f.to_bytes(), {"word/footnotes.xml": footnotes})
    assert texts(parse(data)) == ["Nội dung chính"]


def test_text_is_nfc_even_when_split_across_runs() -> None:
    f = DocxFactory()
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh")
    paragraph = f.paragraph(decomposed[:3])
    paragraph.add_run(decomposed[3:])  # a combining mark may start the second run
    doc = parse(f.to_bytes())
    assert texts(doc) == ["Ủy ban nhân dân tỉnh"]
    assert unicodedata.is_normalized("NFC", doc.lines[0].text)


def test_page_breaks_advance_the_page_number() -> None:
    f = DocxFactory()
    f.paragraph("Trang một")
    f.raw_paragraph('<w:r><w:br w:type="page"/></w:r><w:r><w:t>Trang hai</w:t></w:r>')
    f.raw_paragraph("<w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Trang ba</w:t></w:r>")
    assert [(line.text, line.page) for line in parse(f.to_bytes()).lines] == [
        ("Trang một", 0),
        ("Trang hai", 1),
        ("Trang ba", 2),
    ]


def test_strict_ooxml_and_a_renamed_main_part() -> None:
    f = DocxFactory()
    num = f.add_list([Level("decimal", "%1.")])
    f.paragraph("Nội dung", num=num, ilvl=0)
    data = f.to_bytes()
    strict = {
        name: member(data, name).replace(W_TRANSITIONAL.encode(), W_STRICT.encode())
        for name in ("word/document.xml", "word/numbering.xml", "word/styles.xml")
    }
    assert texts(parse(rewrite(data, dict(strict)))) == ["1. Nội dung"]
    renamed = rewrite(
        data,
        {
            "word/document.xml": None,
            "word/main.xml": member(data, "word/document.xml"),
            "word/_rels/document.xml.rels": None,
            "word/_rels/main.xml.rels": member(data, "word/_rels/document.xml.rels"),
            "_rels/.rels": member(data, "_rels/.rels").replace(b"word/document.xml", b"word/main.xml"),
        },
    )
    assert texts(parse(renamed)) == ["1. Nội dung"]


def test_registry_path() -> None:
    f, items = numbered_document()
    doc = ingest_bytes(f.to_bytes(), "x.docx")
    assert doc.parser == "docx"
    assert doc.media_type == DOCX
    assert doc.layout == Layout.PARAGRAPHS
    assert texts(doc)[:3] == [expected for _, expected in items[:3]]


# ------------------------------------------------------------------------------------------ bad inputs


def valid_docx() -> bytes:
    f = DocxFactory()
    f.paragraph("Nội dung")
    return f.to_bytes()


def test_empty_file_through_the_registry() -> None:
    with pytest.raises(EmptyFileError) as info:
        ingest_bytes(b"", "x.docx")
    assert_vietnamese(info.value)


def test_random_bytes_named_docx() -> None:
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(UnsupportedFormatError) as info:
        ingest_bytes(noise, "x.docx")
    assert_vietnamese(info.value)
    with pytest.raises(CorruptFileError) as corrupt:
        parse(noise)
    assert_vietnamese(corrupt.value)


def test_truncated_docx() -> None:
    data = valid_docx()
    with pytest.raises(CorruptFileError) as info:
        ingest_bytes(data[: len(data) // 2], "x.docx")
    assert_vietnamese(info.value)


@pytest.mark.parametrize(
    "replace",
    [
        pytest.param({"word/document.xml": None}, id="missing-document-xml"),
        pytest.param({"word/document.xml": b"<w:document><w:body><w:p>"}, id="invalid-xml"),
        pytest.param({"word/document.xml": b"<?xml version='1.0'?><root/>"}, id="not-wordprocessingml"),
        pytest.param(
            {
                "word/document.xml": (
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    b'<w:document xmlns:w="' + W_TRANSITIONAL.encode() + b'"><w:body><w:p><w:r><w:t>&b;'
                    b"</w:t></w:r></w:p></w:body></w:document>"
                )
            },
            id="dtd-entities",
        ),
    ],
)
def test_corrupt_package(replace: dict[str, bytes | None]) -> None:
    data = rewrite(valid_docx(), replace)
    with pytest.raises(CorruptFileError) as info:
        ingest_bytes(data, "x.docx")
    assert_vietnamese(info.value)


def test_bad_crc_is_corrupt() -> None:
    data = bytearray(valid_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10] ^= 0xFF  # damage the deflate stream
    with pytest.raises(CorruptFileError):
        parse(bytes(data))


@pytest.mark.parametrize("paragraphs", [[], ["", "  ", "\t", "\n"]])
def test_no_text(paragraphs: list[str]) -> None:
    f = DocxFactory()
    for text in paragraphs:
        f.paragraph(text)
    with pytest.raises(NoTextError) as info:
        ingest_bytes(f.to_bytes(), "x.docx")
    assert_vietnamese(info.value)


def test_encrypted_office_document() -> None:
    # An OLE compound file holding an EncryptedPackage stream (how Office stores password-protected docx).
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    )
    with pytest.raises(EncryptedFileError) as info:
        parse(ole)
    assert_vietnamese(info.value)


def test_zip_encryption_flag() -> None:
    data = bytearray(valid_docx())
    position = data.find(b"PK\x01\x02")
    while position != -1:
        flags = struct.unpack_from("<H", data, position + 8)[0]
        struct.pack_into("<H", data, position + 8, flags | 0x1)
        position = data.find(b"PK\x01\x02", position + 4)
    with pytest.raises(EncryptedFileError):
        parse(bytes(data))


def test_zip_bomb_300_mb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as stream:
            stream.write(f'<w:document xmlns:w="{W_TRANSITIONAL}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(300):
                stream.write(chunk)
    data = path.read_bytes()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(ArchiveBombError) as info:
        ingest_bytes(data, "bomb.docx")
    assert_vietnamese(info.value)


def bomb_members(names_and_data: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in names_and_data:
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda docx: rewrite(docx, {"word/media/padding.bin": bytes(20 * 1024 * 1024)}), id="ratio"
        ),
        pytest.param(
            lambda docx: rewrite(docx, {f"customXml/i{i}.xml": b"" for i in range(10_001)}), id="members"
        ),
        pytest.param(
            lambda docx: rewrite(
                docx, {f"word/embeddings/o{i}.xlsx": bomb_members([("a", b"x")]) for i in range(101)}
            ),
            id="nested-archives",
        ),
    ],
)
def test_archive_limits(build: object) -> None:
    assert callable(build)
    data = build(valid_docx())
    with pytest.raises(ArchiveBombError) as info:
        parse(data)
    assert_vietnamese(info.value)


def test_overlapping_members_are_a_bomb() -> None:
    """Fifield's non-recursive bomb: central-directory entries sharing one compressed kernel."""
    data = bytearray(bomb_members([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"x" * 5000)]))
    first = data.find(b"PK\x01\x02")
    second = data.find(b"PK\x01\x02", first + 4)
    # point the second entry's local-header offset at the first member's data
    struct.pack_into("<I", data, second + 42, 10)
    with pytest.raises(ArchiveBombError):
        parse(bytes(data))


def test_zipguard_accepts_a_normal_docx_and_caps_reads() -> None:
    archive = zipguard.open_archive(valid_docx())
    with archive:
        assert zipguard.read_member(archive, "word/document.xml").startswith(b"<?xml")
        with pytest.raises(ArchiveBombError):
            zipguard.read_member(archive, "word/styles.xml", max_size=100)


# ----------------------------------------------------------------------------- LibreOffice as reference


_LO_BULLETS = "•◦▪"


def _normalize_lo(line: str) -> str:
    line = " ".join(line.split())
    if line[:1] in _LO_BULLETS and line[1:2] == " ":
        return "<bullet>" + line[1:]
    return line


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_numbering_matches_libreoffice_text_export(tmp_path: Path) -> None:
    f = DocxFactory()
    outline = f.add_abstract(
        [
            Level("upperRoman", "%1."),
            Level("decimal", "%2."),
            Level("decimal", "%2.%3."),
            Level("lowerLetter", "%4)"),
            bullet("-"),
            bullet("\uf0b7", "Symbol"),
        ]
    )
    num = f.add_num(outline)
    f.add_style("Heading2Num", num=num, ilvl=1)
    f.add_style("Heading2NumChild", based_on="Heading2Num")
    plan = [(0, "Nông nghiệp"), (1, "Sở Nông nghiệp"), (2, "Chi cục Thủy lợi"), (2, "Chi cục Kiểm lâm"),
            (3, "rà soát"), (3, "báo cáo"), (4, "hằng tháng"), (5, "hằng quý"), (1, "Sở Tài chính"),
            (2, "Phòng Ngân sách"), (0, "Y tế"), (1, "Sở Y tế"), (3, "mục chữ")]  # fmt: skip
    for ilvl, text in plan:
        f.paragraph(text, num=num, ilvl=ilvl)
    f.paragraph("Qua kiểu đoạn", style="Heading2Num")
    f.paragraph("Qua kiểu kế thừa", style="Heading2NumChild")
    second = f.add_num(outline)
    f.paragraph("Tiếp tục danh sách", num=second, ilvl=0)
    restarted = f.add_num(outline, {0: 1})
    f.paragraph("Bắt đầu lại", num=restarted, ilvl=0)
    f.paragraph("Mục con", num=restarted, ilvl=1)
    f.paragraph("Danh sách cũ tiếp tục", num=num, ilvl=0)
    other = f.add_list([Level("decimalZero", "%1."), Level("decimal", "%1.%2.")])
    f.paragraph("Bỏ cấp", num=other, ilvl=1)
    f.paragraph("Số có số 0", num=other, ilvl=0)
    path = f.save(tmp_path / "numbering.docx")

    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=180, check=False, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    exported = tmp_path / "numbering.txt"
    assert result.returncode == 0 and exported.exists(), result.stderr.decode(errors="replace")
    reference = [
        _normalize_lo(line) for line in exported.read_text(encoding="utf-8-sig").splitlines() if line.strip()
    ]
    ours = [
        "<bullet>" + line[1:] if line.startswith(("- ", "+ ")) else line
        for line in texts(parse(path.read_bytes()))
    ]
    assert ours == reference
    assert "2.1. Phòng Ngân sách" in ours
