"""Units: a sentence in → the units it names, in full canonical form, in order.

Names are compared the way the contract's scorer compares them (spec/extraction.md, "Units"):
``UBND`` equals ``Ủy ban nhân dân``, one trailing level (``thành phố``, ``tỉnh``, ``huyện``) is
optional, tone placement (``hoá``/``hóa``), case and punctuation are ignored; nothing else is.
The expected names are what an annotator would write for each sentence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from dondoc.ingest import ingest_bytes
from dondoc.normalize import normalize
from dondoc.units.scanner import _GAP_TOKEN, Tokens, find_units
from scoring_rules import unit_key

key = unit_key


def names(text: str) -> list[str]:
    return [m.name for m in find_units(text)]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: tuple[str, ...]


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


def check(case: Case) -> None:
    got = names(case.text)
    assert [key(n) for n in got] == [key(n) for n in case.expected], f"got {got}"


ABBREVIATIONS = [
    Case(
        "phong-tnmt",
        "Giao Phòng TN&MT chủ trì rà soát hồ sơ giao đất.",
        ("Phòng Tài nguyên và Môi trường",),
    ),
    Case(
        "phong-gddt",
        "Phòng GD&ĐT hướng dẫn xây dựng kế hoạch năm học mới.",
        ("Phòng Giáo dục và Đào tạo",),
    ),
    Case(
        "phong-ldtbxh",
        "Phòng LĐ-TB&XH rà soát danh sách hộ nghèo, hộ cận nghèo.",
        ("Phòng Lao động - Thương binh và Xã hội",),
    ),
    Case(
        "phong-tckh",
        "Yêu cầu Phòng TC-KH tham mưu bố trí vốn đối ứng.",
        ("Phòng Tài chính - Kế hoạch",),
    ),
    Case(
        "so-khdt",
        "Sở KH&ĐT tổng hợp nhu cầu vốn đầu tư công năm 2026.",
        ("Sở Kế hoạch và Đầu tư",),
    ),
    Case(
        "so-nnptnt",
        "Sở NN&PTNT chỉ đạo phòng, chống bệnh dịch tả lợn châu Phi.",
        ("Sở Nông nghiệp và Phát triển nông thôn",),
    ),
    Case(
        "chi-nhanh-vpdkdd",
        "Chi nhánh VPĐKĐĐ thành phố cập nhật biến động đất đai.",
        ("Chi nhánh Văn phòng Đăng ký đất đai thành phố",),
    ),
    Case(
        "ttptqd",
        "Giao TTPTQĐ lập phương án bồi thường, hỗ trợ tái định cư.",
        ("Trung tâm Phát triển quỹ đất",),
    ),
    Case(
        "bqlda-with-level",
        "BQLDA thành phố khẩn trương hoàn thiện hồ sơ quyết toán.",
        ("Ban Quản lý dự án thành phố",),
    ),
    Case(
        "bqlda-dtxd-with-level",
        "Giao BQLDA đầu tư xây dựng huyện lựa chọn nhà thầu tư vấn.",
        ("Ban Quản lý dự án đầu tư xây dựng huyện",),
    ),
    Case(
        "bchqs-huyen",
        "BCHQS huyện chuẩn bị lực lượng tham gia cứu hộ, cứu nạn.",
        ("Ban Chỉ huy Quân sự huyện",),
    ),
    Case(
        "van-phong-hdnd-ubnd",
        "Văn phòng HĐND-UBND huyện theo dõi, đôn đốc việc thực hiện.",
        ("Văn phòng HĐND và UBND huyện",),
    ),
    Case(
        "ubnd-long-form",
        "Ủy ban nhân dân huyện Hữu Lũng báo cáo kết quả thực hiện.",
        ("UBND huyện Hữu Lũng",),
    ),
]


# Provincial units every province has, written in full or abbreviated.
PROVINCIAL = [
    Case("so-vhttdl", "Giao Sở VHTT&DL chủ trì tổ chức lễ hội.", ("Sở Văn hóa, Thể thao và Du lịch",)),
    Case(
        "ban-quan-ly-kcn",
        "Giao Ban Quản lý các khu công nghiệp tỉnh rà soát quỹ đất.",
        ("Ban Quản lý các khu công nghiệp tỉnh",),
    ),
    Case(
        "bqlda-giao-thong",
        "Giao Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh bàn giao mặt bằng.",
        ("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh",),
    ),
    Case(
        "dai-phat-thanh",
        "Đài Phát thanh và Truyền hình tỉnh tuyên truyền rộng rãi.",
        ("Đài Phát thanh và Truyền hình tỉnh",),
    ),
    Case(
        "trung-tam-xuc-tien",
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh giới thiệu dự án.",
        ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",),
    ),
    # 2025: special zones (đặc khu) sit beside communes and wards.
    Case("ubnd-dac-khu", "Giao UBND đặc khu Phú Quốc rà soát.", ("UBND đặc khu Phú Quốc",)),
    Case("group-in-capitals", "2. UBND CÁC XÃ, PHƯỜNG", ("UBND các xã, phường",)),
    Case("xa-phuong-dac-khu", "UBND các xã, phường, đặc khu thực hiện.", ("UBND các xã, phường, đặc khu",)),
    Case(
        "lien-minh-htx", "Liên minh Hợp tác xã tỉnh hướng dẫn các hợp tác xã.", ("Liên minh Hợp tác xã tỉnh",)
    ),
    # A noun that is a unit by itself, written with a capital; "đoàn kết" (to unite) is not one.
    Case(
        "tinh-doan-in-a-list",
        "Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh phối hợp tuyên truyền.",
        ("Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh"),
    ),
    Case("thanh-doan-place", "Giao Thành đoàn Hà Nội chủ trì.", ("Thành đoàn Hà Nội",)),
    Case("doan-ket-is-no-unit", "Nhân dân trong tỉnh đoàn kết, chung sức xây dựng nông thôn mới.", ()),
    # "và" and a capitalised word go on with a name; a unit noun after "và" starts another unit.
    Case(
        "va-then-unit-noun",
        "Giao Phòng Tư pháp và Công an thành phố phối hợp.",
        ("Phòng Tư pháp", "Công an thành phố"),
    ),
    # Party committees and their boards: the committee follows the board's own name.
    Case(
        "party-board-of-committee",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, phối hợp với Ban Tổ chức Thành ủy Hà Nội.",
        ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tổ chức Thành ủy Hà Nội"),
    ),
    Case("party-board-central", "Ban Kinh tế Trung ương có ý kiến.", ("Ban Kinh tế Trung ương",)),
    Case("party-board-dan-van", "Giao Ban Dân vận Huyện ủy phối hợp.", ("Ban Dân vận Huyện ủy",)),
    Case("party-committee-alone", "Báo cáo Tỉnh ủy kết quả thực hiện.", ("Tỉnh ủy",)),
    Case("party-committee-lower-case-is-no-name", "các cấp ủy, tỉnh ủy viên dự họp", ()),
    # A unit noun that ends a proper name (a street, a person) is part of the name.
    Case(
        "noun-ending-a-street-name",
        "Dự án đường Lý Thái Tổ kéo dài do Ban Quản lý dự án thành phố làm chủ đầu tư.",
        ("Ban Quản lý dự án thành phố",),
    ),
    Case("noun-ending-a-person-name", "Ông Nguyễn Văn Ban, Giám đốc Sở Y tế, báo cáo.", ("Sở Y tế",)),
    Case(
        "unit-after-a-unit-name-in-capitals",
        "Bộ Công Thương Cục Xúc tiến thương mại",
        ("Bộ Công Thương", "Cục Xúc tiến Thương mại"),
    ),
]


@pytest.mark.parametrize("case", PROVINCIAL, ids=ids(PROVINCIAL))
def test_provincial_units(case: Case) -> None:
    check(case)


LEVELS_AND_PLACES = [
    Case("ubnd-tinh-place", "UBND tỉnh Bạc Liêu ban hành Kế hoạch thực hiện.", ("UBND tỉnh Bạc Liêu",)),
    Case("ubnd-xa-place", "Giao UBND xã Tân An phối hợp thực hiện.", ("UBND xã Tân An",)),
    Case(
        "ubnd-thanh-pho-place",
        "Báo cáo UBND thành phố Lạng Sơn trước ngày 15/6.",
        ("UBND thành phố Lạng Sơn",),
    ),
    Case(
        "thanh-tra-thanh-pho", "Thanh tra thành phố tiến hành thanh tra đột xuất.", ("Thanh tra thành phố",)
    ),
    Case("cong-an-tinh", "phối hợp với Công an tỉnh xử lý vi phạm.", ("Công an tỉnh",)),
    Case(
        "phong-y-te-thanh-pho",
        "Phòng Y tế thành phố kiểm tra an toàn thực phẩm.",
        ("Phòng Y tế thành phố",),
    ),
    Case(
        "two-units-joined-by-va",
        "Giao Sở Tài chính và Sở Xây dựng thẩm định dự toán.",
        ("Sở Tài chính", "Sở Xây dựng"),
    ),
    Case(
        "three-units-comma-list",
        "Phòng Nội vụ, Phòng Tư pháp, Thanh tra huyện rà soát thủ tục hành chính.",
        ("Phòng Nội vụ", "Phòng Tư pháp", "Thanh tra huyện"),
    ),
    Case(
        "doi-qltt-so",
        "Chủ trì, phối hợp với Đội Quản lý thị trường số 3 kiểm tra hàng hóa.",
        ("Đội Quản lý thị trường số 3",),
    ),
    Case("kho-bac-tinh", "Kho bạc Nhà nước tỉnh kiểm soát chi chặt chẽ.", ("Kho bạc Nhà nước tỉnh",)),
    Case(
        "old-tone-placement",
        "Sở Văn hoá, Thể thao và Du lịch tổ chức giải chạy việt dã.",
        ("Sở Văn hóa, Thể thao và Du lịch",),
    ),
    Case(
        "bqlda-full-name",
        "Ban Quản lý dự án đầu tư xây dựng thành phố khẩn trương lập hồ sơ mời thầu.",
        ("Ban Quản lý dự án đầu tư xây dựng thành phố",),
    ),
    # Right after "UBND" a level may be written with a capital, when a place name follows it.
    Case(
        "ubnd-capital-level",
        "UBND Thành phố Vĩnh Yên rà soát hồ sơ.",
        ("UBND thành phố Vĩnh Yên",),
    ),
    Case("ubnd-numbered-ward", "Giao UBND Phường 7 Tân Bình kiểm đếm tài sản.", ("UBND phường 7 Tân Bình",)),
    # A project role the law names, written with a capital, is the document's own doer.
    Case("role-investor", "Yêu cầu Chủ đầu tư hoàn thiện hồ sơ thiết kế.", ("Chủ đầu tư",)),
    Case("role-contractor", "Đề nghị Nhà thầu thi công bổ sung biện pháp an toàn.", ("Nhà thầu",)),
    # A verb or a document's name after a bare "Công ty" is not its name.
    Case("company-then-verb", "đề nghị Công ty nghiên cứu Danh mục hàng hóa.", ("Công ty",)),
    Case(
        "known-name-lower-case-noun",
        "giao phòng Nông nghiệp và Môi trường tiếp tục hoàn thiện dự thảo.",
        ("Phòng Nông nghiệp và Môi trường",),
    ),
]


GROUPS = [
    Case("ubnd-cac-phuong-xa", "UBND các phường, xã tăng cường kiểm tra.", ("UBND các phường, xã",)),
    # "trung ương" qualifies the group it follows, whatever its case.
    Case("cac-bo-co-quan-trung-uong", "Các bộ, cơ quan trung ương phối hợp.", ("Các bộ, cơ quan trung ương",)),
    Case("cac-bo-nganh-trung-uong", "Đề nghị các bộ, ngành Trung ương hướng dẫn.", ("Các bộ, ngành Trung ương",)),
    Case(
        "cac-co-quan-chuyen-mon",
        "Các cơ quan chuyên môn thành phố chủ động tham mưu.",
        ("Các cơ quan chuyên môn thành phố",),
    ),
    Case(
        "cac-bo-co-quan-ngang-bo", "Các Bộ, cơ quan ngang Bộ rà soát văn bản.", ("Các Bộ, cơ quan ngang Bộ",)
    ),
    Case(
        "ubnd-cac-tinh-thanh-pho-tw",
        "đề nghị UBND các tỉnh, thành phố trực thuộc Trung ương chỉ đạo quyết liệt.",
        ("UBND các tỉnh, thành phố trực thuộc Trung ương",),
    ),
    Case(
        "tap-doan-tong-cong-ty",
        "các Tập đoàn kinh tế, Tổng công ty nhà nước báo cáo tình hình.",
        ("các Tập đoàn kinh tế, Tổng công ty nhà nước",),
    ),
    Case(
        "phong-ban-co-quan-don-vi",
        "Các phòng, ban, cơ quan, đơn vị nghiêm túc thực hiện.",
        ("Các phòng, ban, cơ quan, đơn vị",),
    ),
    Case("cac-co-quan-don-vi", "Các cơ quan, đơn vị chủ động triển khai.", ("Các cơ quan, đơn vị",)),
    Case("ubnd-cac-xa-thi-tran", "UBND các xã, thị trấn rà soát, báo cáo.", ("UBND các xã, thị trấn",)),
    Case(
        "cac-so-ban-nganh-tinh", "Các sở, ban, ngành tỉnh phối hợp thực hiện.", ("Các sở, ban, ngành tỉnh",)
    ),
    # The body a group belongs to ("thuộc"/"trực thuộc" + a level or a body of government) is part of it.
    Case(
        "group-of-a-committee",
        "Các cơ quan chuyên môn thuộc UBND tỉnh rà soát thủ tục.",
        ("Các cơ quan chuyên môn thuộc UBND tỉnh",),
    ),
    Case("group-of-a-department", "Các phòng thuộc Sở báo cáo kết quả.", ("Các phòng thuộc Sở",)),
    Case("group-under-a-department", "Các đơn vị trực thuộc Sở rà soát.", ("Các đơn vị trực thuộc Sở",)),
    Case("group-of-a-district", "Các xã thuộc huyện Lâm Hà kiểm đếm.", ("Các xã thuộc huyện Lâm Hà",)),
    # "ban ngành", "phòng ban" are written as one group noun, without a comma.
    Case("ban-nganh-without-comma", "Các sở, ban ngành tăng cường kiểm tra.", ("Các sở, ban ngành",)),
    Case("phong-ban-without-comma", "Các phòng ban chuyên môn phối hợp.", ("Các phòng ban chuyên môn",)),
    Case("group-not-of-a-scope", "Các cơ quan thuộc diện kiểm tra báo cáo.", ("Các cơ quan",)),
]


LISTS = [
    Case(
        "cac-bo-list",
        "Giao các Bộ: Tài chính, Tư pháp nghiên cứu, đề xuất sửa đổi.",
        ("Bộ Tài chính", "Bộ Tư pháp"),
    ),
    Case(
        "cac-so-list-with-va",
        "Chủ trì, phối hợp với các Sở: Tài chính, Xây dựng và Công Thương thẩm định.",
        ("Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"),
    ),
    # One level written once over several provinces: the committee of each.
    Case(
        "ubnd-tinh-several-provinces",
        "Đề nghị UBND tỉnh Cao Bằng, Lạng Sơn và Hà Giang phối hợp kiểm tra.",
        ("UBND tỉnh Cao Bằng", "UBND tỉnh Lạng Sơn", "UBND tỉnh Hà Giang"),
    ),
]

# … and only provinces: a unit, a city or a place line after the comma is not one of them.
PROVINCE_LIST_STOPS = [
    Case("then-a-unit", "Gửi UBND tỉnh Cao Bằng, Sở Tài chính để biết.", ("UBND tỉnh Cao Bằng", "Sở Tài chính")),
    Case("then-a-city", "Gửi UBND tỉnh Quảng Nam và Đà Nẵng để phối hợp.", ("UBND tỉnh Quảng Nam",)),
    Case("then-a-town", "UBND tỉnh Lâm Đồng, Đà Lạt, ngày 05 tháng 3 năm 2025", ("UBND tỉnh Lâm Đồng",)),
]


NOT_UNITS = [
    Case("bo-truong-alone", "Bộ trưởng chủ trì cuộc họp trực tuyến sáng nay.", ()),
    Case("ban-hanh", "Đã ban hành Quyết định phê duyệt danh mục.", ()),
    Case("ban-hanh-capital", "Ban hành quy chế phối hợp trong tháng 7.", ()),
    Case("to-chuc-thuc-hien", "Tổ chức thực hiện nghiêm túc các nội dung trên.", ()),
    Case("phong-chong-dich", "Tăng cường công tác phòng, chống dịch bệnh mùa mưa.", ()),
    Case("bao-cao", "báo cáo kết quả thực hiện trước ngày 20 hằng tháng.", ()),
    Case("truong-hop", "Trường hợp vượt thẩm quyền, kịp thời báo cáo cấp trên.", ()),
    Case("person-name", "Phó Thủ tướng Vũ Đức Đam đã có ý kiến chỉ đạo.", ()),
    Case("doi-ngu", "Đội ngũ cán bộ, công chức cấp xã được kiện toàn.", ()),
    Case("hoi-nghi", "Hội nghị trực tuyến được tổ chức vào sáng thứ Hai.", ()),
    Case("role-lower-case", "việc bàn giao mặt bằng cho nhà thầu còn chậm.", ()),
    # A unit noun that is the second half of a word, or "vụ" (a case) written without a capital.
    Case("nhiem-vu-quy", "Báo cáo kết quả quý I, phương hướng nhiệm vụ Quý II/2025.", ()),
    Case("phuc-vu-nhan-dan", "Các hoạt động phục vụ Nhân dân đón Tết được bảo đảm.", ()),
    Case("vu-viec-count", "Đã điều tra làm rõ 05 vụ 08 đối tượng.", ()),
    Case("co-so-bao-tro", "Thăm Cơ sở Bảo trợ xã hội tổng hợp của tỉnh.", ()),
    Case("tru-so-then-unit", "Xây dựng Trụ sở Công an tỉnh đúng tiến độ.", ("Công an tỉnh",)),
    Case("vu-capital-is-a-unit", "Giao Vụ Pháp chế chủ trì thẩm định.", ("Vụ Pháp chế",)),
    # An abbreviation is a unit as written in capitals; the same letters in lower case are a word.
    Case("abbreviation-in-lower-case", "Gửi ubnd và bqlda trước ngày 5.", ()),
    Case("abbreviation-in-capitals", "Gửi BQLDA, UBND tỉnh.", ("Ban Quản lý dự án", "UBND tỉnh")),
    # A deadline after a unit is not part of its name.
    Case("deadline-after-abbreviation", "Giao BQLDA trước ngày 5/3.", ("Ban Quản lý dự án",)),
    Case("deadline-after-named-unit", "Sở Xây dựng chậm nhất ngày 5/3 báo cáo.", ("Sở Xây dựng",)),
]


GLUED = [
    Case("ke-hoach-va-glued", "Bộ Kế hoạchvà Đầu tư tổng hợp, báo cáo.", ("Bộ Kế hoạch và Đầu tư",)),
    Case(
        "glued-before-noun",
        "Văn phòng Chính phủ thông báo đểBộ Tài chính biết, thực hiện.",
        ("Văn phòng Chính phủ", "Bộ Tài chính"),
    ),
]


@pytest.mark.parametrize("case", ABBREVIATIONS, ids=ids(ABBREVIATIONS))
def test_abbreviations_are_expanded(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", LEVELS_AND_PLACES, ids=ids(LEVELS_AND_PLACES))
def test_levels_and_places(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", GROUPS, ids=ids(GROUPS))
def test_groups_stay_as_written(case: Case) -> None:
    check(case)
    (match,) = find_units(case.text)
    assert match.is_group


@pytest.mark.parametrize("case", LISTS, ids=ids(LISTS))
def test_list_under_one_noun_is_expanded(case: Case) -> None:
    check(case)
    assert not any(m.is_group for m in find_units(case.text))


@pytest.mark.parametrize("case", PROVINCE_LIST_STOPS, ids=ids(PROVINCE_LIST_STOPS))
def test_province_list_stops_at_what_is_no_province(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", NOT_UNITS, ids=ids(NOT_UNITS))
def test_words_that_are_not_units(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", GLUED, ids=ids(GLUED))
def test_words_glued_by_scraping(case: Case) -> None:
    """Scraped text reaches the unit finder through the normalizer, as in the pipeline."""
    text = normalize(ingest_bytes(case.text.encode("utf-8"), "x.txt")).text
    got = names(text)
    assert [key(n) for n in got] == [key(n) for n in case.expected], f"got {got} from {text!r}"


def test_glued_known_name_without_normalizing() -> None:
    assert [key(n) for n in names("đề nghị Bộ Kế hoạchvà Đầu tư tổng hợp")] == [key("Bộ Kế hoạch và Đầu tư")]


def test_group_with_named_members_keeps_them() -> None:
    (match,) = find_units("Đối với các xã: Hữu Lũng, Tuấn Sơn, Vân Nham:")
    assert match.is_group
    assert list(match.members) == ["Hữu Lũng", "Tuấn Sơn", "Vân Nham"]


def test_spans_slice_the_mention() -> None:
    text = "Giao Phòng TN&MT phối hợp với UBND các phường, xã và Chi nhánh VPĐKĐĐ thực hiện."
    found = find_units(text, 100)
    assert [text[m.start - 100 : m.end - 100] for m in found] == [
        "Phòng TN&MT",
        "UBND các phường, xã",
        "Chi nhánh VPĐKĐĐ",
    ]
    assert all(m.rule for m in found)


def test_key_follows_the_scorer() -> None:
    assert key("Ủy ban nhân dân tỉnh Bạc Liêu") == key("UBND tỉnh Bạc Liêu")
    assert key("Phòng Y tế thành phố") == key("Phòng Y tế")
    assert key("Phòng Văn hoá") == key("Phòng Văn hóa")
    assert key("UBND các phường, xã") != key("UBND các phường")
    assert key("Sở Tài chính") != key("Sở Xây dựng")


def test_group_in_a_capitals_heading_is_written_in_lower_case() -> None:
    assert names("2. UBND CÁC XÃ, PHƯỜNG") == ["UBND các xã, phường"]
    assert names("Các Bộ, ngành thực hiện.") == ["Các Bộ, ngành"]  # a capital "Bộ" is kept


def _regex_tokens(text: str, offset: int) -> list[tuple[str, int, int]]:
    """The tokens as the token regex finds them over the whole text (the definition ``Tokens`` keeps)."""
    out = []
    pos = offset
    for gap, token in _GAP_TOKEN.findall(text):
        pos += len(gap)
        out.append((token, pos, pos + len(token)))
        pos += len(token)
    return out


_TOKEN_PIECES = [
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\n",
    "_",
    ",",
    ".",
    ";",
    ":",
    "-",
    "–",
    "&",
    "/",
    "'",
    "(",
    "Sở",
    "TN&MT",
    "LĐ-TB&XH",
    "tỉnh",
    "xã",
    "UBND",
    "12",
    "3.1",
    "a\u0301",
    "Ð",
    "ĐBSCL",
    "x-",
]


def test_tokens_are_the_token_regex_over_the_whole_text() -> None:
    rng = random.Random(7)
    texts = ["", " ", "Sở Tài chính", " Sở  Tài\u00a0chính, UBND tỉnh_ "] + [
        "".join(rng.choice(_TOKEN_PIECES) for _ in range(rng.randint(1, 12))) for _ in range(3000)
    ]
    for text in texts:
        tokens = Tokens(text, 5)
        got = [(tokens.words[i], tokens.start(i), tokens.end(i)) for i in range(len(tokens))]
        assert got == _regex_tokens(text, 5), repr(text)
        assert all(text[s - 5 : e - 5] == w for w, s, e in got)
