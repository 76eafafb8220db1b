"""The PDF parser: reading order (two-column header and signature block), stamps, errors, OCR pages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from dondoc.ingest.ocr import OcrWord

pytest.importorskip("reportlab")

import pdf_factory as F
from dondoc.errors import (
    CorruptFileError,
    DondocError,
    EncryptedFileError,
    NeedsOcrError,
    NoTextError,
    NoTextInImageError,
)
from dondoc.ingest import ingest_bytes
from dondoc.ingest.pdf import PdfParser
from dondoc.ingest.sniff import PDF
from dondoc.model import Layout, RawDocument

pytestmark = pytest.mark.skipif(
    not F.font_available(),
    reason=f"needs the DejaVu Sans font ({F.FONT_PATH}): apt-get install fonts-dejavu-core",
)


def parse(data: bytes) -> RawDocument:
    return PdfParser().parse(data, "test.pdf")


def texts(doc: RawDocument) -> list[str]:
    return [line.text for line in doc.lines]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def nd30() -> F.Built:
    return F.build_nd30()


@pytest.fixture(scope="module")
def nd30_doc(nd30: F.Built) -> RawDocument:
    return parse(nd30.data)


# --- (a) reading order ----------------------------------------------------------------------------------


def test_document_facts(nd30_doc: RawDocument) -> None:
    assert nd30_doc.media_type == PDF
    assert nd30_doc.layout is Layout.WRAPPED
    assert nd30_doc.parser == "pdf"
    assert nd30_doc.warnings == []


def test_header_is_read_column_by_column(nd30: F.Built, nd30_doc: RawDocument) -> None:
    lines = texts(nd30_doc)
    assert lines[: len(nd30.header)] == [nfc(s) for s in nd30.header]
    assert lines[:9] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÀO CAI",
        "Số: 123/UBND-XD",
        "V/v đôn đốc thực hiện kết luận",
        "của Chủ tịch UBND tỉnh",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lào Cai, ngày 12 tháng 3 năm 2025",
        "THÔNG BÁO",
    ]
    # The two columns are never merged into one line.
    assert not any("ỦY BAN" in s and "CỘNG HÒA" in s for s in lines)
    assert not any("Số:" in s and "ngày 12" in s for s in lines)


def test_header_columns_with_drifting_baselines() -> None:
    # Only the first lines of the two columns share a baseline; the others alternate.
    doc = parse(F.build_nd30(header_drift=7).data)
    assert texts(doc)[: len(F.HEADER_ORDER) + 1] == [*F.HEADER_ORDER, "THÔNG BÁO"]


def test_title_body_and_signature_in_order(nd30: F.Built, nd30_doc: RawDocument) -> None:
    lines = texts(nd30_doc)
    after_header = lines[len(nd30.header) :]
    assert after_header[: len(nd30.title)] == nd30.title
    rest = after_header[len(nd30.title) :]
    # The page number of page 2 stays as a line of its own (the normalizer drops it).
    assert nd30.page_numbers == ["2"]
    assert rest.count("2") == 1
    body = [s for s in rest if s != "2"][: len(nd30.body_lines)]
    assert body == [nfc(s) for s in nd30.body_lines]  # every visual line whole, exact and in order
    tail = [s for s in rest if s != "2"][len(nd30.body_lines) :]
    assert tail == nd30.recipients + nd30.signature


def test_four_page_document_lines_are_exact_and_in_order() -> None:
    built = F.build_nd30(body=F.BODY_PARAGRAPHS * 3, stamp=True)
    assert built.pages == 4
    doc = parse(built.data)
    lines = [s for s in texts(doc) if s not in built.page_numbers]
    assert lines == [*built.header, *built.title, *built.body_lines, *built.recipients, *built.signature]
    # Among them a justified line spread wide, right under a centred page number.
    assert "của tỉnh tại địa chỉ" in lines
    assert not any(line.in_table for line in doc.lines)


def test_justified_lines_with_wide_word_gaps_stay_whole(nd30_doc: RawDocument) -> None:
    # The line before the long URL is justified with gaps of several font sizes.
    lines = texts(nd30_doc)
    assert "của tỉnh tại địa chỉ" in lines
    url = next(s for s in lines if s.startswith("https://"))
    assert url == "https://dichvucong.laocai.gov.vn/portal/p/home/tra-cuu-ho-so-du-an.html"


def test_consecutive_spread_lines_are_not_columns() -> None:
    # "<address> và" lines, each spread over the width, their gaps lined up like a column gutter.
    url = "https://dichvucong.laocai.gov.vn/portal/p/home/tra-cuu.html"
    built = F.build_nd30(body=["Các đơn vị tra cứu kết quả tại các địa chỉ " + " và ".join([url] * 4) + "."])
    assert built.body_lines[1:4] == [f"{url} và"] * 3
    lines = texts(parse(built.data))
    body_start = len(built.header) + len(built.title)
    assert lines[body_start : body_start + len(built.body_lines)] == built.body_lines


def test_a_lone_wide_gap_is_not_a_column_gap() -> None:
    # A tab after a label, on a line whose neighbours run across the gap.
    data = F.build_pages(
        [
            "lines:Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6"
            "|Điều 1.\tPhê duyệt kế hoạch triển khai nhiệm vụ năm 2025"
            "|Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020"
        ]
    )
    assert texts(parse(data))[1] == "Điều 1. Phê duyệt kế hoạch triển khai nhiệm vụ năm 2025"


def test_consecutive_justified_lines_spread_wide_stay_whole() -> None:
    lines = [
        "Văn bản này được căn đều hai bên theo đúng thể thức quy định",
        "tham mưu đề xuất giải pháp",
        "kiểm tra đôn đốc nhắc nhở",
        "Văn bản này được căn đều hai bên theo đúng thể thức quy định",
    ]
    assert texts(parse(F.build_pages(["justified:" + "|".join(lines)]))) == lines
    # Alone on a page, where the text margins are unknown.
    assert texts(parse(F.build_pages(["justified:" + "|".join(lines[1:3])]))) == lines[1:3]


def test_header_column_confirmed_by_the_line_under_one_side() -> None:
    # Only the first lines share a baseline; the right column's second line is far below.
    data = F.build_pages(
        [
            "place:160;790;12.5;center;SỞ XÂY DỰNG"
            "|395;790;12;center;CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            "|160;774;12.5;center;TỈNH LÀO CAI"
            "|395;740;13;center;Độc lập - Tự do - Hạnh phúc"
        ]
    )
    assert texts(parse(data)) == [
        "SỞ XÂY DỰNG",
        "TỈNH LÀO CAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_a_hyphen_ending_a_line_is_kept() -> None:
    # PDFium reports it as a soft hyphen (U+0002/U+FFFE); Vietnamese words are never hyphenated.
    data = F.build_pages(["lines:Truy cập https://dichvucong.laocai.gov.vn/tra-cuu-ho-|so.html để tra cứu."])
    assert texts(parse(data)) == [
        "Truy cập https://dichvucong.laocai.gov.vn/tra-cuu-ho-",
        "so.html để tra cứu.",
    ]


def test_pages_are_zero_based(nd30: F.Built, nd30_doc: RawDocument) -> None:
    assert nd30.pages == 2
    assert nd30_doc.lines[0].page == 0
    assert nd30_doc.lines[-1].page == 1
    page_number = next(line for line in nd30_doc.lines if line.text == "2")
    assert page_number.page == 1
    pages = [line.page for line in nd30_doc.lines]
    assert pages == sorted(pages)


def test_paragraph_starts_follow_the_layout(nd30: F.Built, nd30_doc: RawDocument) -> None:
    lines = [line for line in nd30_doc.lines if line.text != "2"]
    first_body = len(nd30.header) + len(nd30.title)
    body = lines[first_body : first_body + len(nd30.body_lines)]
    assert [line.starts_paragraph for line in body] == nd30.body_starts
    title = lines[len(nd30.header) : first_body]
    assert [line.starts_paragraph for line in title] == [True, False, False]
    # Each column of a two-column block starts afresh.
    by_text = {line.text: line for line in nd30_doc.lines}
    for text in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:", "TL. CHỦ TỊCH"):
        assert by_text[text].starts_paragraph, text
    assert not by_text["- Như trên;"].starts_paragraph


def test_vietnamese_text_is_nfc(nd30_doc: RawDocument) -> None:
    for line in nd30_doc.lines:
        assert unicodedata.is_normalized("NFC", line.text)
    assert "Ủy ban nhân dân" in nd30_doc.text


def test_superscript_stays_on_its_line() -> None:
    doc = parse(F.build_superscript())
    assert texts(doc) == ["Diện tích đất ở là 250 m2 mỗi hộ gia đình.", "Dòng tiếp theo của đoạn văn."]


def table_cells(doc: RawDocument) -> tuple[list[str], list[str]]:
    """The cells of the document's tables (their lines joined), and the lines outside tables."""
    cells: list[str] = []
    outside: list[str] = []
    for line in doc.lines:
        if not line.in_table:
            outside.append(line.text)
        elif line.starts_paragraph or not cells:
            cells.append(line.text)
        else:
            cells[-1] += " " + line.text
    return cells, outside


