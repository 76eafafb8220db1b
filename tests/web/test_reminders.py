"""The daily reminder run against a real SMTP server (aiosmtpd): digests, idempotence, retries."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from dondoc.tracking.models import (
    DeliveryStatus,
    Notification,
    ReminderItem,
    ReminderLog,
    ReminderPolicy,
    TaskState,
    Unit,
)
from dondoc.tracking.services.reminders import run_reminders

from . import register
from .smtp_server import Mailbox, smtp_server

DAY = dt.date(2026, 12, 7)  # a Monday: the leaders' summary goes out too


@pytest.fixture
def smtp(settings: Any) -> Iterator[Mailbox]:
    with smtp_server() as (box, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.DONDOC_EMAIL_ENABLED = True
        settings.DONDOC_BASE_URL = "https://dondoc.hoalam.gov.vn"
        yield box


@pytest.fixture
def tasks(registry: dict[str, Unit], users: dict[str, User]) -> dict[str, Any]:
    for name, mail in (
        ("taichinh", "lan.pt@stc.hoalam.gov.vn"),
        ("xaydung", "hung.dv@sxd.hoalam.gov.vn"),
        ("lanhdao", "khang.tm@hoalam.gov.vn"),
    ):
        users[name].email = mail
        users[name].save()
    tc, xd, nn = registry["Sở Tài chính"], registry["Sở Xây dựng"], registry["Sở Nông nghiệp và Môi trường"]
    doc = register.document("45/TB-UBND", dt.date(2026, 10, 1))
    made = {
        "in7": register.task(
            doc, tc, "Tham mưu phân bổ vốn đầu tư công năm 2027", DAY + dt.timedelta(days=7)
        ),
        "in3": register.task(doc, tc, "Rà soát các khoản chi thường xuyên", DAY + dt.timedelta(days=3)),
        "in5": register.task(doc, tc, "Không nhắc: còn 5 ngày", DAY + dt.timedelta(days=5)),
        "late14": register.task(doc, tc, "Quyết toán dự án hoàn thành", DAY - dt.timedelta(days=14)),
        "late10": register.task(doc, tc, "Không nhắc: quá hạn 10 ngày", DAY - dt.timedelta(days=10)),
        "today": register.task(doc, xd, "Báo cáo tiến độ xây dựng nhà ở xã hội", DAY),
        "done": register.task(doc, xd, "Không nhắc: đã hoàn thành", DAY, TaskState.DONE, DAY),
        "postponed": register.task(doc, xd, "Không nhắc: tạm hoãn", DAY, TaskState.POSTPONED),
        # Sở Nông nghiệp: officer without an e-mail address and a unit without one: in-app only
        "nn": register.task(doc, nn, "Kiểm tra công tác phòng chống dịch bệnh", DAY + dt.timedelta(days=1)),
    }
    no_deadline_doc = register.document(
        "12/CV-UBND", dt.date(2026, 11, 7), confirmed=DAY - dt.timedelta(days=30)
    )
    made["monthly"] = register.task(no_deadline_doc, xd, "Theo dõi, đôn đốc thường xuyên", None)
    return made


def test_daily_digest_by_mail_and_in_app(
    smtp: Mailbox, tasks: dict[str, Any], users: dict[str, User]
) -> None:
    report = run_reminders(DAY)
    assert not report.failures
    by_to = {tuple(r.recipients): r for r in smtp.received}
    assert set(by_to) == {
        ("lan.pt@stc.hoalam.gov.vn",),
        ("hung.dv@sxd.hoalam.gov.vn",),
        ("khang.tm@hoalam.gov.vn",),
    }
    tc = by_to[("lan.pt@stc.hoalam.gov.vn",)]
    assert tc.subject == "[Đôn đốc] Sở Tài chính: 1 quá hạn, 2 sắp đến hạn (07/12/2026)"
    body = tc.body
    assert unicodedata.is_normalized("NFC", body)
    assert "Kính gửi: Sở Tài chính" in body
    assert "Quyết toán dự án hoàn thành" in body and "quá hạn 14 ngày" in body
    assert "Tham mưu phân bổ vốn đầu tư công năm 2027" in body and "thời hạn 14/12/2026, còn 7 ngày" in body
    assert "Văn bản 45/TB-UBND ngày 01/10/2026" in body
    assert f"https://dondoc.hoalam.gov.vn/nhiem-vu/{tasks['in3'].pk}/" in body
    assert "Không nhắc" not in body
    # the overdue section comes first
    assert body.index("Nhiệm vụ đã quá hạn") < body.index("Nhiệm vụ sắp đến hạn")
    xd = by_to[("hung.dv@sxd.hoalam.gov.vn",)].body
    assert "Báo cáo tiến độ xây dựng nhà ở xã hội" in xd and "đến hạn hôm nay" in xd
    assert "Theo dõi, đôn đốc thường xuyên" in xd and "đề nghị báo cáo tiến độ" in xd
    assert "Không nhắc" not in xd
    leader = by_to[("khang.tm@hoalam.gov.vn",)]
    assert leader.subject.startswith(
        "[Đôn đốc] Tổng hợp tình hình thực hiện nhiệm vụ tuần đến ngày 07/12/2026"
    )
    assert "+ Sở Tài chính: 02 nội dung" in leader.body  # late14 and late10 are both open and overdue
    # in-app: the bell of each unit officer, including the one without an e-mail address
    assert Notification.objects.filter(user=users["nongnghiep"], read_at__isnull=True).count() == 1
    assert Notification.objects.filter(user=users["taichinh"]).get().title == tc.subject
    reminded = set(ReminderItem.objects.values_list("task_id", flat=True))
    expected = {"in7", "in3", "late14", "today", "nn", "monthly"}
    assert reminded == {tasks[k].pk for k in expected}


def test_second_run_on_the_same_day_sends_nothing(smtp: Mailbox, tasks: dict[str, Any]) -> None:
    first = run_reminders(DAY)
    assert first.emails_sent == 3
    logs = ReminderLog.objects.count()
    second = run_reminders(DAY)
    assert second.emails_sent == 0 and second.notifications == 0 and not second.messages
    assert second.already_sent == first.already_sent + len(first.messages)
    assert len(smtp.received) == 3 and ReminderLog.objects.count() == logs
    assert Notification.objects.count() == first.notifications


def test_dry_run_writes_and_sends_nothing(smtp: Mailbox, tasks: dict[str, Any]) -> None:
    report = run_reminders(DAY, dry_run=True)
    assert report.digests == 3 and report.tasks_reminded == 6
    assert not smtp.received and ReminderLog.objects.count() == 0 and Notification.objects.count() == 0


def test_failed_delivery_does_not_block_others_and_is_retried(smtp: Mailbox, tasks: dict[str, Any]) -> None:
    smtp.refuse.add("lan.pt@stc.hoalam.gov.vn")
    report = run_reminders(DAY)
    assert len(report.failures) == 1 and "Sở Tài chính" in report.failures[0][0]
    assert {r.recipients[0] for r in smtp.received} == {"hung.dv@sxd.hoalam.gov.vn", "khang.tm@hoalam.gov.vn"}
    failed = ReminderLog.objects.get(status=DeliveryStatus.FAILED)
    assert failed.attempts == 1 and "550" in failed.error
    smtp.refuse.clear()
    again = run_reminders(DAY + dt.timedelta(days=1))  # the next run retries it
    assert again.retried == 1
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT and failed.attempts == 2
    assert sum(r.recipients == ["lan.pt@stc.hoalam.gov.vn"] for r in smtp.received) == 1


def test_unreachable_server_is_reported(settings: Any, tasks: dict[str, Any]) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.DONDOC_EMAIL_ENABLED = True
    report = run_reminders(DAY)
    assert len(report.failures) == 3  # every e-mail failed, each recorded
    assert report.notifications >= 3  # the in-app notifications still went out
    assert ReminderLog.objects.filter(status=DeliveryStatus.FAILED).count() == 3


def test_policy_is_configurable(smtp: Mailbox, tasks: dict[str, Any]) -> None:
    policy = ReminderPolicy.current()
    policy.days_before = [5]
    policy.overdue_every_days = 10
    policy.save()
    report = run_reminders(DAY)
    reminded = set(ReminderItem.objects.values_list("task_id", flat=True))
    assert tasks["in5"].pk in reminded and tasks["late10"].pk in reminded
    assert tasks["in7"].pk not in reminded and tasks["late14"].pk not in reminded
    assert report.tasks_reminded == len(reminded)


def test_office_sees_what_was_sent_and_the_bell_counts(
    smtp: Mailbox, tasks: dict[str, Any], login: Any, users: dict[str, User]
) -> None:
    smtp.refuse.add("hung.dv@sxd.hoalam.gov.vn")
    run_reminders(DAY)
    page = login("vanphong").get("/nhac-viec/da-gui/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "[Đôn đốc] Sở Tài chính: 1 quá hạn, 2 sắp đến hạn (07/12/2026)" in html
    assert "Thư gửi lỗi (1)" in html and "sẽ gửi lại ở lần chạy sau" in html and "550" in html
    assert login("taichinh").get("/nhac-viec/da-gui/").status_code == 403
    officer = login("taichinh")
    home = officer.get("/thong-bao/").content.decode()
    assert 'data-unread="1"' in home and "Sở Tài chính: 1 quá hạn" in home
    assert officer.post("/thong-bao/da-doc/").status_code == 302
    assert 'data-unread="0"' in officer.get("/thong-bao/").content.decode()
    assert Notification.objects.filter(user=users["taichinh"], read_at__isnull=True).count() == 0
    # another user's notifications are neither shown nor marked
    other = Notification.objects.get(user=users["nongnghiep"])
    officer.post("/thong-bao/da-doc/", {"id": other.pk})
    other.refresh_from_db()
    assert other.read_at is None


def test_office_edits_the_policy_and_bad_input_changes_nothing(login: Any, users: dict[str, User]) -> None:
    office = login("vanphong")
    office.post("/nhac-viec/cau-hinh/", {"truoc_han": "10, 5", "qua_han": "14", "khong_han": "30", "dung_han": "1", "lanh_dao": "4", "thu": "1"})
    policy = ReminderPolicy.current()
    assert policy.days_before == [10, 5] and policy.overdue_every_days == 14 and policy.leader_weekday == 4
    page = office.post("/nhac-viec/cau-hinh/", {"truoc_han": "mười", "qua_han": "7", "khong_han": "30", "lanh_dao": "0"}, follow=True)
    assert "Số ngày nhắc trước hạn: hãy nhập một số từ 1 đến 365" in page.content.decode()
    policy.refresh_from_db()
    assert policy.days_before == [10, 5] and policy.overdue_every_days == 14
    assert login("taichinh").post("/nhac-viec/cau-hinh/", {"truoc_han": "1", "qua_han": "1", "khong_han": "1", "lanh_dao": "0"}).status_code == 403
