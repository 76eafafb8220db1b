"""Structure: the NĐ 30/2020 parts of a document (header, type, trích yếu, Kính gửi, body tree,
Nơi nhận, authority, signer, meeting date), read from short invented documents.

Header layouts are the ones real uploads show: one line per header cell, both columns merged on
one line (PDF text), pipe-table rows (web pages, converters), an issuer with its parent body. The
expected values are what an annotator fills into the output contract (spec/extraction.md).
Unit-like values (issuer, addressees) are compared the way the scorer compares unit names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from dondoc.ingest import ingest_bytes
from dondoc.model import DocumentStructure, Layout, NormalizedDocument, Section
from dondoc.normalize import normalize
from dondoc.structure import parse_structure
from dondoc.structure.sections import parse_marker
from scoring_rules import unit_key as scoring_unit_key


def unit_key(name: str | None) -> str | None:
    return None if name is None else scoring_unit_key(name)


def squash(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def parse(text: str, filename: str = "x.txt") -> tuple[NormalizedDocument, DocumentStructure]:
    """Every test document is written one paragraph per line: say so, so that these tests do not
    depend on the normalizer's layout guess (tested in test_normalize.py)."""
    raw = ingest_bytes(text.encode("utf-8"), filename)
    raw.layout = Layout.PARAGRAPHS
    norm = normalize(raw)
    return norm, parse_structure(norm)


# A short body and closing shared by the header cases: the header is what varies.
BODY = """Ngày 02/6/2025, đồng chí Chủ tịch UBND chủ trì cuộc họp giao ban tuần. Sau khi nghe báo cáo, đồng chí Chủ tịch kết luận như sau:
1. Phòng Tài chính - Kế hoạch: Rà soát, tham mưu điều chuyển vốn đầu tư công năm 2025.
2. UBND các xã: Tăng cường kiểm tra, xử lý vi phạm về đất đai.
UBND thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT.
TL. CHỦ TỊCH
CHÁNH VĂN PHÒNG
Nguyễn Thị Mai Anh
"""


@dataclass(frozen=True)
class HeaderCase:
    id: str
    text: str
    expected: dict[str, Any] = field(default_factory=dict)