def test_ruled_table_is_read_cell_by_cell() -> None:
    doc = parse(F.build_table())
    cells, outside = table_cells(doc)
    assert cells == [cell for row in F.TASK_TABLE for cell in row]
    assert outside == [F.TABLE_BEFORE, F.TABLE_AFTER]
    assert doc.lines[-1].starts_paragraph  # the paragraph after the table
    assert max(len(line.text) for line in doc.lines if line.in_table) < 40  # cells never merge


# --- (b) digital-signature stamps and rotated text --------------------------------------------------------


def test_signature_stamp_and_rotated_text_are_dropped(nd30: F.Built) -> None:
    doc = parse(F.build_nd30(stamp=True, stamp_ascii=True, rotated=True).data)
    text = doc.text
    for fragment in (
        "Ký bởi",
        "ubnd@laocai.gov.vn",
        "Cơ quan: Tỉnh",
        "Thời gian ký",
        "09:15:22",
        "Ky boi",
        "Thoi gian ky",
        "Văn bản điện tử",
        "xác thực",
    ):
        assert fragment not in text, fragment
    # Nothing else is lost or moved.
    assert texts(doc) == texts(parse(nd30.data))


def test_weak_labels_alone_are_kept() -> None:
    doc = parse(
        F.build_pages(["lines:Đề nghị liên hệ bộ phận một cửa của tỉnh.|Email: vanthu@laocai.gov.vn"])
    )
    assert texts(doc) == ["Đề nghị liên hệ bộ phận một cửa của tỉnh.", "Email: vanthu@laocai.gov.vn"]


