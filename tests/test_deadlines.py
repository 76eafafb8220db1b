"""Deadlines: a task's text in → the due dates it states (spec/extraction.md, "Deadlines").

Each row of the spec's table, and each of its negative cases, as a short sentence of the kind a
conclusion notice or a directive letter contains. Expected dates are ISO; the meeting and issue
dates are those of the imagined document the sentence comes from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from dondoc.extract.deadlines import find_deadlines

MEETING = dt.date(2025, 3, 12)
ISSUED = dt.date(2025, 3, 14)


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    dates: tuple[str, ...]
    phrase: str | None = None  # the deadline phrase that must be kept (deadline_text), when given
    meeting: dt.date | None = MEETING
    issued: dt.date | None = ISSUED


def run(case: Case) -> list:
    return find_deadlines(case.text, 0, meeting=case.meeting, issued=case.issued)


TABLE = [
    Case(
        "truoc-ngay",
        "Hoàn thiện hồ sơ bồi thường, trình phê duyệt trước ngày 10/6/2025.",
        ("2025-06-10",),
        "trước ngày 10/6/2025",
    ),
    Case(
        "den-ngay",
        "Tổ chức lấy ý kiến nhân dân về dự thảo đến ngày 10/6/2025.",
        ("2025-06-10",),
        "đến ngày 10/6/2025",
    ),
    Case(
        "trong-ngay-with-date",
        "Gửi báo cáo về Văn phòng UBND tỉnh trong ngày 19/3/2025.",
        ("2025-03-19",),
        "trong ngày 19/3/2025",
    ),
    Case(
        "trong-ngay-meeting-date",
        "Rà soát số hộ bị thiệt hại, báo cáo Chủ tịch UBND huyện ngay trong ngày.",
        ("2025-03-12",),
        "trong ngày",
    ),
    Case(
        "trong-ngay-issue-date-without-meeting",
        "Rà soát số hộ bị thiệt hại, báo cáo Chủ tịch UBND huyện ngay trong ngày.",
        ("2025-03-14",),
        "trong ngày",
        meeting=None,
    ),
    Case(
        "trong-thang",
        "Hoàn thành việc chi trả tiền hỗ trợ cho các hộ dân trong tháng 12/2021.",
        ("2021-12-31",),
        "tháng 12/2021",
    ),
    Case(
        "xong-trong-thang",
        "Phấn đấu giải ngân xong trong tháng 11/2021.",
        ("2021-11-30",),
        "tháng 11/2021",
    ),
    Case(
        "trong-thang-february-leap-year",
        "Hoàn thành kiểm kê tài sản công trong tháng 02/2024.",
        ("2024-02-29",),
        "tháng 02/2024",
    ),
    Case(
        "trong-quy",
        "Trình UBND tỉnh ban hành Quy định phân cấp trong quý II/2025.",
        ("2025-06-30",),
        "quý II/2025",
    ),
    Case(
        "trong-quy-nam-words",
        "Hoàn thành sắp xếp trụ sở dôi dư trong quý IV năm 2025.",
        ("2025-12-31",),
        "quý IV năm 2025",
    ),
    Case(
        "trong-nam",
        "Hoàn thành 100% hồ sơ cấp giấy chứng nhận lần đầu trong năm 2025.",
        ("2025-12-31",),
        "năm 2025",
    ),
    Case(
        "tien-do-nam",
        "Đôn đốc nhà thầu thi công bảo đảm tiến độ năm 2021.",
        ("2021-12-31",),
        "tiến độ năm 2021",
    ),
    Case(
        "khong-qua-ngay",
        "Giải quyết hồ sơ của người dân trong thời hạn không quá 5 ngày.",
        (),
        "không quá 5 ngày",
    ),
    Case(
        "ngay-lam-viec",
        "Thẩm định hồ sơ trong 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        (),
        "10 ngày làm việc",
    ),
    Case(
        "date-in-words",
        "Báo cáo kết quả về Sở Nội vụ trước ngày 30 tháng 11 năm 2017.",
        ("2017-11-30",),
        "trước ngày 30 tháng 11 năm 2017",
    ),
    Case(
        "date-without-year-takes-the-documents-year",
        "Gửi danh sách đăng ký về Phòng Nội vụ trước ngày 20/5.",
        ("2025-05-20",),
        "trước ngày 20/5",
    ),
    Case(
        "hour-before-the-date",
        "Các xã báo cáo số liệu thiệt hại về UBND tỉnh trước 16 giờ 00 ngày 20/3/2025.",
        ("2025-03-20",),
        "20/3/2025",
    ),
    Case(
        "cham-nhat-ngay",
        "Gửi dự thảo về Sở Tư pháp thẩm định chậm nhất ngày 25/7/2025.",
        ("2025-07-25",),
        "25/7/2025",
    ),
    Case(
        "den-het-ngay",
        "Duy trì lực lượng trực tại các chốt kiểm soát đến hết ngày 31/12/2025.",
        ("2025-12-31",),
        "31/12/2025",
    ),
    Case(
        "thang-in-words",
        "Hoàn thành lắp đặt camera giám sát trong tháng 4 năm 2025.",
        ("2025-04-30",),
        "tháng 4 năm 2025",
    ),
    Case(
        "several-due-dates-one-sentence",
        "Hoàn thiện hồ sơ trước ngày 15/4/2025, trình UBND tỉnh phê duyệt trước ngày 30/4/2025 "
        "và khởi công công trình trong quý III/2025.",
        ("2025-04-15", "2025-04-30", "2025-09-30"),
    ),
    Case(
        "several-parts-each-with-a-date",
        "Hoàn thành giải phóng mặt bằng giai đoạn 1 trong tháng 5/2025; giai đoạn 2 hoàn thành "
        "trong năm 2026.",
        ("2025-05-31", "2026-12-31"),
    ),
    Case(
        "reference-and-deadline-together",
        "Thực hiện Thông báo số 349/TB-UBND ngày 26/4/2025 của UBND thành phố, hoàn thành việc "
        "cắm mốc giới trước ngày 30/5/2025.",
        ("2025-05-30",),
        "trước ngày 30/5/2025",
    ),
    # A day and month in words without a year: the year of the meeting (2025).
    Case(
        "day-month-words-no-year",
        "Phòng Tài chính - Kế hoạch tổng hợp, báo cáo UBND thành phố trước ngày 30 tháng 6.",
        ("2025-06-30",),
        "trước ngày 30 tháng 6",
    ),
    # A label says what the date is (Kế hoạch and conclusion items): "Thời hạn: 30/9/2025".
    Case(
        "labelled-day",
        "Sở Tài chính rà soát, tham mưu phương án điều chuyển vốn. Thời hạn: 30/9/2025.",
        ("2025-09-30",),
        "Thời hạn: 30/9/2025",
    ),
    Case(
        "labelled-month",
        "Xây dựng cơ sở dữ liệu đất đai. Thời gian hoàn thành: tháng 9/2025.",
        ("2025-09-30",),
        "Thời gian hoàn thành: tháng 9/2025",
    ),
    Case(
        "labelled-quarter",
        "Số hóa hồ sơ địa chính (thời hạn hoàn thành: Quý IV năm 2025).",
        ("2025-12-31",),
        "thời hạn hoàn thành: Quý IV năm 2025",
    ),
    Case(
        "labelled-year-with-trigger",
        "Kiên cố hóa trường lớp học; thời gian thực hiện: trong năm 2026.",
        ("2026-12-31",),
    ),
]


TABLE += [
    Case(
        "a-validity-in-one-clause-a-deadline-in-the-next",
        "Giấy phép có hiệu lực đến ngày 25/5/2026; đề nghị Công ty nộp hồ sơ gia hạn trước ngày 30/4/2026.",
        ("2026-04-30",),
    ),
    Case(
        "den-nam-hoan-thanh",
        "Hằng năm rà soát danh mục dự án; đến năm 2027, hoàn thành việc đầu tư hạ tầng các cụm công nghiệp.",
        ("2027-12-31",),
        "đến năm 2027, hoàn thành",
    ),
]

NEGATIVES = [
    Case(
        "labelled-period-from-to",
        "Triển khai thí điểm mô hình. Thời gian thực hiện: từ tháng 6/2025 đến tháng 12/2025.",
        (),
    ),
    Case(
        "labelled-school-year",
        "Bồi dưỡng giáo viên; thời gian thực hiện: năm 2025 - 2026.",
        (),
    ),
    Case(
        "ke-hoach-su-dung-dat-nam",
        "Phòng Nông nghiệp và Môi trường tham mưu điều chỉnh Kế hoạch sử dụng đất năm 2025 của thành phố.",
        (),
    ),
    Case(
        "nam-hoc",
        "Chuẩn bị tốt các điều kiện cho năm học 2025 - 2026.",
        (),
    ),
    Case(
        "trong-nam-hoc",
        "Bảo đảm đủ giáo viên giảng dạy trong năm học 2025 - 2026.",
        (),
    ),
    Case(
        "document-reference",
        "Triển khai các nội dung tại Thông báo số 349/TB-UBND ngày 26/4/2025 của UBND thành phố.",
        (),
    ),
    Case(
        "growth-target",
        "Tập trung các giải pháp hoàn thành chỉ tiêu tăng trưởng năm 2025.",
        (),
    ),
    Case("khan-truong", "Khẩn trương hoàn thiện hồ sơ, trình phê duyệt.", ()),
    Case("kip-thoi", "Kịp thời báo cáo UBND tỉnh các tình huống phát sinh.", ()),
    Case("som", "Sớm hoàn thành việc bàn giao mặt bằng cho chủ đầu tư.", ()),
    Case("thuong-xuyen", "Thường xuyên kiểm tra, đôn đốc các xã thực hiện.", ()),
    Case(
        "tinh-den-ngay",
        "Tổng hợp số liệu giải ngân tính đến ngày 13/3/2025, báo cáo tại cuộc họp tuần sau.",
        (),
    ),
    Case(
        "reporting-period",
        "Tổng hợp kết quả thực hiện từ ngày 01/01/2025 đến ngày 30/6/2025, gửi Sở Nội vụ.",
        (),
    ),
    Case(
        "meeting-date-in-text",
        "Tại cuộc họp ngày 12/3/2025, các đơn vị đã thống nhất phương án.",
        (),
    ),
    Case(
        "how-long-a-thing-stays-valid",
        "Theo giấy chứng nhận, thời hạn kiểm định của phương tiện đến hết tháng 8/2026; giấy phép có hiệu lực "
        "đến ngày 25/5/2027.",
        (),
    ),
    Case(
        "a-goal-by-a-year-is-no-deadline",
        "Phấn đấu đến năm 2030, tỷ lệ hộ dân sử dụng nước sạch đạt 95%.",
        (),
    ),
    Case(
        "season-of-the-year",
        "Tổ chức tốt các hoạt động chào mừng kỷ niệm 50 năm Ngày giải phóng năm 2025.",
        (),
    ),
]


@pytest.mark.parametrize("case", TABLE, ids=[c.id for c in TABLE])
def test_deadline_table(case: Case) -> None:
    found = run(case)
    dates = sorted({d.date for d in found if d.date})
    assert dates == sorted(case.dates), [(d.text, d.date) for d in found]
    if case.phrase is not None:
        assert any(case.phrase in d.text for d in found), [d.text for d in found]


@pytest.mark.parametrize("case", NEGATIVES, ids=[c.id for c in NEGATIVES])
def test_dates_that_are_not_deadlines(case: Case) -> None:
    found = run(case)
    assert found == [], [(d.text, d.date) for d in found]


@pytest.mark.parametrize(
    "text",
    [
        "Khẩn trương hoàn thiện hồ sơ trong ngày làm việc đầu tiên sau kỳ nghỉ.",
        "Kịp thời khắc phục hậu quả, không để người dân thiếu đói.",
        "Sớm trình UBND tỉnh xem xét.",
        "Thường xuyên cập nhật tình hình.",
    ],
)
def test_vague_words_never_become_dates(text: str) -> None:
    found = find_deadlines(text, 0, meeting=MEETING, issued=ISSUED)
    assert [d.date for d in found if d.date] == []


def test_relative_periods_keep_their_phrase_without_a_date() -> None:
    found = find_deadlines(
        "Trả lời kiến nghị của cử tri không quá 5 ngày; thẩm định trong 10 ngày làm việc.",
        0,
        meeting=MEETING,
        issued=ISSUED,
    )
    assert [d.date for d in found] == [None, None]
    assert [d.period for d in found] == ["relative", "relative"]
    assert "không quá 5 ngày" in found[0].text
    assert "10 ngày làm việc" in found[1].text


def test_invalid_calendar_date_is_not_a_date() -> None:
    found = find_deadlines("Hoàn thành trước ngày 31/02/2025.", 0, meeting=MEETING, issued=ISSUED)
    assert [d.date for d in found if d.date] == []
    assert all(d.period == "invalid" for d in found)


def test_trong_ngay_without_any_reference_date_has_no_date() -> None:
    found = find_deadlines("Báo cáo ngay trong ngày.", 0, meeting=None, issued=None)
    assert [d.date for d in found if d.date] == []


@pytest.mark.parametrize("offset", [0, 250])
def test_evidence_spans_slice_the_text(offset: int) -> None:
    text = (
        "Hoàn thiện hồ sơ trước ngày 15/4/2025, trình phê duyệt trong tháng 5/2025, "
        "hoàn thành trong quý III/2025; giải quyết trong 10 ngày làm việc."
    )
    padded = "x" * offset + text
    found = find_deadlines(text, offset, meeting=MEETING, issued=ISSUED)
    assert len(found) == 4
    for d in found:
        assert d.evidence.rule
        assert d.evidence.start is not None and d.evidence.end is not None
        assert padded[d.evidence.start : d.evidence.end] == d.evidence.text
        assert d.evidence.text == d.text
    assert [d.evidence.start for d in found] == sorted(d.evidence.start for d in found)