HEADERS = [
    HeaderCase(
        "one-line-per-cell",
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CAO BẰNG\nSố: 118/TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Cao Bằng, ngày 05 tháng 6 năm 2025\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban tuần\n" + BODY,
        {
            "doc_type": "Thông báo",
            "number": "118/TB-UBND",
            "issuer": "UBND thành phố Cao Bằng",
            "place": "Cao Bằng",
            "issued_date": "2025-06-05",
            "title": "Kết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban tuần",
        },
    ),
    HeaderCase(
        "merged-columns-on-one-line",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TỈNH BẠC LIÊU Độc lập - Tự do - Hạnh phúc\n"
        "Số: 56/KH-UBND Bạc Liêu, ngày 20 tháng 4 năm 2025\n"
        "KẾ HOẠCH\nTriển khai thực hiện chuyển đổi số trên địa bàn tỉnh năm 2025\n"
        "Căn cứ Nghị quyết của Chính phủ về chuyển đổi số quốc gia, UBND tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao hiệu quả phục vụ người dân.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Hùng\n",
        {
            "doc_type": "Kế hoạch",
            "number": "56/KH-UBND",
            "issuer": "UBND tỉnh Bạc Liêu",
            "place": "Bạc Liêu",
            "issued_date": "2025-04-20",
            "title": "Triển khai thực hiện chuyển đổi số trên địa bàn tỉnh năm 2025",
            "authority": "TM. ỦY BAN NHÂN DÂN",
            "signer": "Trần Văn Hùng",
        },
    ),
    HeaderCase(
        "pipe-table-rows",
        "| ỦY BAN NHÂN DÂN HUYỆN ĐÌNH LẬP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "|---|---|\n"
        "| | Độc lập - Tự do - Hạnh phúc |\n"
        "| Số: 245/UBND-VP | Đình Lập, ngày 03 tháng 10 năm 2024 |\n"
        "| V/v triển khai công tác phòng, chống thiên tai năm 2024 | |\n"
        "Kính gửi: Ủy ban nhân dân các xã, thị trấn.\n"
        "Để chủ động ứng phó với mưa lũ, Chủ tịch UBND huyện yêu cầu UBND các xã, thị trấn rà soát "
        "phương án sơ tán dân, báo cáo trước ngày 10/10/2024.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Văn Nam\n",
        {
            "doc_type": "Công văn",
            "number": "245/UBND-VP",
            "issuer": "UBND huyện Đình Lập",
            "place": "Đình Lập",
            "issued_date": "2024-10-03",
            "title": "triển khai công tác phòng, chống thiên tai năm 2024",
            "authority": "KT. CHỦ TỊCH",
            "signer": "Hoàng Văn Nam",
        },
    ),
    HeaderCase(
        "issuer-parent-and-child-so",
        "UBND TỈNH LẠNG SƠN\nSỞ XÂY DỰNG\nSố: 1020/SXD-QLXD\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lạng Sơn, ngày 15 tháng 7 năm 2025\n"
        "V/v tăng cường quản lý trật tự xây dựng\n"
        "Kính gửi: UBND các xã, phường.\n"
        "Sở Xây dựng đề nghị UBND các xã, phường tăng cường kiểm tra, xử lý vi phạm trật tự xây dựng.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLý Thị Hằng\n",
        {
            "doc_type": "Công văn",
            "number": "1020/SXD-QLXD",
            "issuer": "Sở Xây dựng tỉnh Lạng Sơn",
            "issued_date": "2025-07-15",
            "title": "tăng cường quản lý trật tự xây dựng",
            "authority": "KT. GIÁM ĐỐC",
            "signer": "Lý Thị Hằng",
        },
    ),
    HeaderCase(
        "issuer-parent-and-child-van-phong",
        "UBND TỈNH HÀ TĨNH\nVĂN PHÒNG\nSố: 71/TB-VP\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Tĩnh, ngày 31 tháng 01 năm 2026\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại buổi làm việc với UBND xã Kỳ Anh\n" + BODY,
        {
            "doc_type": "Thông báo",
            "number": "71/TB-VP",
            "issuer": "Văn phòng UBND tỉnh Hà Tĩnh",
            "issued_date": "2026-01-31",
            "title": "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với UBND xã Kỳ Anh",
        },
    ),
    HeaderCase(
        "unnumbered-and-blank-day",
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ LẠNG SƠN\nSố: /TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lạng Sơn, ngày tháng 3 năm 2025\n"
        "THÔNG BÁO\nKết luận Phiên họp UBND thành phố thường kỳ tháng 3 năm 2025\n" + BODY,
        {
            "doc_type": "Thông báo",
            "number": None,
            "issuer": "UBND thành phố Lạng Sơn",
            "place": "Lạng Sơn",
            "issued_date": None,
            "title": "Kết luận Phiên họp UBND thành phố thường kỳ tháng 3 năm 2025",
        },
    ),
    HeaderCase(
        "invalid-calendar-date",
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH\nSố: 30/TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Châu Thành, ngày 31 tháng 02 năm 2025\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện tại cuộc họp giao ban\n" + BODY,
        {
            "doc_type": "Thông báo",
            "number": "30/TB-UBND",
            "issuer": "UBND huyện Châu Thành",
            "issued_date": None,
        },
    ),
    HeaderCase(
        "type-from-number-code",
        "| ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "| Số: 45/TB-UBND | Hòa Bình, ngày 14 tháng 3 năm 2026 |\n"
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về giải phóng mặt bằng\n" + BODY,
        {"doc_type": "Thông báo", "number": "45/TB-UBND", "issued_date": "2026-03-14"},
    ),
    HeaderCase(
        "cong-van-from-vv",
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 812/UBND-KT\nV/v chấn chỉnh công tác quản lý trật tự xây dựng\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hòa Bình, ngày 20 tháng 3 năm 2026\n"
        "Kính gửi: Sở Xây dựng.\n"
        "Thời gian qua, công tác quản lý trật tự xây dựng còn nhiều hạn chế. Chủ tịch UBND tỉnh yêu cầu "
        "Sở Xây dựng rà soát toàn bộ các công trình đang thi công.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n",
        {
            "doc_type": "Công văn",
            "number": "812/UBND-KT",
            "issuer": "UBND tỉnh Hòa Bình",
            "issued_date": "2026-03-20",
            "title": "chấn chỉnh công tác quản lý trật tự xây dựng",
            "signer": "Nguyễn Văn A",
        },
    ),
    HeaderCase(
        "title-on-two-lines",
        "ỦY BAN NHÂN DÂN\nXÃ TÂN AN\nSố: 27/KH-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Tân An, ngày 05 tháng 3 năm 2026\n"
        "KẾ HOẠCH\nTriển khai Đề án phát triển ứng dụng dữ liệu về dân cư\n"
        "trên địa bàn xã năm 2026\n"
        "Căn cứ Kế hoạch của UBND tỉnh, UBND xã ban hành Kế hoạch như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao chất lượng phục vụ người dân.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nPhạm Quốc Việt\n",
        {
            "doc_type": "Kế hoạch",
            "number": "27/KH-UBND",
            "issuer": "UBND xã Tân An",
            "issued_date": "2026-03-05",
            "title": "Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư trên địa bàn xã năm 2026",
        },
    ),
    # A narrow header column (a wide font, a long name) wraps the issuer, the motto and the date line.
    HeaderCase(
        "narrow-column-wraps-issuer-motto-and-date",
        "VĂN PHÒNG CHÍNH\nPHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 3348/VPCP-KGVX\nV/v hỗ trợ hạ tầng cụm công nghiệp\n"
        "Hà Nội, ngày 12 tháng 05 năm\n2015\n"
        "Kính gửi: Bộ Kế hoạch và Đầu tư.\n"
        "Phó Thủ tướng yêu cầu Bộ Kế hoạch và Đầu tư nghiên cứu, báo cáo Thủ tướng Chính phủ.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Văn Tùng\n",
        {
            "doc_type": "Công văn",
            "number": "3348/VPCP-KGVX",
            "issuer": "Văn phòng Chính phủ",
            "place": "Hà Nội",
            "issued_date": "2015-05-12",
            "title": "hỗ trợ hạ tầng cụm công nghiệp",
        },
    ),
    HeaderCase(
        "narrow-column-wraps-parent-and-child",
        "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU\nTHÀNH\nSố: 184/UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Châu Thành, ngày 12 tháng 2 năm\n2018\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện tại cuộc họp giao ban\n" + BODY,
        {"number": "184/UBND", "issuer": "UBND huyện Châu Thành", "issued_date": "2018-02-12"},
    ),
    HeaderCase(
        "narrow-column-wraps-a-department-name",
        "UBND TỈNH LÀO CAI\nSỞ TÀI NGUYÊN VÀ\nMÔI TRƯỜNG\nSố: 77/TB-STNMT\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lào Cai, ngày 03 tháng 4 năm 2025\n"
        "THÔNG BÁO\nKết luận của Giám đốc Sở tại cuộc họp giao ban\n" + BODY,
        {"issuer": "Sở Tài nguyên và Môi trường tỉnh Lào Cai", "issued_date": "2025-04-03"},
    ),
]