def test_stamp_lines_at_body_size_do_not_swallow_the_text_above() -> None:
    data = F.build_pages(
        [
            "lines:Văn phòng thông báo để các đơn vị biết, thực hiện./."
            "|Ký bởi: Văn phòng Ủy ban nhân dân"
            "|tỉnh Lào Cai"
            "|Email: vanphong@laocai.gov.vn"
            "|Thời gian ký: 12.03.2025 09:15:22 +07:00"
        ]
    )
    assert texts(parse(data)) == ["Văn phòng thông báo để các đơn vị biết, thực hiện./."]


def test_stamp_value_set_apart_from_its_label() -> None:
    data = F.build_pages(
        [
            "lines:Văn phòng thông báo để các đơn vị biết, thực hiện./."
            "|Ký bởi:\tSở Xây dựng tỉnh Lào Cai"
            "|Thời gian ký:\t12.03.2025 09:15:22 +07:00"
        ]
    )
    assert texts(parse(data)) == ["Văn phòng thông báo để các đơn vị biết, thực hiện./."]


def test_a_page_drawn_sideways_is_still_read() -> None:
    lines = ["Phụ lục kèm theo Thông báo", "Dòng thứ hai của bảng kê chi tiết"]
    doc = parse(F.build_pages(["rotated:" + "|".join(lines)]))
    assert texts(doc) == lines


# --- (c)-(e) errors --------------------------------------------------------------------------------------


def test_encrypted_pdf() -> None:
    data = F.build_pages(["text:Nội dung mật."], encrypt="secret")
    with pytest.raises(EncryptedFileError) as info:
        parse(data)
    assert "mật khẩu" in str(info.value)


