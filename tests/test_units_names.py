"""Unit names that run past a plain noun and name: enterprises, places holding a unit noun, groups of
kinds and of non-state doers, lists and persons. Each case is a short made-up sentence and the names an
annotator would write for it, compared the way the scorer compares them (spec/extraction.md, "Units")."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dondoc.units.scanner import find_units
from scoring_rules import unit_key


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: tuple[str, ...]


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


def check(case: Case) -> None:
    got = [m.name for m in find_units(case.text)]
    assert [unit_key(n) for n in got] == [unit_key(n) for n in case.expected], f"got {got}"


# An enterprise name runs over its capitalised words and lower-case trade words to where the sentence
# goes on: a verb, a preposition, punctuation.
COMPANIES = [
    Case(
        "trade-words-then-name",
        "Giao Công ty cổ phần Khai thác và Chế biến đá xây dựng Sông Mã khẩn trương hoàn thiện hồ sơ.",
        ("Công ty cổ phần Khai thác và Chế biến đá xây dựng Sông Mã",),
    ),
    Case(
        "ends-with-trade-words",
        "Công ty cổ phần Đầu tư xây dựng hạ tầng cơ sở làm chủ đầu tư dự án.",
        ("Công ty cổ phần Đầu tư xây dựng hạ tầng cơ sở",),
    ),
    Case(
        "lower-case-words-before-the-name",
        "Đề nghị Công ty TNHH MTV khí công nghiệp Bắc Hà tại Văn bản số 12/CV gửi hồ sơ.",
        ("Công ty TNHH MTV khí công nghiệp Bắc Hà",),
    ),
    Case(
        "stops-at-bracket",
        "Công ty cổ phần Xây dựng giao thông Đông Bắc (Gói thầu số 3) bố trí nhân lực.",
        ("Công ty cổ phần Xây dựng giao thông Đông Bắc",),
    ),
    Case(
        "corporation-with-known-trade-word",
        "Tổng công ty Xây dựng Hồng Lĩnh tiếp tục giám sát thi công.",
        ("Tổng công ty Xây dựng Hồng Lĩnh",),
    ),
    Case(
        "abbreviated-legal-form",
        "Công ty CP XD Giao thông Đông Bắc báo cáo tiến độ.",
        ("Công ty cổ phần Xây dựng Giao thông Đông Bắc",),
    ),
    Case(
        "stops-at-comma-and-next-unit",
        "Công ty TNHH Minh Khang, Chủ tịch UBND xã Tân An phối hợp thực hiện.",
        ("Công ty TNHH Minh Khang", "UBND xã Tân An"),
    ),
    Case(
        "stops-at-verb-before-capitalised-object",
        "Công ty TNHH Minh Khang gửi Báo cáo kết quả kiểm định về Sở Công Thương.",
        ("Công ty TNHH Minh Khang", "Sở Công Thương"),
    ),
    Case(
        "dash-and-abbreviation",
        "Công ty cổ phần Khoáng sản Hòa Bình - ABC tại Văn bản số 3 đề nghị cấp phép.",
        ("Công ty cổ phần Khoáng sản Hòa Bình - ABC",),
    ),
    Case(
        "private-enterprise",
        "Doanh nghiệp tư nhân Hải Yến có trách nhiệm báo cáo.",
        ("Doanh nghiệp tư nhân Hải Yến",),
    ),
    Case(
        "cooperative",
        "Hợp tác xã Nông nghiệp Tân Tiến chủ động liên hệ cơ quan thuế.",
        ("Hợp tác xã Nông nghiệp Tân Tiến",),
    ),
    Case(
        "branch-with-its-company",
        "Chi nhánh số 2 - Công ty cổ phần Xuất nhập khẩu Gạo Bình An khẩn trương rà soát hồ sơ.",
        ("Chi nhánh số 2 - Công ty cổ phần Xuất nhập khẩu Gạo Bình An",),
    ),
    Case(
        "named-branch-with-its-company",
        "Chi nhánh Bắc Sơn - Công ty cổ phần Luyện kim Hòa Phát tại Văn bản số 5 đề nghị gia hạn.",
        ("Chi nhánh Bắc Sơn - Công ty cổ phần Luyện kim Hòa Phát",),
    ),
    Case(
        "trade-words-only-after-a-legal-form",
        "Sau khi hoàn thành, Công ty Cổ phần đầu tư xây dựng hạ tầng và giao thông có trách nhiệm dỡ bỏ kho.",
        ("Công ty cổ phần đầu tư xây dựng hạ tầng và giao thông",),
    ),
    Case("trade-word-as-verb", "Đề nghị Công ty xây dựng phương án nổ mìn.", ("Công ty",)),
    Case("no-name", "Các công ty cổ phần và doanh nghiệp tư nhân thực hiện kê khai.", ()),
]


@pytest.mark.parametrize("case", COMPANIES, ids=ids(COMPANIES))
def test_enterprise_names_run_to_where_the_sentence_goes_on(case: Case) -> None:
    check(case)


# A dash before another unit ends a name; "HĐND - UBND" stays one name.
DASHES = [
    Case(
        "dash-before-another-unit",
        "Phòng Khoáng sản - Sở Nông nghiệp và Môi trường rà soát hồ sơ.",
        ("Phòng Khoáng sản", "Sở Nông nghiệp và Môi trường"),
    ),
    Case("dash-inside-a-name", "Văn phòng HĐND - UBND huyện tham mưu.", ("Văn phòng HĐND - UBND huyện",)),
]


@pytest.mark.parametrize("case", DASHES, ids=ids(DASHES))
def test_dash_before_another_unit_ends_the_name(case: Case) -> None:
    check(case)


# An enterprise or branch noun written with a capital and no name is the one the document is about
# (the task stage takes it back to the addressee); in lower case it names none.
BARE_ENTERPRISE = [
    Case(
        "bare-company",
        "Đề nghị Công ty gửi hồ sơ về Sở Công Thương trước ngày 10/5/2026.",
        ("Công ty", "Sở Công Thương"),
    ),
    Case("bare-branch", "Đề nghị Chi nhánh rà soát thời hạn giấy phép.", ("Chi nhánh",)),
    Case("lower-case-company", "Nhiều công ty chưa nộp báo cáo.", ()),
    Case("legal-form-without-name", "Công ty cổ phần phải công khai báo cáo tài chính.", ()),
]


@pytest.mark.parametrize("case", BARE_ENTERPRISE, ids=ids(BARE_ENTERPRISE))
def test_bare_enterprise_noun_with_a_capital(case: Case) -> None:
    check(case)


# A place name may end with a word that is also a unit noun, when no name follows it.
PLACES = [
    Case("unit-noun-ends-place", "Giao UBND huyện Kim Phòng chủ trì thực hiện.", ("UBND huyện Kim Phòng",)),
    Case(
        "place-at-sentence-end",
        "Kính gửi: Ủy ban nhân dân thành phố Kim Phòng.",
        ("UBND thành phố Kim Phòng",),
    ),
    Case(
        "unit-after-place",
        "UBND huyện Kim Lâm Phòng Nội vụ tham mưu.",
        ("UBND huyện Kim Lâm", "Phòng Nội vụ"),
    ),
]


@pytest.mark.parametrize("case", PLACES, ids=ids(PLACES))
def test_place_name_ending_with_a_unit_noun(case: Case) -> None:
    check(case)


# Levels listed after a unit without "các" are one group of that kind of unit.
LEVEL_LISTS = [
    Case(
        "ubnd-levels",
        "Đề nghị UBND tỉnh, thành phố, Hội Nông dân tỉnh căn cứ hướng dẫn.",
        ("UBND tỉnh, thành phố", "Hội Nông dân tỉnh"),
    ),
    Case("ubnd-communes-and-wards", "UBND xã, phường phối hợp rà soát.", ("UBND xã, phường",)),
    Case(
        "levels-with-qualifier",
        "Gửi UBND tỉnh, thành phố trực thuộc Trung ương để biết.",
        ("UBND tỉnh, thành phố trực thuộc Trung ương",),
    ),
    Case("named-unit-levels", "Phòng Y tế quận, huyện báo cáo số ca mắc.", ("Phòng Y tế quận, huyện",)),
    Case("not-a-level", "UBND huyện, Sở Tài chính thống nhất.", ("UBND huyện", "Sở Tài chính")),
]


@pytest.mark.parametrize("case", LEVEL_LISTS, ids=ids(LEVEL_LISTS))
def test_levels_listed_after_a_unit(case: Case) -> None:
    check(case)


# "các" + a unit noun and a name: that unit everywhere, one group; more names after it: each in full.
NAMED_GROUPS = [
    Case(
        "bar-associations", "Đề nghị chỉ đạo các Đoàn Luật sư phối hợp xây dựng đề án.", ("Các Đoàn Luật sư",)
    ),
    Case(
        "offices-of-each-district",
        "Đề nghị các phòng GD&ĐT quận, huyện và các đơn vị trường học thông báo kịp thời.",
        ("Các Phòng Giáo dục và Đào tạo quận, huyện", "Các đơn vị trường học"),
    ),
    Case(
        "names-after-a-comma",
        "Các Sở Tài chính, Xây dựng phối hợp thẩm định.",
        ("Sở Tài chính", "Sở Xây dựng"),
    ),
    Case(
        "units-in-full",
        "Các Sở Tài chính, Sở Xây dựng và UBND huyện phối hợp.",
        ("Sở Tài chính", "Sở Xây dựng", "UBND huyện"),
    ),
    Case("kinds-stay-a-group", "Các Sở, ban, ngành tỉnh chủ động thực hiện.", ("Các Sở, ban, ngành tỉnh",)),
]


@pytest.mark.parametrize("case", NAMED_GROUPS, ids=ids(NAMED_GROUPS))
def test_named_unit_after_cac(case: Case) -> None:
    check(case)


# A group of non-state doers runs on over the field it works in, to the sentence's verb.
DOERS = [
    Case(
        "field-to-verb",
        "Đề nghị các đơn vị hoạt động xăng dầu trên địa bàn huyện nghiên cứu, thực hiện.",
        ("Các đơn vị hoạt động xăng dầu trên địa bàn huyện",),
    ),
    Case(
        "comma-inside-the-field",
        "Yêu cầu các tổ chức, cá nhân hoạt động thủy sản thuộc vùng, địa bàn quản lý chủ động báo cáo.",
        ("Các tổ chức, cá nhân hoạt động thủy sản thuộc vùng, địa bàn quản lý",),
    ),
    Case(
        "stops-at-negation",
        "Các tổ chức, cá nhân hoạt động khai thác cát không được tập kết trái phép.",
        ("Các tổ chức, cá nhân hoạt động khai thác cát",),
    ),
    Case(
        "abbreviation-written-out",
        "Các doanh nghiệp có hoạt động liên quan đến VLNCN trên địa bàn thực hiện nghiêm.",
        ("Các doanh nghiệp có hoạt động liên quan đến vật liệu nổ công nghiệp trên địa bàn",),
    ),
    Case("no-field", "Đề nghị các đơn vị phản hồi về Sở Công Thương.", ("Các đơn vị", "Sở Công Thương")),
    Case(
        "state-bodies-do-not-run-on",
        "Các cơ quan, đơn vị hoạt động trên địa bàn thực hiện.",
        ("Các cơ quan, đơn vị",),
    ),
    Case(
        "kinds-joined-by-va",
        "Đề nghị các sở, ngành và địa phương, UBND xã, phường phối hợp.",
        ("Các sở, ngành và địa phương", "UBND xã, phường"),
    ),
]


@pytest.mark.parametrize("case", DOERS, ids=ids(DOERS))
def test_non_state_doers_as_written(case: Case) -> None:
    check(case)


# A person stands for the body they head; "A/B" names two units; "cấp" makes a group with a partner.
PERSONS_AND_LISTS = [
    Case(
        "heads-of-groups",
        "Giám đốc các Sở, Thủ trưởng các ban, ngành tổ chức thực hiện.",
        ("Các Sở, ban, ngành",),
    ),
    Case("head-of-a-unit", "Giám đốc Sở Xây dựng chủ trì.", ("Sở Xây dựng",)),
    Case("chairman-of-a-group", "Chủ tịch UBND các xã chỉ đạo rà soát.", ("UBND các xã",)),
    Case(
        "second-article-is-another-group",
        "Các Bộ, cơ quan ngang Bộ, các Tập đoàn kinh tế báo cáo.",
        ("Các Bộ, cơ quan ngang Bộ", "Các Tập đoàn kinh tế"),
    ),
    Case("levels-and-sectors", "Các cấp, các ngành tập trung chỉ đạo.", ("Các cấp, các ngành",)),
    Case("committee-of-a-level", "Giao UBND cấp xã rà soát danh sách.", ("UBND cấp xã",)),
    Case("levels-alone-are-no-unit", "Chính quyền các cấp quan tâm chỉ đạo.", ()),
    Case("slash-between-units", "Sở Tài chính/Sở Xây dựng thẩm định.", ("Sở Tài chính", "Sở Xây dựng")),
    Case("slash-in-a-number", "Theo Công văn số 15/BTC-NSNN, Sở Tài chính hướng dẫn.", ("Sở Tài chính",)),
    Case("not-a-group-noun", "Phối hợp với các bộ phận liên quan.", ()),
]


@pytest.mark.parametrize("case", PERSONS_AND_LISTS, ids=ids(PERSONS_AND_LISTS))
def test_persons_lists_and_levels(case: Case) -> None:
    check(case)


def test_association_noun_and_a_verb_after_the_name() -> None:
    assert [
        m.name for m in find_units("Liên đoàn Luật sư Việt Nam, Hiệp hội công chứng viên Việt Nam phản ánh.")
    ] == [
        "Liên đoàn Luật sư Việt Nam",
        "Hiệp hội công chứng viên Việt Nam",
    ]