_UNIT_FIELDS = {"issuer"}


@pytest.mark.parametrize("case", HEADERS, ids=[c.id for c in HEADERS])
def test_header(case: HeaderCase) -> None:
    _, s = parse(case.text)
    errors = []
    for name, want in case.expected.items():
        got = getattr(s, name).value
        ok = unit_key(got) == unit_key(want) if name in _UNIT_FIELDS else squash(got) == want
        if not ok:
            errors.append(f"{name}: expected {want!r}, got {got!r}")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("case", HEADERS, ids=[c.id for c in HEADERS])
def test_metadata_evidence_slices_the_text(case: HeaderCase) -> None:
    norm, s = parse(case.text)
    for name in ("doc_type", "number", "issuer", "place", "issued_date", "title", "signer", "authority"):
        f = getattr(s, name)
        if f.value is None or f.evidence is None or f.evidence.start is None:
            continue
        assert f.evidence.rule, name
        if name == "issuer":
            continue  # evidence of a multi-line issuer joins its lines with " / "
        assert norm.text[f.evidence.start : f.evidence.end] == f.evidence.text, name


def test_invalid_issue_date_is_reported() -> None:
    case = next(c for c in HEADERS if c.id == "invalid-calendar-date")
    _, s = parse(case.text)
    assert any("31/02/2025" in w or "31/2/2025" in w for w in s.warnings), s.warnings


