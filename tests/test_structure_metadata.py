"""Metadata layouts beyond the plain NĐ 30/2020 header: an issuer whose name begins with a body
opener word, a type line with a qualifier or a date, a legal-document web page's field block, a web
page that cites its source, the signature block followed by an appendix, parties' signature blocks.

Every example is invented; the expected values are what an annotator writes into the output
contract (spec/extraction.md). Unit-like values are compared the way the scorer compares units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from dondoc.ingest import ingest_bytes
from dondoc.model import DocumentStructure, Layout, NormalizedDocument
from dondoc.normalize import normalize
from dondoc.structure import parse_structure
from dondoc.structure.lines import doc_type_of, signature_head, signer_title, source_citation
from dondoc.structure.names import starts_unit_name
from scoring_rules import unit_key as scoring_unit_key


def parse(text: str) -> tuple[NormalizedDocument, DocumentStructure]:
    raw = ingest_bytes(text.encode("utf-8"), "x.txt")
    raw.layout = Layout.PARAGRAPHS
    norm = normalize(raw)
    return norm, parse_structure(norm)


def unit_key(name: str | None) -> str | None:
    return None if name is None else scoring_unit_key(name)


CLOSING = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nPhan Thị Ngọc Lan\n"


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case(
        # The issuer line begins with a word that opens a body paragraph ("Thủ tướng …"): upper
        # case, it is a header line.
        "issuer-begins-with-a-body-opener-word",
        "THỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/CT-TTg\nHà Nội, ngày 09 tháng 05 năm 2019\nCHỈ THỊ\n"
        "VỀ VIỆC TĂNG CƯỜNG KỶ LUẬT HÀNH CHÍNH TRONG CÁC CƠ QUAN NHÀ NƯỚC\n"
        "Thời gian qua, kỷ luật hành chính đã được chú trọng. Tuy nhiên, vẫn còn tồn tại.\n"
        "1. Các Bộ, cơ quan ngang Bộ rà soát quy chế làm việc, hoàn thành trong quý III/2019.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTHỦ TƯỚNG\nLê Minh Quang\n",
        {
            "doc_type": "Chỉ thị",
            "number": "12/CT-TTg",
            "issuer": "Thủ tướng Chính phủ",
            "issued_date": "2019-05-09",
            "title": "VỀ VIỆC TĂNG CƯỜNG KỶ LUẬT HÀNH CHÍNH TRONG CÁC CƠ QUAN NHÀ NƯỚC",
            "signer": "Lê Minh Quang",
        },
    ),
    Case(
        # "GIẤY MỜI HỌP": the type name and a qualifier; the line is the type line, not the issuer's.
        "type-line-with-a-qualifier",
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: /GM-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Bình Định, ngày tháng 9 năm 2025\nGIẤY MỜI HỌP\n"
        "Về tiến độ giải ngân vốn đầu tư công năm 2025.\n"
        "Kính gửi: Các sở, ban, ngành tỉnh.\n"
        "UBND tỉnh tổ chức họp về tiến độ giải ngân vốn đầu tư công, cụ thể như sau:\n"
        "1. Thời gian: 8 giờ 00, ngày 20/9/2025.\n" + CLOSING,
        {
            "doc_type": "Giấy mời",
            "number": None,
            "issuer": "UBND tỉnh Bình Định",
            "issued_date": None,
            "title": "Về tiến độ giải ngân vốn đầu tư công năm 2025.",
            "signer": "Phan Thị Ngọc Lan",
        },
    ),
    Case(
        # A biên bản: its type line has a qualifier, the body follows it at once ("Căn cứ …"), the
        # parties sign under "Đại diện" with their body's name above the person's.
        "record-with-parties-signature-blocks",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBIÊN BẢN LÀM VIỆC\n"
        "Căn cứ Văn bản số 10/UBND-KT ngày 02/3/2025 của UBND tỉnh về việc kiểm tra hiện trường; "
        "Báo cáo số 5/BC-UBND ngày 01/3/2025 của UBND xã về hiện trạng khu đất.\n"
        "Hôm nay, ngày 12/3/2025 tại Sở Xây dựng, chúng tôi tiến hành làm việc. Cụ thể như sau:\n"
        "I. Thành phần\n1. Sở Xây dựng\nII. Nội dung\n"
        "Đề nghị UBND xã hoàn thiện hồ sơ trước ngày 30/3/2025.\n"
        "Biên bản kết thúc vào hồi 11 giờ cùng ngày./.\n"
        "Đại diện\nSở Xây dựng\nTrương Văn Hải\nĐại diện\nSở Tài chính\nĐinh Thị Thu\n",
        {
            "doc_type": "Biên bản",
            "issuer": None,
            "title": None,
            "signer": "Trương Văn Hải",
            "meeting_date": "2025-03-12",
            "issued_date": "2025-03-12",  # no place-and-date line: the record is dated by its meeting
        },
    ),
    Case(
        # A record with a date line whose day is blank: the issue date stays blank.
        "record-with-a-blank-day",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Quy Nhơn, ngày   tháng 3 năm 2025\nBIÊN BẢN HỌP\n"
        "Hôm nay, ngày 12/3/2025 tại Sở Xây dựng, chúng tôi tiến hành họp. Cụ thể như sau:\n"
        "Đề nghị UBND xã hoàn thiện hồ sơ trước ngày 30/3/2025.\n"
        "Đại diện\nSở Xây dựng\nTrương Văn Hải\n",
        {"doc_type": "Biên bản", "meeting_date": "2025-03-12", "issued_date": None},
    ),
    Case(
        # A legal-document web page: its field block ("Số hiệu" / value …) stands before the
        # document; the document's own header is read after it.
        "web-page-field-block-before-the-header",
        "Công văn 88/SNV-TCBC năm 2022 về tuyển dụng viên chức do Sở Nội vụ ban hành\n"
        "Số hiệu\n88/SNV-TCBC\nNgày ban hành\n14/02/2022\nLoại văn bản\nCông văn\n"
        "Cơ quan ban hành\nSở Nội vụ\nNgười ký\nHà Văn Tâm\nLĩnh vực: Bộ máy hành chính\n"
        "UBND TỈNH BÌNH ĐỊNH\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\n"
        "Số: 88/SNV-TCBC\nBình Định, ngày 14 tháng 02 năm 2022\n"
        "Kính gửi: Các cơ quan, đơn vị.\n"
        "Sở Nội vụ đề nghị các cơ quan, đơn vị báo cáo nhu cầu tuyển dụng trước ngày 28/02/2022.\n"
        "KT. GIÁM ĐỐC\n",
        {
            "doc_type": "Công văn",
            "number": "88/SNV-TCBC",
            "issuer": "Sở Nội vụ tỉnh Bình Định",
            "issued_date": "2022-02-14",
        },
    ),
    Case(
        # A web page that publishes a reply: its headings are not the issuer; the source it cites
        # gives the number and date; the reply's subject and the page's province give the issuer.
        "web-page-citing-its-source",
        "THÔNG TIN Ý KIẾN\nBình Định\nV/v đề nghị sửa chữa tuyến đường liên xã\nTHÔNG TIN PHẢN HỒI\n"
        "UBND tỉnh có ý kiến như sau:\n"
        "Giao Sở Xây dựng chủ trì, phối hợp với các đơn vị liên quan kiểm tra, đề xuất phương án "
        "sửa chữa; hoàn thành trước ngày 15/8/2024./.\n"
        "(Theo Công văn số: 321/UBND-KT, ngày 02/8/2024)\n",
        {
            "doc_type": "Công văn",
            "number": "321/UBND-KT",
            "issuer": "UBND tỉnh Bình Định",
            "issued_date": "2024-08-02",
            "title": "đề nghị sửa chữa tuyến đường liên xã",
        },
    ),
    Case(
        # The signer is the name under the authority and title lines, not a name in the appendix
        # table after the signature.
        "signer-before-an-appendix",
        "UBND TỈNH BÌNH ĐỊNH\nSỞ CÔNG THƯƠNG\nSố: 45/KH-SCT\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Bình Định, ngày 03 tháng 4 năm 2025\nKẾ HOẠCH\nKiểm tra an toàn hóa chất năm 2025\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n- Bảo đảm an toàn.\n" + CLOSING + "PHÂN CÔNG NHIỆM VỤ\n"
        "TT\nNhiệm vụ\nNgười thực hiện\nXây dựng đề cương\nNguyễn Hữu Phước\nTổng hợp kết quả\nVõ Thị Kim\n",
        {"doc_type": "Kế hoạch", "number": "45/KH-SCT", "signer": "Phan Thị Ngọc Lan"},
    ),
    Case(
        # A web page's title line gives the type and the date: the type is read from it.
        "type-line-with-its-date",
        "Thông báo khẩn ngày 05/6/2021\nKính gửi:\nHiệu trưởng các trường trên địa bàn\n"
        "Phòng Giáo dục yêu cầu:\n1. Các trường cho học sinh nghỉ học từ ngày 06/6/2021.\n",
        {"doc_type": "Thông báo", "number": None},
    ),
    Case(
        # A news report of a document, without its header: the number and type come from the sentence
        # that reports it; the date has no year and stays blank.
        "news-report-of-a-document",
        "Ủy ban nhân dân tỉnh\nXây dựng báo cáo công tác phòng, chống thiên tai năm 2025\n"
        "Ngày 12/01, UBND tỉnh ban hành Công văn số 45/UBND-NN, xây dựng báo cáo công tác phòng, "
        "chống thiên tai năm 2025.\nTheo đó, giao Sở Nông nghiệp và Môi trường chủ trì xây dựng báo cáo.\n",
        {"doc_type": "Công văn", "number": "45/UBND-NN", "issued_date": None},
    ),
    Case(
        # A body that reports another document, under a real header, keeps its own (blank) number.
        "a-reported-document-in-a-real-body-is-not-the-number",
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: /UBND-KT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nHà Nam, ngày 10 tháng 3 năm 2025\n"
        "Kính gửi: Sở Xây dựng.\n"
        "Ngày 02/3, UBND tỉnh ban hành Kế hoạch số 12/KH-UBND về phát triển đô thị.\n" + CLOSING,
        {"number": None},
    ),
    Case(
        # A notice dated on its type line, with no place-and-date line.
        "date-on-the-type-line",
        "Thông báo khẩn ngày 05/11/2024\nKính gửi: Hiệu trưởng các trường trên địa bàn huyện\n"
        "Do mưa lũ kéo dài, Phòng Giáo dục và Đào tạo yêu cầu:\n1. Cho học sinh nghỉ học từ ngày 06/11/2024.\n",
        {"doc_type": "Thông báo", "issued_date": "2024-11-05"},
    ),
]

_UNIT_FIELDS = {"issuer"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_metadata(case: Case) -> None:
    norm, s = parse(case.text)
    errors = []
    for name, want in case.expected.items():
        got = getattr(s, name).value
        got = " ".join(got.split()) if isinstance(got, str) else got
        ok = unit_key(got) == unit_key(want) if name in _UNIT_FIELDS else got == want
        if not ok:
            errors.append(f"{name}: expected {want!r}, got {got!r}")
    assert not errors, "\n".join(errors)
    for name in ("doc_type", "number", "place", "issued_date", "title", "signer"):
        f = getattr(s, name)
        if f.value is not None and f.evidence is not None and f.evidence.start is not None:
            assert norm.text[f.evidence.start : f.evidence.end] == f.evidence.text, name


def test_parties_signature_blocks_end_the_body() -> None:
    case = next(c for c in CASES if c.id == "record-with-parties-signature-blocks")
    norm, s = parse(case.text)
    last = norm.paragraphs[s.body_end - 1].text
    assert last.startswith("Biên bản kết thúc"), last


def test_web_field_block_is_not_the_body() -> None:
    case = next(c for c in CASES if c.id == "web-page-field-block-before-the-header")
    norm, s = parse(case.text)
    assert norm.paragraphs[s.body_start].text.startswith("Sở Nội vụ đề nghị")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BIÊN BẢN LÀM VIỆC", "Biên bản"),
        ("GIẤY MỜI HỌP", "Giấy mời"),
        ("CÔNG ĐIỆN KHẨN", "Công điện"),
        ("Thông báo", "Thông báo"),
        ("BIÊN BẢN BÀN GIAO TÀI SẢN", None),
        (
            "KẾ HOẠCH KIỂM TRA",
            None,
        ),  # the words of a title  # a qualifier outside the list: a title, not a type line
        ("KẾ HOẠCH THỰC HIỆN", None),
    ],
)
def test_type_line(line: str, expected: str | None) -> None:
    assert doc_type_of(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Đại diện", True),
        ("ĐẠI DIỆN BÊN B", True),
        ("Đại diện Sở Tài chính", False),  # a heading of the composition list
        ("Đại diện:", False),
        ("PHÓ GIÁM ĐỐC", False),
    ],
)
def test_signature_head(line: str, expected: bool) -> None:
    assert signature_head(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"), [("PHÓ GIÁM ĐỐC", True), ("THỦ TƯỚNG", True), ("Giám đốc", False)]
)
def test_signer_title(line: str, expected: bool) -> None:
    assert signer_title(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sở Xây dựng", True),
        ("UBND xã Hòa Bình", True),
        ("Trương Văn Hải", False),  # folds like "trường", but is a surname
        ("Phòng Văn Khải", True),  # a unit noun first: a body
    ],
)
def test_unit_name_is_not_a_person(line: str, expected: bool) -> None:
    assert starts_unit_name(line) is expected


@pytest.mark.parametrize(
    ("line", "number", "date"),
    [
        ("(Theo Công văn số: 321/UBND-KT, ngày 02/8/2024)", "321/UBND-KT", "02/8/2024"),
        ("(Theo Thông báo số 7/TB-UBND)", "7/TB-UBND", None),
        ("(Theo ông Nguyễn Văn A số 7/TB-UBND)", None, None),  # the words before "số" name no type
        ("(Theo số liệu của ngành)", None, None),
    ],
)
def test_source_citation(line: str, number: str | None, date: str | None) -> None:
    m = source_citation(line)
    assert (m.group("num") + m.group("code") if m else None) == number
    assert (m.group("date") if m else None) == date
