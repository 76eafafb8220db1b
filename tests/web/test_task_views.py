"""Task list, CSV export, task detail and the workflow actions, through the real views."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import (
    AuditEvent,
    Document,
    Extension,
    ExtensionDecision,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.services import workflow

from .uploads import result_file

Login = Callable[[str], Client]


def led_by(doc: Document, unit_name: str) -> Task:
    task = doc.tasks.filter(lead__name=unit_name).order_by("order", "id").first()
    assert task is not None, unit_name
    return task


def listed_ids(response: HttpResponse) -> set[int]:
    page = response.context["page"]
    return {t.pk for t in page.object_list}


def csv_of(response: StreamingHttpResponse) -> list[list[str]]:
    raw = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def last_message(response: HttpResponse) -> str:
    """The message the request added (unread earlier messages stay in the cookie until shown)."""
    stored = [str(m) for m in get_messages(response.wsgi_request)]
    assert stored, "no message"
    return stored[-1]


def media_files(settings_media: Path) -> list[Path]:
    return [p for p in settings_media.rglob("reports/**/*") if p.is_file()] if settings_media.exists() else []


# ---------------------------------------------------------------------------------------------------
# List, search, filters


def test_unit_user_sees_only_its_own_tasks(confirmed_notice: Document, login: Login) -> None:
    mine = set(
        Task.objects.filter(lead__name="Sở Tài chính").values_list("pk", flat=True)
    )  # Sở Tài chính leads two tasks and supports none
    others = set(Task.objects.exclude(pk__in=mine).values_list("pk", flat=True))
    assert mine and others

    response = login("taichinh").get(reverse("tracking:task_list"))
    assert response.status_code == 200
    assert listed_ids(response) == mine

    # Asking for another unit's tasks by filter still gives nothing outside the scope.
    xd = Unit.objects.get(name="Sở Xây dựng")
    response = login("taichinh").get(reverse("tracking:task_list"), {"don_vi": xd.pk})
    assert listed_ids(response) == set()

    rows = csv_of(login("taichinh").get(reverse("tracking:task_csv")))
    assert {int(r[0]) for r in rows[1:]} == mine

    # A supporting unit sees the task it supports (Sở Xây dựng supports a task of Sở NN&MT).
    supported = Task.objects.get(supports__name="Sở Xây dựng")
    response = login("xaydung").get(reverse("tracking:task_list"))
    assert supported.pk in listed_ids(response)
    assert not listed_ids(response) & mine


def test_office_sees_all_official_tasks_and_drafts(notice: Document, login: Login) -> None:
    response = login("vanphong").get(reverse("tracking:task_list"))
    assert listed_ids(response) == set(Task.objects.values_list("pk", flat=True))
    # Unit users never see drafts.
    assert listed_ids(login("taichinh").get(reverse("tracking:task_list"))) == set()


def test_search_ignores_diacritics(confirmed_notice: Document, login: Login) -> None:
    office = login("vanphong")
    stc = set(Task.objects.filter(lead__name="Sở Tài chính").values_list("pk", flat=True))
    response = office.get(reverse("tracking:task_list"), {"q": "so tai chinh"})
    assert listed_ids(response) == stc

    response = office.get(reverse("tracking:task_list"), {"q": "giai ngan"})
    found = listed_ids(response)
    assert found
    for task in Task.objects.filter(pk__in=found):
        assert "giải ngân" in task.content
    assert found == {t.pk for t in Task.objects.all() if "giải ngân" in t.content}

    # With diacritics and different case: the same result.
    assert listed_ids(office.get(reverse("tracking:task_list"), {"q": "GIẢI NGÂN"})) == found
    assert listed_ids(office.get(reverse("tracking:task_list"), {"q": "khong co chu nay"})) == set()


def test_filters_unit_state_grid_deadline_document(confirmed_notice: Document, login: Login) -> None:
    office = login("vanphong")
    url = reverse("tracking:task_list")
    snnmt = Unit.objects.get(name="Sở Nông nghiệp và Môi trường")
    xd = Unit.objects.get(name="Sở Xây dựng")
    # Unit filter: lead or support.
    xd_ids = listed_ids(office.get(url, {"don_vi": xd.pk}))
    assert xd_ids == set(
        Task.objects.filter(lead=xd).values_list("pk", flat=True)
        | Task.objects.filter(supports=xd).values_list("pk", flat=True)
    )
    assert len(xd_ids) == 2

    # Workflow state.
    task = led_by(confirmed_notice, "Sở Tài chính")
    workflow.report(
        User.objects.get(username="taichinh"), task, task.version, "hoan_thanh", "Xong", [result_file()]
    )
    assert listed_ids(office.get(url, {"trang_thai": TaskState.AWAITING})) == {task.pk}

    # Grid cell on an as-of date: on 01/04/2026 the 30/03 and 31/03 deadlines are overdue. (The register
    # holds a task from its document's issue date, 14/03/2026, whatever the day it was confirmed.)
    Document.objects.filter(pk=confirmed_notice.pk).update(
        confirmed_at=dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC)
    )
    late = listed_ids(office.get(url, {"o": "chua_qua_han", "ngay": "01/04/2026"}))
    expected = {
        t.pk for t in Task.objects.filter(deadline__lt=dt.date(2026, 4, 1)).exclude(state=TaskState.DONE)
    }
    assert late == expected and task.pk in late
    no_deadline = listed_ids(office.get(url, {"o": "chua_khong_han", "ngay": "01/04/2026"}))
    assert no_deadline == set(Task.objects.filter(deadline__isnull=True).values_list("pk", flat=True))

    # Deadline range (dd/mm/yyyy).
    ids = listed_ids(office.get(url, {"han_tu": "01/04/2026", "han_den": "30/04/2026"}))
    assert ids == set(
        Task.objects.filter(deadline__range=(dt.date(2026, 4, 1), dt.date(2026, 4, 30))).values_list(
            "pk", flat=True
        )
    )
    assert ids and snnmt.led_tasks.filter(pk__in=ids).exists()

    # Document.
    assert listed_ids(office.get(url, {"van_ban": confirmed_notice.pk})) == set(
        confirmed_notice.tasks.values_list("pk", flat=True)
    )
    assert listed_ids(office.get(url, {"van_ban": confirmed_notice.pk + 999})) == set()

    # An invalid date is reported, not fatal.
    response = office.get(url, {"han_tu": "31/02/2026"})
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_sort_by_deadline_and_pagination(confirmed_notice: Document, login: Login) -> None:
    base = led_by(confirmed_notice, "Sở Tài chính")
    Task.objects.bulk_create(
        [
            Task(
                document=confirmed_notice,
                order=100 + i,
                content=f"Nhiệm vụ thử số {i}",
                search_key=f"nhiem vu thu so {i}",
                lead=base.lead,
                deadline=dt.date(2027, 1, 1) + dt.timedelta(days=i),
                state=TaskState.IN_PROGRESS,
            )
            for i in range(60)
        ]
    )
    office = login("vanphong")
    url = reverse("tracking:task_list")
    first = office.get(url)
    page = first.context["page"]
    assert page.paginator.count == Task.objects.count() and len(page.object_list) == 50
    deadlines = [t.deadline for t in page.object_list if t.deadline]
    assert deadlines == sorted(deadlines)
    # Tasks without a deadline come last.
    last_page = office.get(url, {"trang": page.paginator.num_pages}).context["page"]
    assert list(last_page.object_list)[-1].deadline is None
    desc = office.get(url, {"sap_xep": "-han"}).context["page"].object_list
    assert desc[0].deadline == dt.date(2027, 1, 1) + dt.timedelta(days=59)
    second = office.get(url, {"trang": 2}).context["page"]
    assert not {t.pk for t in second.object_list} & {t.pk for t in page.object_list}


def test_csv_export_content(confirmed_notice: Document, login: Login) -> None:
    response = login("vanphong").get(reverse("tracking:task_csv"), {"q": "giai ngan"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_of(response)
    header = rows[0]
    assert header[:3] == ["Mã nhiệm vụ", "Văn bản (số, ký hiệu)", "Ngày ban hành"]
    assert "Đơn vị chủ trì" in header and "Thời hạn" in header and "Tình hình thực hiện" in header
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    task = Task.objects.get(pk=int(row["Mã nhiệm vụ"]))
    assert row["Nội dung nhiệm vụ"] == task.content
    assert row["Đơn vị chủ trì"] == "Sở Tài chính"
    assert row["Đơn vị phối hợp"] == "Kho bạc Nhà nước tỉnh"
    assert row["Thời hạn"] == "30/03/2026"
    assert row["Văn bản (số, ký hiệu)"] == "45/TB-UBND"
    assert row["Ngày ban hành"] == "14/03/2026"
    assert row["Trạng thái"] == "Đang thực hiện"


def test_list_requires_login(client: Client, db: None) -> None:
    response = client.get(reverse("tracking:task_list"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert client.get(reverse("tracking:task_csv")).status_code == 302


# ---------------------------------------------------------------------------------------------------
# Detail


def test_detail_shows_evidence_timeline_and_document(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    response = login("taichinh").get(reverse("tracking:task_detail", args=[task.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "trước ngày 30/3/2026" in html  # deadline evidence quoted from the document
    assert "Căn cứ trong văn bản" in html
    assert "45/TB-UBND" in html
    assert "Duyệt nhiệm vụ: chính thức theo dõi." in html  # audit event in the timeline
    # The lead unit gets the completion form with its accessible labels.
    assert '<label for="result-text">Kết quả thực hiện</label>' in html
    assert '<label for="result-files">Tệp kết quả (bắt buộc)</label>' in html
    assert 'name="tep" multiple aria-describedby="result-files-help" required>' in html
    assert ">Báo cáo hoàn thành</button>" in html
    assert "Xác nhận hoàn thành</button>" not in html


def test_detail_of_other_units_task_is_404(confirmed_notice: Document, login: Login) -> None:
    other = led_by(confirmed_notice, "Sở Xây dựng")
    assert login("taichinh").get(reverse("tracking:task_detail", args=[other.pk])).status_code == 404
    assert login("xaydung").get(reverse("tracking:task_detail", args=[other.pk])).status_code == 200
    missing = Task.objects.order_by("-pk").first()
    assert missing is not None
    assert login("vanphong").get(reverse("tracking:task_detail", args=[missing.pk + 1])).status_code == 404


def test_supporting_unit_sees_task_but_no_report_actions(confirmed_notice: Document, login: Login) -> None:
    task = Task.objects.get(supports__name="Sở Xây dựng")
    html = login("xaydung").get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert "Báo cáo hoàn thành</button>" not in html
    response = login("xaydung").post(
        reverse("tracking:task_report", args=[task.pk]),
        {"version": task.version, "kind": "hoan_thanh", "text": "Xong"},
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS


# ---------------------------------------------------------------------------------------------------
# Workflow actions


def test_completion_report_with_file_then_office_confirms(
    confirmed_notice: Document, login: Login, settings: object
) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    unit = login("taichinh")
    upload = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 ket qua", content_type="application/pdf")
    response = unit.post(
        reverse("tracking:task_report", args=[task.pk]),
        {
            "version": task.version,
            "kind": "hoan_thanh",
            "text": "Đã trình UBND tỉnh Tờ trình số 12.",
            "tep": upload,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:task_detail", args=[task.pk])
    assert last_message(response) == "Đã báo cáo hoàn thành; nhiệm vụ chờ Văn phòng xác nhận."
    task.refresh_from_db()
    assert task.state == TaskState.AWAITING
    assert task.result == "Đã trình UBND tỉnh Tờ trình số 12."
    report = ProgressReport.objects.get(task=task)
    attachment = report.attachments.get()
    assert attachment.original_name == "ket-qua.pdf" and attachment.size == len(b"%PDF-1.4 ket qua")
    assert AuditEvent.objects.filter(task=task, action="task.completion_reported").count() == 1

    # The file: the unit and the office may download it; another unit gets 404.
    url = reverse("tracking:attachment_download", args=[task.pk, attachment.pk])
    office = login("vanphong")
    got = office.get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 ket qua"  # type: ignore[attr-defined]
    assert login("xaydung").get(url).status_code == 404
    # An attachment id under another task id is 404 too.
    other = led_by(confirmed_notice, "Sở Xây dựng")
    assert (
        login("xaydung")
        .get(reverse("tracking:attachment_download", args=[other.pk, attachment.pk]))
        .status_code
        == 404
    )

    # The unit cannot confirm its own report.
    assert (
        unit.post(reverse("tracking:task_confirm", args=[task.pk]), {"version": task.version}).status_code
        == 403
    )
    html = office.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert ">Xác nhận hoàn thành</button>" in html and "ket-qua.pdf" in html
    response = office.post(reverse("tracking:task_confirm", args=[task.pk]), {"version": task.version})
    assert last_message(response) == "Đã xác nhận hoàn thành nhiệm vụ."
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.completed_on is not None
    assert list(AuditEvent.objects.filter(task=task).values_list("action", flat=True))[-2:] == [
        "task.completion_reported",
        "task.completed",
    ]


def test_stale_version_is_refused_with_a_clear_message(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    stale = task.version
    workflow.report(User.objects.get(username="taichinh"), task, stale, "tien_do", "Đang rà soát")
    events = AuditEvent.objects.count()
    upload = SimpleUploadedFile("bao-cao.docx", b"noi dung")
    response = login("taichinh").post(
        reverse("tracking:task_report", args=[task.pk]),
        {"version": stale, "kind": "hoan_thanh", "text": "Xong", "tep": upload},
    )
    assert response.status_code == 302
    message = last_message(response)
    assert "người khác cập nhật" in message and "tải lại trang" in message
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS and task.result == ""
    assert ProgressReport.objects.filter(task=task).count() == 1  # only the first progress report
    assert ReportAttachment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_too_large_file_stores_nothing(confirmed_notice: Document, login: Login, settings: object) -> None:
    from django.conf import settings as dj

    setattr(settings, "MAX_UPLOAD_BYTES", 1000)  # noqa: B010 - pytest-django settings fixture
    task = led_by(confirmed_notice, "Sở Tài chính")
    small = SimpleUploadedFile("nho.txt", b"ok")
    big = SimpleUploadedFile("lon.pdf", b"x" * 1001)
    response = login("taichinh").post(
        reverse("tracking:task_report", args=[task.pk]),
        {"version": task.version, "kind": "hoan_thanh", "text": "Xong", "tep": [small, big]},
    )
    message = last_message(response)
    assert "quá lớn" in message and "lon.pdf" in message
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert ProgressReport.objects.count() == 0 and ReportAttachment.objects.count() == 0
    assert media_files(Path(dj.MEDIA_ROOT)) == []


def test_refuse_then_office_reassigns(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Xây dựng")
    unit = login("xaydung")
    response = unit.post(
        reverse("tracking:task_report", args=[task.pk]),
        {"version": task.version, "kind": "tu_choi", "text": "Không thuộc thẩm quyền của Sở."},
    )
    assert last_message(response) == "Đã gửi đề nghị chuyển nhiệm vụ cho đơn vị khác."
    task.refresh_from_db()
    assert task.state == TaskState.REFUSED
    police = Unit.objects.get(name="Công an tỉnh")
    # A unit user may not reassign.
    assert (
        unit.post(
            reverse("tracking:task_reassign", args=[task.pk]), {"version": task.version, "don_vi": police.pk}
        ).status_code
        == 403
    )
    office = login("vanphong")
    html = office.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert "Giao lại cho đơn vị khác" in html
    response = office.post(
        reverse("tracking:task_reassign", args=[task.pk]),
        {"version": task.version, "don_vi": police.pk, "ly_do": "Thuộc chức năng của Công an"},
    )
    assert last_message(response) == "Đã giao lại nhiệm vụ cho Công an tỉnh."
    task.refresh_from_db()
    assert task.lead == police and task.state == TaskState.IN_PROGRESS
    event = AuditEvent.objects.filter(task=task).last()
    assert event is not None and event.action == "task.reassigned"
    assert event.changes["lead"] == ["Sở Xây dựng", "Công an tỉnh"]
    # The former lead no longer sees it.
    assert unit.get(reverse("tracking:task_detail", args=[task.pk])).status_code == 404


def test_return_for_redo(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    workflow.report(
        User.objects.get(username="taichinh"), task, task.version, "hoan_thanh", "Xong", [result_file()]
    )
    task.refresh_from_db()
    office = login("vanphong")
    response = office.post(
        reverse("tracking:task_return", args=[task.pk]), {"version": task.version, "ly_do": ""}
    )
    assert last_message(response) == "Vui lòng nêu lý do trả lại."
    response = office.post(
        reverse("tracking:task_return", args=[task.pk]),
        {"version": task.version, "ly_do": "Thiếu số liệu của 3 chủ đầu tư."},
    )
    assert last_message(response) == "Đã trả lại nhiệm vụ, yêu cầu đơn vị thực hiện lại."
    task.refresh_from_db()
    assert task.state == TaskState.REDO


def test_extension_request_and_decision(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    unit = login("taichinh")
    url = reverse("tracking:task_request_extension", args=[task.pk])
    response = unit.post(url, {"version": task.version, "han_moi": "31/02/2026", "ly_do": "x"})
    assert "không hợp lệ" in last_message(response)
    response = unit.post(url, {"version": task.version, "han_moi": "15/04/2026", "ly_do": "Chờ số liệu KBNN"})
    assert last_message(response) == "Đã gửi đề nghị gia hạn đến 15/04/2026."
    ext = Extension.objects.get(task=task)
    assert ext.requested_deadline == dt.date(2026, 4, 15) and ext.old_deadline == dt.date(2026, 3, 30)
    html = unit.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert "Lịch sử gia hạn" in html and "Gửi đề nghị gia hạn</button>" not in html  # one pending at a time

    decide = reverse("tracking:task_decide_extension", args=[task.pk, ext.pk])
    assert unit.post(decide, {"quyet_dinh": "dong_y"}).status_code == 403
    leader = login("lanhdao")
    assert (
        "Đồng ý gia hạn</button>"
        in leader.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    )
    response = leader.post(decide, {"quyet_dinh": "dong_y", "y_kien": "Đồng ý."})
    assert last_message(response) == "Đã đồng ý gia hạn đến 15/04/2026."
    task.refresh_from_db()
    ext.refresh_from_db()
    assert task.deadline == dt.date(2026, 4, 15)
    assert ext.decision == ExtensionDecision.APPROVED and ext.decided_by == User.objects.get(
        username="lanhdao"
    )
    assert AuditEvent.objects.filter(task=task, action="extension.approved").count() == 1
    # Deciding twice is refused.
    response = leader.post(decide, {"quyet_dinh": "khong_dong_y"})
    assert last_message(response) == "Đề nghị gia hạn này đã được quyết định."


def test_extension_rejected_keeps_deadline(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    ext = workflow.request_extension(
        User.objects.get(username="taichinh"), task, dt.date(2026, 5, 1), "Lý do"
    )
    response = login("vanphong").post(
        reverse("tracking:task_decide_extension", args=[task.pk, ext.pk]),
        {"quyet_dinh": "khong_dong_y", "y_kien": "Đề nghị hoàn thành đúng hạn."},
    )
    assert last_message(response) == "Đã không đồng ý gia hạn."
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 3, 30)
    ext.refresh_from_db()
    assert ext.decision == ExtensionDecision.REJECTED and ext.decision_note == "Đề nghị hoàn thành đúng hạn."


def test_postpone_and_resume(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Xây dựng")
    office = login("vanphong")
    assert (
        login("xaydung")
        .post(reverse("tracking:task_postpone", args=[task.pk]), {"version": task.version, "ly_do": "x"})
        .status_code
        == 403
    )
    response = office.post(
        reverse("tracking:task_postpone", args=[task.pk]),
        {"version": task.version, "ly_do": "Chờ chủ trương"},
    )
    assert last_message(response) == "Đã tạm hoãn nhiệm vụ."
    task.refresh_from_db()
    assert task.state == TaskState.POSTPONED
    html = office.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert "Tiếp tục thực hiện</button>" in html
    office.post(reverse("tracking:task_resume", args=[task.pk]), {"version": task.version})
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    assert [a for a in AuditEvent.objects.filter(task=task).values_list("action", flat=True)][-2:] == [
        "task.postponed",
        "task.resumed",
    ]


def test_workflow_actions_are_post_only_and_scoped(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Xây dựng")
    assert login("vanphong").get(reverse("tracking:task_confirm", args=[task.pk])).status_code == 405
    # Another unit posting to a task it cannot see: 404, nothing changes.
    response = login("taichinh").post(
        reverse("tracking:task_report", args=[task.pk]),
        {"version": task.version, "kind": "hoan_thanh", "text": "Xong"},
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS and not task.reports.exists()


def test_missing_version_is_an_error_not_a_crash(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    response = login("taichinh").post(
        reverse("tracking:task_report", args=[task.pk]), {"version": "", "kind": "tien_do", "text": "x"}
    )
    assert response.status_code == 302
    assert "tải lại trang" in last_message(response)
    assert not task.reports.exists()


@pytest.mark.parametrize("version", ["abc", "²", "99999999999999999999999"])
def test_malformed_version_is_a_400_not_a_crash(
    confirmed_notice: Document, login: Login, version: str
) -> None:
    task = led_by(confirmed_notice, "Sở Tài chính")
    response = login("taichinh").post(
        reverse("tracking:task_report", args=[task.pk]), {"version": version, "kind": "tien_do", "text": "x"}
    )
    assert response.status_code == 400
    assert "«version» không hợp lệ" in response.content.decode()
    assert not task.reports.exists()


def test_timeline_shows_changes_in_vietnamese(confirmed_notice: Document, login: Login) -> None:
    task = led_by(confirmed_notice, "Sở Xây dựng")
    police = Unit.objects.get(name="Công an tỉnh")
    workflow.report(
        User.objects.get(username="xaydung"), task, task.version, "tu_choi", "Không thuộc thẩm quyền"
    )
    task.refresh_from_db()
    workflow.reassign(User.objects.get(username="vanphong"), task, task.version, police)
    html = login("vanphong").get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
    assert "Đơn vị chủ trì: Sở Xây dựng → Công an tỉnh" in html
    assert "Trạng thái: Đơn vị đề nghị chuyển → Đang thực hiện" in html
    assert "Không thuộc thẩm quyền" in html  # the refusal report's text


def test_unit_filter_and_unit_scope_include_co_leads(confirmed_notice: Document, login: Login) -> None:
    """A unit's tasks are those it leads, co-leads or supports, for the office's unit filter and for the
    unit's own users alike (one filter, ``access.involving_q``, written differently per database)."""
    xd = Unit.objects.get(name="Sở Xây dựng")
    shared = led_by(confirmed_notice, "Sở Tài chính")
    shared.co_leads.add(xd)
    expected = set(
        Task.objects.filter(lead=xd).values_list("pk", flat=True)
        | Task.objects.filter(supports=xd).values_list("pk", flat=True)
        | Task.objects.filter(co_leads=xd).values_list("pk", flat=True)
    )
    assert shared.pk in expected and len(expected) == 3
    url = reverse("tracking:task_list")
    assert listed_ids(login("vanphong").get(url, {"don_vi": xd.pk})) == expected
    assert listed_ids(login("xaydung").get(url)) == expected