def test_unnumbered_document_keeps_its_evidence() -> None:
    case = next(c for c in HEADERS if c.id == "unnumbered-and-blank-day")
    _, s = parse(case.text)
    assert s.number.value is None
    assert s.number.evidence is not None and "/TB-UBND" in s.number.evidence.text


# --- Kính gửi --------------------------------------------------------------------------------

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 500/UBND-TH\nV/v triển khai nhiệm vụ trọng tâm\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCao Bằng, ngày 10 tháng 5 năm 2025\n"
)
TAIL = (
    "Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị khẩn trương triển khai thực hiện.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐinh Văn Lộc\n"
)


@pytest.mark.parametrize(
    ("kinh_gui", "expected"),
    [
        ("Kính gửi: Sở Tài chính.\n", ["Sở Tài chính"]),
        (
            "Kính gửi:\n- Sở Tài chính;\n- Sở Xây dựng;\n- UBND các xã, phường.\n",
            ["Sở Tài chính", "Sở Xây dựng", "UBND các xã, phường"],
        ),
        (
            "Kính gửi:\n- Các sở, ban, ngành tỉnh;\n- Ủy ban nhân dân các huyện, thành phố.\n",
            ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"],
        ),
        (
            "Kính gửi: Các sở, ban, ngành tỉnh; UBND các huyện, thành phố.\n",
            ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"],
        ),
    ],
    ids=["single", "dash-list", "dash-list-groups", "inline-semicolon-list"],
)
def test_kinh_gui(kinh_gui: str, expected: list[str]) -> None:
    _, s = parse(HEAD + kinh_gui + TAIL)
    got = [a.value for a in s.addressees]
    assert sorted(unit_key(g) or "" for g in got) == sorted(unit_key(e) or "" for e in expected), got
    # The addressees are not part of the body.
    body_text = "\n".join(sec.paragraph.text for root in s.body for sec in root.walk())
    assert "Kính gửi" not in body_text
    assert s.body and s.body[0].paragraph.text.startswith("Chủ tịch UBND tỉnh yêu cầu")
    assert unit_key(s.issuer.value) == unit_key("UBND tỉnh Cao Bằng")
    assert s.doc_type.value == "Công văn"


# --- the body's section tree -----------------------------------------------------------------

TREE_DOC = (
    "ỦY BAN NHÂN DÂN\nHUYỆN HỮU LŨNG\nSố: 88/KH-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHữu Lũng, ngày 02 tháng 4 năm 2025\n"
    "KẾ HOẠCH\nQuản lý đất đai trên địa bàn huyện năm 2025\n"
    "Căn cứ Luật Đất đai năm 2024, UBND huyện ban hành Kế hoạch như sau:\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Về công tác quản lý đất đai\n"
    "1.1. Phòng Nông nghiệp và Môi trường:\n"
    "a) Rà soát quỹ đất công trên địa bàn.\n"
    "- Lập danh sách các thửa đất chưa sử dụng.\n"
    "+ Đối với đất do UBND xã quản lý: đề xuất phương án khai thác.\n"
    "+ Đối với đất của các cơ quan: đề xuất thu hồi.\n"
    "- Tổng hợp, báo cáo UBND huyện trước ngày 30/6/2025.\n"
    "b) Kiểm tra việc sử dụng đất của các tổ chức.\n"
    "1.2. UBND các xã, thị trấn:\n"
    "- Phối hợp kiểm tra, lập biên bản vi phạm.\n"
    "2. Về công tác cấp giấy chứng nhận\n"
    "Đẩy nhanh tiến độ cấp giấy chứng nhận lần đầu.\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Văn phòng HĐND và UBND huyện theo dõi, đôn đốc thực hiện Kế hoạch.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nVi Văn Thành\n"
)

TREE_EXPECTED = [
    (
        "I.",
        [
            (
                "1.",
                [
                    (
                        "1.1.",
                        [
                            ("a)", [("-", [("+", []), ("+", [])]), ("-", [])]),
                            ("b)", []),
                        ],
                    ),
                    ("1.2.", [("-", [])]),
                ],
            ),
            ("2.", [("", [])]),
        ],
    ),
    ("II.", [("1.", [])]),
]


def shape(sections: list[Section]) -> list[tuple[str, list[Any]]]:
    return [(s.marker, shape(s.children)) for s in sections]