def test_owner_password_only_is_readable() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encrypt = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    doc = parse(F.build_pages(["text:Văn bản chỉ hạn chế quyền in."], encrypt=encrypt))
    assert texts(doc) == ["Văn bản chỉ hạn chế quyền in."]


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_truncated_pdf(nd30: F.Built, cut: float) -> None:
    with pytest.raises(CorruptFileError) as info:
        parse(nd30.data[: int(len(nd30.data) * cut)])
    assert info.value.message == CorruptFileError.default_message


def test_garbage_after_the_pdf_signature() -> None:
    with pytest.raises(CorruptFileError):
        parse(b"%PDF-1.7\n" + bytes(range(256)) * 20)


def test_image_only_pdf_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR", "0")  # the text layer's verdict alone (OCR: tests/test_ocr.py)
    with pytest.raises(NeedsOcrError) as info:
        parse(F.build_pages(["image", "scan"]))
    assert "cần OCR" in str(info.value)
    assert info.value.code == "needs_ocr"


def test_glyph_garbage_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR", "0")  # the text layer's verdict alone (OCR: tests/test_ocr.py)
    with pytest.raises(NeedsOcrError) as info:
        parse(F.build_pages(["garbage:6Ӣ CÔNG 7+ѬѪ1* TӌNH LÀO CAI Vӄ VLӊC TRIӆN KHAI NHIӊM VӨ"]))
    assert "cần OCR" in str(info.value)


def test_impossible_syllables_need_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR", "0")  # the text layer's verdict alone (OCR: tests/test_ocr.py)
    # Only Vietnamese letters, but no Vietnamese syllable: what a wrong font map produces.
    garbage = "ƯƠẦĐ ẰĂẤƠ ĐỘỜƯ ẮĂÂÊ ƠƯỢỚ ĐĐỄỆ ỨỪỬỮ ẨẪẬẢ ỐỒỔỖ ỲỶỸỴ"
    with pytest.raises(NeedsOcrError):
        parse(F.build_pages([f"garbage:{garbage}"]))


def test_blank_pdf_has_no_text() -> None:
    with pytest.raises(NoTextError):
        parse(F.build_pages(["blank", "blank"]))


# --- (f) mixed documents -----------------------------------------------------------------------------


def test_mixed_pdf_keeps_text_pages_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR", "0")  # the text layer's verdict alone (OCR: tests/test_ocr.py)
    text = "Sở Xây dựng chủ trì thực hiện nhiệm vụ được giao."
    doc = parse(F.build_pages([f"text:{text}", "image", f"text:{text}", "scan", "blank"]))
    assert texts(doc) == [text, text]
    assert [line.page for line in doc.lines] == [0, 2]
    assert len(doc.warnings) == 1
    warning = doc.warnings[0]
    assert "Các trang 2, 4 " in warning  # 1-based; the blank page 5 is not a scan
    assert "cần OCR" in warning


def test_one_garbage_page_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_OCR", "0")  # the text layer's verdict alone (OCR: tests/test_ocr.py)
    doc = parse(F.build_pages(["text:Trang có chữ bình thường.", "garbage:6Ӣ CÔNG 7+ѬѪ1* TӌNH LÀO CAI"]))
    assert texts(doc) == ["Trang có chữ bình thường."]
    assert doc.warnings and doc.warnings[0].startswith("Trang 2 ")


# --- (g) the registry ------------------------------------------------------------------------------------


def test_ingest_bytes_dispatches_to_the_pdf_parser(nd30: F.Built, nd30_doc: RawDocument) -> None:
    doc = ingest_bytes(nd30.data, "x.pdf")
    assert doc.parser == "pdf"
    assert texts(doc) == texts(nd30_doc)
    with pytest.raises(NoTextInImageError):  # OCR'd: the factory's image page holds no text
        ingest_bytes(F.build_pages(["image"]), "scan.pdf")
    with pytest.raises(EncryptedFileError):
        ingest_bytes(F.build_pages(["text:x"], encrypt="pw"), "x.pdf")


def test_errors_are_dondoc_errors() -> None:
    for data in (b"%PDF-1.4\n%%EOF", F.build_pages(["image"]), F.build_pages(["text:x"], encrypt="pw")):
        with pytest.raises(DondocError) as info:
            parse(data)
        assert info.value.message


