"""Repeated directives: proposals on the review side, the link, "nhắc lại lần N", the count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from dondoc.tracking.models import AuditEvent, Task, TaskState, Unit
from dondoc.tracking.services.repeats import candidates, count_repeats, link_repeat, repeat_number

from . import register


def test_proposal_link_and_repeat_number(registry: dict[str, Unit], users: dict[str, User], login: Any) -> None:
    tc, xd = registry["Sở Tài chính"], registry["Sở Xây dựng"]
    first_doc = register.document("12/TB-UBND", dt.date(2026, 3, 1))
    first = register.task(first_doc, tc, "Khẩn trương rà soát, tham mưu phân bổ vốn đầu tư công năm 2026", dt.date(2026, 4, 1))
    register.task(first_doc, xd, "Khẩn trương rà soát, tham mưu phân bổ vốn đầu tư công năm 2026", dt.date(2026, 4, 1))
    register.task(first_doc, tc, "Tổ chức hội nghị tổng kết công tác năm", dt.date(2026, 4, 1))
    second_doc = register.document("30/TB-UBND", dt.date(2026, 6, 1))
    second = register.task(second_doc, tc, "Khan truong ra soat tham muu phan bo von dau tu cong nam 2026.", dt.date(2026, 7, 1))
    third_doc = register.document("45/TB-UBND", dt.date(2026, 9, 1))
    # the new document's task, still a draft on the review screen
    third = register.task(third_doc, tc, "Sở Tài chính khẩn trương rà soát, tham mưu phân bổ vốn đầu tư công năm 2026", None, TaskState.DRAFT)

    found = candidates(second)
    assert [c.task.pk for c in found] == [first.pk]  # same lead only, diacritics folded, the other content not
    page = login("vanphong").get(f"/van-ban/{third_doc.pk}/nhac-lai/").content.decode()
    assert f'data-repeat-candidate="{first.pk}"' in page and f'data-repeat-candidate="{second.pk}"' in page
    assert login("taichinh").get(f"/van-ban/{third_doc.pk}/nhac-lai/").status_code == 403

    link_repeat(users["vanphong"], second, first)
    response = login("vanphong").post(f"/van-ban/{third_doc.pk}/nhac-lai/", {"nhiem_vu": third.pk, "nhac_lai": second.pk}, follow=True)
    assert "nhắc lại lần 2" in response.content.decode()
    third.refresh_from_db()
    assert third.repeat_of_id == second.pk and repeat_number(third) == 2 and repeat_number(first) == 0
    assert AuditEvent.objects.filter(task=third, action="task.repeat_linked").exists()
    link_repeat(users["vanphong"], third, second)  # linking again is harmless
    assert count_repeats(Task.objects.all()) == {tc.pk: 2}

    second.refresh_from_db()
    detail = login("vanphong").get(f"/nhiem-vu/{second.pk}/").content.decode()
    assert "Nhắc lại lần 1" in detail and "12/TB-UBND ngày 01/03/2026" in detail


def test_a_cycle_is_refused(registry: dict[str, Unit], users: dict[str, User]) -> None:
    tc = registry["Sở Tài chính"]
    a = register.task(register.document("1/TB", dt.date(2026, 1, 1)), tc, "Rà soát hồ sơ đất đai", None)
    b = register.task(register.document("2/TB", dt.date(2026, 2, 1)), tc, "Rà soát hồ sơ đất đai", None)
    link_repeat(users["vanphong"], b, a)
    a.refresh_from_db()
    try:
        link_repeat(users["vanphong"], a, b)
    except Exception as exc:
        assert "nhắc lại lẫn nhau" in str(exc)
    else:
        raise AssertionError("a cycle was accepted")
    a.refresh_from_db()
    assert a.repeat_of_id is None