def test_section_tree() -> None:
    _, s = parse(TREE_DOC)
    # The body starts after the preamble sentence: the preamble is a plain paragraph before "I.".
    roots = [r for r in s.body if r.marker]
    assert shape(roots) == TREE_EXPECTED


def test_section_kinds_and_numbers() -> None:
    _, s = parse(TREE_DOC)
    nodes = {sec.paragraph.text: sec for root in s.body for sec in root.walk()}
    one_one = nodes["1.1. Phòng Nông nghiệp và Môi trường:"]
    assert (one_one.kind, one_one.number, one_one.heading_text) == (
        "decimal",
        "1.1",
        "Phòng Nông nghiệp và Môi trường:",
    )
    roman = nodes["II. TỔ CHỨC THỰC HIỆN"]
    assert (roman.kind, roman.number) == ("roman", "II")
    letter = nodes["b) Kiểm tra việc sử dụng đất của các tổ chức."]
    assert (letter.kind, letter.number) == ("letter", "b")
    plus = nodes["+ Đối với đất của các cơ quan: đề xuất thu hồi."]
    assert (plus.kind, plus.number, plus.parent.marker if plus.parent else None) == ("plus", None, "-")


def test_body_excludes_closing() -> None:
    _, s = parse(TREE_DOC)
    texts = [sec.paragraph.text for root in s.body for sec in root.walk()]
    assert not any(t.startswith(("Nơi nhận", "TM.", "CHỦ TỊCH", "Vi Văn Thành")) for t in texts), texts
    assert s.authority.value == "TM. ỦY BAN NHÂN DÂN"
    assert s.signer.value == "Vi Văn Thành"
    assert s.doc_type.value == "Kế hoạch"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I. NHIỆM VỤ TRỌNG TÂM", ("I.", "roman", "I")),
        ("IV. TỔ CHỨC THỰC HIỆN", ("IV.", "roman", "IV")),
        ("2. Phòng Y tế thành phố:", ("2.", "decimal", "2")),
        ("2.4. Phòng Y tế thành phố:", ("2.4.", "decimal", "2.4")),
        ("8.1. Phòng Nông nghiệp và Môi trường:", ("8.1.", "decimal", "8.1")),
        ("a) Rà soát quỹ đất công.", ("a)", "letter", "a")),
        ("đ) Kiểm tra việc chấp hành.", ("đ)", "letter", "đ")),
        ("- Phòng Nông nghiệp và Môi trường:", ("-", "dash", None)),
        ("+ Đối với các xã biên giới.", ("+", "plus", None)),
        ("Ngày 12/3/2026, UBND tỉnh tổ chức họp.", ("", "none", None)),
        ("2025 là năm tăng tốc về đích.", ("", "none", None)),
        ("30/5 là hạn cuối cùng.", ("", "none", None)),
    ],
)
def test_parse_marker(text: str, expected: tuple[str, str, str | None]) -> None:
    marker, kind, number, _rest, _rank = parse_marker(text)
    assert (marker, kind, number) == expected


DUPLICATE_DOC = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ LẠNG SƠN\nSố: /TB-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày tháng 3 năm 2025\n"
    "THÔNG BÁO\nKết luận Phiên họp UBND thành phố thường kỳ tháng 3 năm 2025\n"
    "Ngày 18/3/2025, UBND thành phố tổ chức Phiên họp thường kỳ tháng 3. Sau khi nghe báo cáo, "
    "Chủ tịch UBND thành phố kết luận như sau:\n"
    "8. Về công tác quản lý đất đai\n"
    "8.1. Phòng Nông nghiệp và Môi trường:\n"
    "- Tham mưu phương án đấu giá quyền sử dụng đất các khu dân cư mới.\n"
    "8.1. UBND các phường, xã:\n"
    "- Tăng cường kiểm tra, xử lý vi phạm về đất đai trên địa bàn.\n"
    "UBND thành phố thông báo để các cơ quan, đơn vị biết, thực hiện./.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nHoàng Tuấn Anh\n"
)