def test_many_documents_in_one_process(nd30: F.Built) -> None:
    first = texts(parse(nd30.data))
    for _ in range(30):
        assert texts(parse(nd30.data)) == first


# --- a real-world-like PDF: LibreOffice's export of a .docx -----------------------------------------------


@pytest.mark.skipif(F.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_export(tmp_path: Path) -> None:
    source = tmp_path / "nd30.docx"
    F.build_docx(source)
    doc = parse(F.convert_to_pdf(source, tmp_path).read_bytes())
    lines = texts(doc)
    right = lines.index(F.HEADER_RIGHT[0])
    # The left column (its V/v lines may wrap differently), then the right column, then the title.
    assert " ".join(lines[:right]) == " ".join(F.HEADER_LEFT + F.VV_LINES)
    assert lines[: len(F.HEADER_LEFT)] == F.HEADER_LEFT
    assert lines[right : right + 3] == F.HEADER_RIGHT
    assert lines[right + 3 : right + 6] == F.TITLE
    recipients = lines.index("Nơi nhận:")
    body = lines[right + 6 : recipients]
    assert " ".join(body) == " ".join(F.BODY_PARAGRAPHS)
    starts = [line.text for line in doc.lines[right + 6 : recipients] if line.starts_paragraph]
    assert starts == [next(s for s in body if p.startswith(s)) for p in F.BODY_PARAGRAPHS]
    assert lines[recipients:] == F.RECIPIENTS + F.SIGNATURE


@pytest.mark.skipif(F.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_table(tmp_path: Path) -> None:
    source = tmp_path / "table.docx"
    F.build_table_docx(source)
    cells, outside = table_cells(parse(F.convert_to_pdf(source, tmp_path).read_bytes()))
    assert cells == [cell for row in F.TASK_TABLE for cell in row]
    assert outside == [F.TABLE_BEFORE, F.TABLE_AFTER]


def test_oi_letters_of_converted_fonts_are_u_horn() -> None:
    # Fonts converted from the old Vietnamese encodings write ư/Ư as ƣ/Ƣ (U+01A3/U+01A2).
    doc = parse(F.build_pages(["lines:Văn bản hƣớng dẫn của BỘ CÔNG THƢƠNG"]))
    assert texts(doc) == ["Văn bản hướng dẫn của BỘ CÔNG THƯƠNG"]


@pytest.mark.parametrize(
    ("word", "following", "read"),
    [
        ("huyện.", "thành", "huyện,"),  # a comma read as a period before a lower-case word
        ("huyện.", "Thành", "huyện."),  # a sentence ends: the next one starts with a capital
        ("TP.", "hồ", "TP."),  # an abbreviation keeps its period
        ("2018.", "trong", "2018."),  # not a word
        ("huyện.", "", "huyện."),  # the end of the line
    ],
)
def test_ocr_comma_read_as_period(word: str, following: str, read: str) -> None:
    from dondoc.ingest.pdf import _misread_comma

    assert _misread_comma(word, following) == read


def _ocr_line(texts: list[str], line: int, top: int) -> list[OcrWord]:
    words, left = [], 100
    for text in texts:
        right = left + 40 * len(text)
        words.append(OcrWord(text, left, top, right, top + 40, 95.0, line, top, top + 40))
        left = right + 20
    return words


def test_ocr_lines_mend_list_marks_and_drop_strokes() -> None:
    """OCR reads a vertical stroke as "|", an item's dash as "_" and "III." as "HI.": the layout drops
    the stroke and reads the marks as the list marks they are."""
    from dondoc.ingest.ocr import OcrPage
    from dondoc.ingest.pdf import ocr_lines

    page = OcrPage(2480, 3508, 300.0)
    page.words = [
        *_ocr_line(["|", "4.", "Tăng", "cường", "kiểm", "tra."], 1, 400),
        *_ocr_line(["_", "Tiếp", "tục", "rà", "soát."], 2, 480),
        *_ocr_line(["HI.", "TỔ", "CHỨC", "THỰC", "HIỆN"], 3, 560),
    ]
    texts = [line.seg.text for line in ocr_lines(page)]
    assert texts == ["4. Tăng cường kiểm tra.", "- Tiếp tục rà soát.", "III. TỔ CHỨC THỰC HIỆN"]
