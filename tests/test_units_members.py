"""Group expansion (dondoc.extract.members): an enterprise or branch noun written alone stands for the
enterprises the document names in full, when they are few. Made-up documents and sentences."""

from __future__ import annotations

from dondoc.extract.members import MemberLists, expand_group
from dondoc.pipeline import extract_bytes
from dondoc.units.scanner import find_units

LETTER = """UBND TỈNH AN BÌNH
SỞ CÔNG THƯƠNG
Số: 12/TB-SCT
An Bình, ngày 05 tháng 3 năm 2026
THÔNG BÁO
Kết quả kiểm tra an toàn hóa chất
Qua kiểm tra tại các đơn vị: Công ty cổ phần Hóa chất Minh Phát (kho số 2); Công ty TNHH Bình Minh (kho số 5), \
Sở Công Thương thông báo như sau:
1. Đề nghị Công ty rà soát nội quy kho trước ngày 30/3/2026.
2. Đề nghị Công ty bổ sung biển báo an toàn.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Nguyễn Văn An
"""


def test_bare_company_stands_for_the_companies_the_document_names() -> None:
    tasks = extract_bytes(LETTER.encode(), "tb.txt").to_contract()["tasks"]
    assert [[u["name"] for u in t["lead"]] for t in tasks] == [
        ["Công ty cổ phần Hóa chất Minh Phát", "Công ty TNHH Bình Minh"]
    ] * 2


def test_bare_noun_expands_only_to_its_kind() -> None:
    (bare,) = find_units("Đề nghị Chi nhánh rà soát hồ sơ.")
    lists = MemberLists(enterprises={"dn": ["Công ty TNHH Bình Minh"]})
    assert expand_group(bare, lists) == [("Chi nhánh", "unit.generic")]
    lists.enterprises["chinhanh"] = ["Chi nhánh số 3 - Công ty TNHH Bình Minh"]
    assert expand_group(bare, lists) == [("Chi nhánh số 3 - Công ty TNHH Bình Minh", "unit.generic")]


def test_named_company_is_not_expanded() -> None:
    (named,) = find_units("Công ty TNHH Hòa An báo cáo.")
    lists = MemberLists(enterprises={"dn": ["Công ty TNHH Bình Minh"]})
    assert expand_group(named, lists) == [("Công ty TNHH Hòa An", "unit.generic")]


MANY = "\n".join(f"- Công ty TNHH Số {n} Phú An;" for n in ("Một", "Hai", "Ba", "Bốn", "Năm"))


def test_bare_company_among_many_named_stays_bare() -> None:
    text = LETTER.replace("Qua kiểm tra tại", MANY + "\nQua kiểm tra tại")
    tasks = extract_bytes(text.encode(), "tb.txt").to_contract()["tasks"]
    assert [[u["name"] for u in t["lead"]] for t in tasks] == [["Công ty"]] * 2