def test_two_sections_with_the_same_number_are_siblings() -> None:
    _, s = parse(DUPLICATE_DOC)
    eight = next(r for r in s.body if r.marker == "8.")
    assert [(c.marker, c.number) for c in eight.children] == [("8.1.", "8.1"), ("8.1.", "8.1")]
    first, second = eight.children
    assert first.heading_text == "Phòng Nông nghiệp và Môi trường:"
    assert second.heading_text == "UBND các phường, xã:"
    assert [c.paragraph.text for c in first.children] == [
        "- Tham mưu phương án đấu giá quyền sử dụng đất các khu dân cư mới."
    ]
    assert [c.paragraph.text for c in second.children] == [
        "- Tăng cường kiểm tra, xử lý vi phạm về đất đai trên địa bàn."
    ]


def test_duplicate_numbers_document_metadata() -> None:
    _, s = parse(DUPLICATE_DOC)
    assert s.number.value is None
    assert s.issued_date.value is None
    assert s.meeting_date.value == "2025-03-18"
    assert s.signer.value == "Hoàng Tuấn Anh"
    assert s.authority.value == "TL. CHỦ TỊCH"


# --- closing: authority and signer -----------------------------------------------------------

CLOSING_HEAD = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CAO BẰNG\nSố: 201/TB-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCao Bằng, ngày 09 tháng 6 năm 2025\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND thành phố tại cuộc họp giao ban\n"
    "Ngày 06/6/2025, Chủ tịch UBND thành phố chủ trì cuộc họp giao ban. Chủ tịch kết luận như sau:\n"
    "1. Phòng Y tế thành phố: Tăng cường kiểm tra an toàn thực phẩm.\n"
    "UBND thành phố thông báo để các cơ quan, đơn vị biết, thực hiện./.\n"
)


@pytest.mark.parametrize(
    ("closing", "authority", "signer"),
    [
        (
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Văn A\n",
            "TL. CHỦ TỊCH",
            "Nguyễn Văn A",
        ),
        (
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐàm Thị Ngọc Lan\n",
            "KT. CHỦ TỊCH",
            "Đàm Thị Ngọc Lan",
        ),
        (
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Hùng\n",
            "TM. ỦY BAN NHÂN DÂN",
            "Lê Hùng",
        ),
        (
            "Nơi nhận: KT. CHÁNH VĂN PHÒNG\n- Như trên; PHÓ CHÁNH VĂN PHÒNG\n- Lưu: VT.\nNông Thị Hà\n",
            "KT. CHÁNH VĂN PHÒNG",
            "Nông Thị Hà",
        ),
        (
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n(Đã ký)\nHoàng Văn Bắc\n",
            "TL. CHỦ TỊCH",
            "Hoàng Văn Bắc",
        ),
    ],
    ids=["tl", "kt", "tm", "merged-columns", "da-ky"],
)
def test_authority_and_signer(closing: str, authority: str, signer: str) -> None:
    _, s = parse(CLOSING_HEAD + closing)
    assert (s.authority.value, s.signer.value) == (authority, signer)
    assert any("Như trên" in r for r in s.recipients), s.recipients


# --- meeting date ----------------------------------------------------------------------------


def test_meeting_date_from_the_opening_sentence() -> None:
    _, s = parse(
        "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 45/TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hòa Bình, ngày 14 tháng 3 năm 2026\n"
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tuần\n"
        "Ngày 12/3/2026, tại trụ sở UBND tỉnh, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp giao ban tuần "
        "với lãnh đạo các sở, ngành.\n"
        "1. Sở Tài chính: Rà soát tình hình giải ngân vốn đầu tư công.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Thị Thu Hà\n"
    )
    assert s.meeting_date.value == "2026-03-12"
    assert s.issued_date.value == "2026-03-14"
    assert s.meeting_date.evidence is not None and s.meeting_date.evidence.rule


def test_meeting_date_under_the_title() -> None:
    norm, s = parse(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ LẠNG SƠN\nSố: /TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lạng Sơn, ngày tháng 6 năm 2025\n"
        "THÔNG BÁO\nKết luận giao ban Chủ tịch, các Phó Chủ tịch UBND thành phố\n"
        "(Ngày 30 tháng 5 năm 2025)\n"
        "Sau khi nghe các phòng báo cáo, đồng chí Chủ tịch UBND thành phố kết luận như sau:\n"
        "1. Phòng Y tế thành phố: Tăng cường kiểm tra an toàn thực phẩm.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nHoàng Tuấn Anh\n"
    )
    assert s.meeting_date.value == "2025-05-30"
    assert s.issued_date.value is None
    ev = s.meeting_date.evidence
    assert ev is not None and ev.start is not None
    assert norm.text[ev.start : ev.end] == ev.text
    assert squash(s.title.value or "").startswith(
        "Kết luận giao ban Chủ tịch, các Phó Chủ tịch UBND thành phố"
    )


