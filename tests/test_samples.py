"""The shipped sample documents (src/dondoc/samples) against hand-made expectations.

The samples are fictional documents written for the demo; every expectation below was written by hand
from the text of the sample and the output contract (spec/extraction.md), not from the extractor's output.

Names are compared the way the contract's scorer treats them: ``UBND`` = ``Ủy ban nhân dân``, a trailing
administrative level (``tỉnh``, ``thành phố``, ``huyện``, ``xã``, ``phường``) is optional, and tone
placement (``hoá``/``hóa``), case and punctuation do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dondoc.pipeline import extract_path

SAMPLES = Path(str(resources.files("dondoc") / "samples"))

_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_LEVEL_SUFFIX = re.compile(r"\s+(?:tỉnh|thành phố|tp|huyện|xã|phường)$")


def canon(name: str) -> str:
    """A unit name folded the way the scorer compares names."""
    text = unicodedata.normalize("NFC", name).lower()
    for old, new in _OLD_TONES.items():
        text = text.replace(old, new)
    text = re.sub(r"ủy ban nhân dân", "ubnd", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    return _LEVEL_SUFFIX.sub("", text)


def names(units: list[Any]) -> set[str]:
    return {canon(u["name"] if isinstance(u, dict) else str(u)) for u in units}


@dataclass(frozen=True)
class Expected:
    anchor: str  # a phrase of the task's paragraph, as the scorer's anchors are
    lead: tuple[str, ...]
    support: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()
    section: str | None = None  # checked when given
    deadline_text: str | None = None  # a phrase the deadline_text must contain, when given


@dataclass(frozen=True)
class Sample:
    filename: str
    document: dict[str, Any]
    tasks: list[Expected] = field(default_factory=list)
    not_tasks: tuple[str, ...] = ()  # phrases of paragraphs that must not become tasks


SAMPLE_CASES = [
    Sample(
        "thong-bao-ket-luan-giao-ban.txt",
        document={
            "doc_type": "Thông báo",
            "number": "45/TB-UBND",
            "issuer": "UBND tỉnh Hòa Lâm",
            "issued_date": "2026-03-14",
            "meeting_date": "2026-03-12",
            "signer": "Lê Thị Thu Hà",
        },
        tasks=[
            Expected(
                "rà soát tình hình giải ngân kế hoạch vốn đầu tư công",
                ("Sở Tài chính",),
                ("Kho bạc Nhà nước tỉnh",),
                ("2026-03-30",),
                "1",
                "trước ngày 30/3/2026",
            ),
            Expected(
                "ban hành Quy định phân cấp quản lý, sử dụng tài sản công",
                ("Sở Tài chính",),
                (),
                ("2026-06-30",),
                "1",
                "quý II/2026",
            ),
            Expected(
                "tiêm phòng bổ sung vắc xin lở mồm long móng", ("Sở Nông nghiệp và Môi trường",), section="2"
            ),
            Expected(
                "hoàn thiện hồ sơ thu hồi đất, giao đất thực hiện dự án Khu dân cư Đồng Mơ",
                ("Sở Nông nghiệp và Môi trường",),
                ("Sở Xây dựng", "UBND xã Tân An"),
                ("2026-04-30",),
                "2",
                "tháng 4/2026",
            ),
            Expected(
                "Thẩm định hồ sơ đề nghị cấp giấy phép khai thác khoáng sản",
                ("Sở Nông nghiệp và Môi trường",),
                (),
                (),
                "2",
                "không quá 10 ngày làm việc",
            ),
            Expected(
                "xử lý nghiêm các phương tiện chở hàng quá tải trọng",
                ("Sở Xây dựng",),
                ("Công an tỉnh",),
                ("2026-03-31",),
                "3",
                "trước ngày 31/3/2026",
            ),
            Expected(
                "xây dựng kế hoạch ôn tập cho học sinh lớp 12",
                ("Sở Giáo dục và Đào tạo",),
                (),
                ("2026-04-30",),
                "4",
                "tháng 4/2026",
            ),
            Expected(
                "Theo dõi, đôn đốc các sở, ngành, địa phương thực hiện", ("Văn phòng UBND tỉnh",), section="5"
            ),
            Expected("Tăng cường công tác phòng cháy, chữa cháy rừng", ("UBND các xã, phường",), section="6"),
            Expected(
                "chi trả kinh phí hỗ trợ cho các hộ dân có gia súc bị chết",
                ("UBND các xã, phường",),
                (),
                ("2026-03-25",),
                "6",
                "trước ngày 25/3/2026",
            ),
            Expected(
                "hoàn thành bàn giao mặt bằng dự án Khu dân cư Đồng Mơ",
                ("UBND xã Tân An",),
                ("Trung tâm Phát triển quỹ đất tỉnh",),
                ("2026-05-31",),
                "6",
                "tháng 5/2026",
            ),
        ],
        not_tasks=(
            "tại trụ sở UBND tỉnh, đồng chí Trần Minh Khang",
            "Trong tuần, các sở, ngành và UBND các xã, phường đã tập trung",
            "thông báo để các sở, ban, ngành",
        ),
    ),
    Sample(
        "cong-van-chi-dao.md",
        document={
            "doc_type": "Công văn",
            "number": "812/UBND-KT",
            "issuer": "UBND tỉnh Hòa Lâm",
            "issued_date": "2026-03-20",
            "meeting_date": None,
            "signer": "Nguyễn Văn Bình",
            "addressees": ["Sở Xây dựng"],
        },
        tasks=[
            Expected(
                "rà soát toàn bộ các công trình xây dựng đang thi công",
                ("Sở Xây dựng",),
                (),
                ("2026-04-15",),
                "1",
                "trước ngày 15/4/2026",
            ),
            Expected(
                "sửa đổi, bổ sung Quy định phân cấp quản lý trật tự xây dựng",
                ("Sở Xây dựng",),
                (),
                ("2026-06-30",),
                "2",
                "quý II/2026",
            ),
            Expected(
                "hướng dẫn trình tự, thủ tục cấp giấy phép xây dựng",
                ("Sở Xây dựng",),
                ("Sở Tài chính", "UBND các xã, phường"),
                (),
                "3",
            ),
            Expected("chấn chỉnh công tác thẩm định thiết kế xây dựng", ("Sở Xây dựng",), section="4"),
            Expected(
                "thanh tra việc chấp hành pháp luật về xây dựng",
                ("Thanh tra tỉnh",),
                ("Sở Xây dựng",),
                ("2026-05-31",),
                "5",
                "tháng 5/2026",
            ),
        ],
        not_tasks=("Thời gian qua, công tác quản lý trật tự xây dựng", "thông báo để Sở Xây dựng biết"),
    ),
    Sample(
        "ke-hoach-trien-khai.txt",
        document={
            "doc_type": "Kế hoạch",
            "number": "27/KH-UBND",
            "issuer": "UBND xã Tân An",
            "issued_date": "2026-03-05",
            "meeting_date": None,
            "signer": "Phạm Quốc Việt",
        },
        tasks=[
            # II. Nhiệm vụ, giải pháp: items 1-2 name no unit and sit under no unit heading → empty lead.
            Expected("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", (), (), ("2026-09-30",)),
            Expected("hướng dẫn người dân sử dụng dịch vụ công trực tuyến", (), (), ("2026-12-31",)),
            Expected(
                "làm sạch dữ liệu hộ tịch", ("Văn phòng HĐND và UBND xã",), ("Công an xã",), ("2026-06-30",)
            ),
            # III. Tổ chức thực hiện: one heading per unit.
            Expected(
                "đôn đốc các cơ quan, đơn vị triển khai Kế hoạch này",
                ("Văn phòng HĐND và UBND xã",),
                (),
                ("2026-12-15",),
            ),
            Expected(
                "kích hoạt tài khoản định danh điện tử mức độ 2",
                ("Phòng Văn hóa - Xã hội",),
                ("Công an xã",),
                ("2026-04-30",),
            ),
            Expected("bố trí kinh phí thực hiện Kế hoạch", ("Phòng Kinh tế",), (), ("2026-03-31",)),
            Expected(
                "vận động người dân sử dụng ứng dụng định danh điện tử",
                ("Công an xã",),
                ("Phòng Văn hóa - Xã hội",),
                (),
            ),
        ],
        not_tasks=(
            "Nâng cao chất lượng phục vụ người dân",
            "xác định rõ nhiệm vụ, thời hạn hoàn thành",
            "Trên đây là Kế hoạch triển khai",
        ),
    ),
]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _find(tasks: list[dict[str, Any]], anchor: str, used: set[int]) -> int | None:
    key = _fold(anchor)
    for i, task in enumerate(tasks):
        if i not in used and key in _fold(task["content"]):
            return i
    return None


def _describe(task: dict[str, Any]) -> str:
    return (
        f"lead={sorted(u['name'] for u in task['lead'])} support={sorted(u['name'] for u in task['support'])} "
        f"deadlines={task['deadlines']} section={task.get('section')!r} text={task.get('deadline_text')!r}"
    )


@pytest.fixture(scope="module", params=SAMPLE_CASES, ids=lambda s: s.filename)
def sample(request: pytest.FixtureRequest) -> tuple[Sample, dict[str, Any]]:
    case: Sample = request.param
    return case, extract_path(SAMPLES / case.filename).to_contract()


def test_samples_are_shipped_nfc_and_small() -> None:
    for case in SAMPLE_CASES:
        path = SAMPLES / case.filename
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text), case.filename
        assert path.stat().st_size < 9 * 1024, case.filename
    assert (SAMPLES / "README").is_file()


def test_document_metadata(sample: tuple[Sample, dict[str, Any]]) -> None:
    case, data = sample
    doc = data["document"]
    errors = []
    for key, want in case.document.items():
        got = doc.get(key)
        if key == "issuer":
            ok = got is not None and canon(got) == canon(want)
        elif key == "addressees":
            ok = names(got or []) == names(want)
        else:
            ok = got == want
        if not ok:
            errors.append(f"{key}: expected {want!r}, got {got!r}")
    assert not errors, "\n".join(errors)


def test_tasks(sample: tuple[Sample, dict[str, Any]]) -> None:
    case, data = sample
    tasks = data["tasks"]
    assert tasks is not None
    errors: list[str] = []
    used: set[int] = set()
    for want in case.tasks:
        index = _find(tasks, want.anchor, used)
        if index is None:
            errors.append(f"missing task: {want.anchor!r}")
            continue
        used.add(index)
        got = tasks[index]
        problems = []
        if names(got["lead"]) != {canon(n) for n in want.lead}:
            problems.append(f"lead expected {list(want.lead)}")
        if names(got["support"]) != {canon(n) for n in want.support}:
            problems.append(f"support expected {list(want.support)}")
        if got["deadlines"] != sorted(want.deadlines):
            problems.append(f"deadlines expected {list(want.deadlines)}")
        if want.section is not None and got.get("section") != want.section:
            problems.append(f"section expected {want.section!r}")
        if want.deadline_text is not None and want.deadline_text not in (got.get("deadline_text") or ""):
            problems.append(f"deadline_text should contain {want.deadline_text!r}")
        if problems:
            errors.append(f"{want.anchor!r}: {'; '.join(problems)}; got {_describe(got)}")
    for i, task in enumerate(tasks):
        if i not in used:
            errors.append(f"unexpected task: {task['content'][:90]!r} ({_describe(task)})")
    if len(tasks) != len(case.tasks):
        errors.append(f"expected {len(case.tasks)} tasks, got {len(tasks)}")
    assert not errors, "\n".join(errors)


def test_non_tasks_are_not_extracted(sample: tuple[Sample, dict[str, Any]]) -> None:
    case, data = sample
    found = [p for p in case.not_tasks for t in data["tasks"] or [] if _fold(p) in _fold(t["content"])]
    assert not found, f"not tasks, but extracted: {found}"


def test_task_contents_are_whole_paragraphs(sample: tuple[Sample, dict[str, Any]]) -> None:
    case, data = sample
    text = (SAMPLES / case.filename).read_text(encoding="utf-8")
    paragraphs = {_fold(line) for line in text.splitlines() if line.strip()}
    for task in data["tasks"] or []:
        content = _fold(task["content"])
        assert any(content and content in p for p in paragraphs), task["content"]
