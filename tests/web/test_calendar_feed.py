"""iCal feeds: secret URL per user and per unit, stable UIDs, SEQUENCE grows when a deadline moves."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from icalendar import Calendar

from dondoc.tracking.models import CalendarToken, TaskState, Unit
from dondoc.tracking.services.tasks import change_task

from . import register


def _events(body: bytes) -> dict[str, Any]:
    cal = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_unit_feed_parses_back_and_follows_deadline_changes(
    registry: dict[str, Unit], users: dict[str, User], login: Any
) -> None:
    tc, xd = registry["Sở Tài chính"], registry["Sở Xây dựng"]
    doc = register.document("45/TB-UBND", dt.date(2026, 10, 1))
    mine = register.task(doc, tc, "Tham mưu phân bổ vốn đầu tư công năm 2027", dt.date(2026, 12, 14))
    register.task(doc, tc, "Không thời hạn", None)
    register.task(doc, xd, "Nhiệm vụ của đơn vị khác", dt.date(2026, 12, 20))
    register.task(doc, tc, "Dự thảo chưa duyệt", dt.date(2026, 12, 21), TaskState.DRAFT)
    officer = login("taichinh")
    officer.post("/lich/", {"don_vi": tc.pk})
    page = officer.get("/lich/").content.decode()
    url = re.search(r"<code data-calendar-url>([^<]+)</code>", page)
    assert url is not None
    path = url.group(1).replace("http://testserver", "")
    anonymous = Client()  # calendar apps do not sign in
    events = _events(anonymous.get(path).content)
    assert list(events) == [f"task-{mine.pk}@dondoc"]
    event = events[f"task-{mine.pk}@dondoc"]
    assert event.decoded("DTSTART") == dt.date(2026, 12, 14)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "[Sở Tài chính] Tham mưu phân bổ vốn đầu tư công năm 2027"
    assert "Thời hạn: 14/12/2026" in str(event["DESCRIPTION"])
    change_task(users["vanphong"], mine, mine.version, "task.edited", "Sửa thời hạn", deadline=dt.date(2026, 12, 31))
    moved = _events(anonymous.get(path).content)[f"task-{mine.pk}@dondoc"]
    assert moved.decoded("DTSTART") == dt.date(2026, 12, 31) and int(moved["SEQUENCE"]) == 1
    # another unit's officer cannot make a feed of this unit; revoking stops the feed
    assert login("xaydung").post("/lich/", {"don_vi": tc.pk}).status_code == 403
    token = CalendarToken.objects.get(unit=tc)
    officer.post("/lich/", {"thu_hoi": token.pk})
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/lich/khong-co-ma-nay.ics").status_code == 404


def test_user_feed_holds_what_the_user_sees(registry: dict[str, Unit], users: dict[str, User], login: Any) -> None:
    tc, xd = registry["Sở Tài chính"], registry["Sở Xây dựng"]
    doc = register.document("46/TB-UBND", dt.date(2026, 10, 1))
    seen = register.task(doc, xd, "Báo cáo tiến độ xây dựng nhà ở xã hội", dt.date(2026, 12, 10))
    register.task(doc, tc, "Của Sở Tài chính", dt.date(2026, 12, 11))
    login("xaydung").post("/lich/", {"don_vi": ""})
    token = CalendarToken.objects.get(user=users["xaydung"])
    events = _events(Client().get(f"/lich/{token.token}.ics").content)
    assert list(events) == [f"task-{seen.pk}@dondoc"]