def test_no_meeting_in_a_letter_that_cites_a_document() -> None:
    _, s = parse(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CAO BẰNG\nSố: 77/TB-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Cao Bằng, ngày 10 tháng 3 năm 2025\n"
        "THÔNG BÁO\nVề việc tạm dừng cấp phép xây dựng tại khu vực quy hoạch\n"
        "Thực hiện Công văn số 120/SXD-QLXD ngày 05/3/2025 của Sở Xây dựng, UBND thành phố thông báo "
        "tạm dừng cấp phép xây dựng mới tại khu vực quy hoạch Khu đô thị phía Nam.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Văn Hải\n"
    )
    assert s.meeting_date.value is None
    assert s.issued_date.value == "2025-03-10"


def test_wrapped_date_line_evidence_spans_both_lines() -> None:
    norm, s = parse(HEADERS[-2].text)
    ev = s.issued_date.evidence
    assert ev is not None and ev.rule == "issued_date.place_line_wrapped"
    assert norm.text[ev.start : ev.end] == ev.text == "12 tháng 2 năm\n2018"


def test_issuer_keeps_the_official_capitals_of_a_known_name() -> None:
    _, s = parse(HEADERS[-1].text)
    assert s.issuer.value == "Sở Tài nguyên và Môi trường tỉnh Lào Cai"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ỦY BAN NHÂN DÂN THỊ XÃ QUẾ VÕ", "Ủy ban nhân dân thị xã Quế Võ"),
        ("UBND THỊ TRẤN ĐÌNH LẬP", "UBND thị trấn Đình Lập"),
        ("UBND THÀNH PHỐ HUẾ", "UBND thành phố Huế"),
        ("UBND ĐẶC KHU PHÚ QUỐC", "UBND đặc khu Phú Quốc"),  # 2025: special zones
        ("ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH", "Ủy ban nhân dân huyện Châu Thành"),
        ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "Sở Tài nguyên và Môi trường"),
    ],
)
def test_recase_header_names(header: str, expected: str) -> None:
    from dondoc.structure.names import recase

    assert recase(header) == expected


MEETING_HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH HÒA BÌNH\nSố: 45/TB-UBND\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Hòa Bình, ngày 14 tháng 3 năm 2026\n"
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
)
MEETING_TAIL = (
    " Sau khi nghe báo cáo, đồng chí Chủ tịch UBND tỉnh kết luận như sau:\n"
    "1. Sở Tài chính: Rà soát tình hình giải ngân vốn đầu tư công.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Thị Thu Hà\n"
)


@pytest.mark.parametrize(
    ("opening", "meeting", "rule"),
    [
        (
            "Vào hồi 14 giờ 00 ngày 11/3/2026, UBND tỉnh tổ chức họp.",
            "2026-03-11",
            "meeting_date.first_sentence",
        ),
        (
            "Thực hiện Chương trình công tác, ngày 11/3/2026, đồng chí Chủ tịch UBND tỉnh làm việc với Sở Y tế.",
            "2026-03-11",
            "meeting_date.first_sentence",
        ),
        (
            "Ngày 10/3, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp.",
            "2026-03-10",
            "meeting_date.opening_no_year",
        ),
        (
            "Ngày 22/12, đồng chí Chủ tịch UBND tỉnh chủ trì cuộc họp.",
            "2025-12-22",
            "meeting_date.opening_no_year",
        ),
        # The date of a document cited is not the meeting's.
        ("Thực hiện Thông báo số 26/TB-VP ngày 06/02/2026 về kết luận tại cuộc họp.", None, None),
    ],
)
def test_meeting_date_in_other_opening_sentences(opening: str, meeting: str | None, rule: str | None) -> None:
    _, s = parse(MEETING_HEADER + opening + MEETING_TAIL)
    assert s.title.value == "Kết luận của Chủ tịch UBND tỉnh"  # the opening is body, not title
    assert s.meeting_date.value == meeting
    assert (s.meeting_date.evidence.rule if s.meeting_date.evidence else None) == rule