@pytest.mark.django_db
def test_postgresql_search_has_a_trigram_index() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'task_search_trgm'")
        row = cursor.fetchone()
    assert row is not None and "gin_trgm_ops" in row[0]


def test_cached_list_count_follows_every_change(confirmed_notice: Document, login: Login) -> None:
    """The list's total is cached until the register changes: a change made through the services
    (which writes an audit event) shows at once."""
    office = login("vanphong")
    url = reverse("tracking:task_list")

    def total() -> int:
        return int(office.get(url, {"trang_thai": TaskState.AWAITING}).context["page"].paginator.count)

    assert total() == 0
    assert total() == 0  # served from the cache
    task = led_by(confirmed_notice, "Sở Tài chính")
    workflow.report(
        User.objects.get(username="taichinh"), task, task.version, "hoan_thanh", "Xong", [result_file()]
    )
    assert total() == 1


def test_completion_report_needs_a_result_file(
    confirmed_notice: Document, login: Login, settings: Any
) -> None:
    """By default a completion report carries the result as a file: without one the unit is told so in
    Vietnamese and nothing changes; an office that does not want this sets the policy off."""
    task = led_by(confirmed_notice, "Sở Tài chính")
    unit = login("taichinh")
    url = reverse("tracking:task_report", args=[task.pk])
    page = unit.post(url, {"version": task.version, "kind": "hoan_thanh", "text": "Xong"}, follow=True)
    assert "Báo cáo hoàn thành cần kèm tệp kết quả" in page.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS and not task.reports.exists()

    settings.DONDOC_COMPLETION_REQUIRES_FILE = False
    assert unit.post(url, {"version": task.version, "kind": "hoan_thanh", "text": "Xong"}).status_code == 302
    task.refresh_from_db()
    assert task.state == TaskState.AWAITING
