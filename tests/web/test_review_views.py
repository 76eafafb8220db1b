"""The review screen through the real views: evidence, edits, split/merge, mentions, fan-out, confirmation,
optimistic locking with two clients, roles. Every change is checked in the database and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from dondoc.rules import describe
from dondoc.tracking.models import (
    AuditEvent,
    Document,
    DocumentState,
    Task,
    TaskState,
    Unit,
    UnitAlias,
    UnitKind,
)
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.views.review import Span, mark_text

from .conftest import sample_bytes

Login = Callable[[str], Client]


def review_url(doc: Document) -> str:
    return reverse("tracking:review", args=[doc.pk])


def task_led_by(doc: Document, unit_name: str) -> Task:
    task = doc.tasks.filter(lead__name=unit_name).order_by("order", "id").first()
    assert task is not None
    return task


def edit_form(task: Task, **overrides: Any) -> dict[str, Any]:
    """The edit form as the page sends it, with the task's current values."""
    data: dict[str, Any] = {
        "version": task.version,
        "content": task.content,
        "lead": task.lead.name if task.lead else "",
        "co_leads": "\n".join(u.name for u in task.co_leads.all()),
        "supports": "\n".join(u.name for u in task.supports.all()),
        "deadline": task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
        "fan_out": task.fan_out,
    }
    if task.recurring:
        data["recurring"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client: Client, name: str, *args: int, data: dict[str, Any]) -> str:
    response = client.post(reverse(f"tracking:{name}", args=args), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def plan(users: dict[str, User]) -> Document:
    """The sample Kế hoạch 27/KH-UBND: its units are not in the registry (unlinked mentions)."""
    return ingest(sample_bytes("ke-hoach-trien-khai.txt"), "ke-hoach.txt", users["vanphong"])


def with_mention(doc: Document, name: str) -> Task:
    """The first task of ``doc`` with ``name`` among its unlinked mentions."""
    for task in doc.tasks.order_by("order", "id"):
        if any(m.get("name") == name for m in task.unlinked):
            return task
    raise AssertionError(name)


def plan_again(users: dict[str, User]) -> Document:
    """A second document naming the same units (another file: one more line, so another hash)."""
    data = sample_bytes("ke-hoach-trien-khai.txt") + "\nBản sao gửi kèm.\n".encode()
    return ingest(data, "ke-hoach-ban-2.txt", users["vanphong"])


# --- the screen -------------------------------------------------------------------------------------


def test_review_shows_text_tasks_and_evidence(login: Login, notice: Document) -> None:
    response = login("vanphong").get(review_url(notice))
    assert response.status_code == 200
    html = response.content.decode()
    task = task_led_by(notice, "Sở Tài chính")
    ev = task.evidence
    # every field shows its rule and text, linked to an anchor in the document text
    for kind in ("task", "lead", "support", "deadline"):
        item = ev[kind] if kind == "task" else ev[kind][0]
        anchor = f"ev-t{task.pk}-{kind}-0"
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
        assert item["rule"] not in html  # users read what the rule means, never its id
        assert escape(describe(item["rule"].rpartition(":")[2])) in html  # what the rule means, in Vietnamese
    assert "«trước ngày 30/3/2026»" in html
    # the spans are wrapped in <mark> in the text; a deadline piece names its task's spans
    assert (
        f'<mark class="ev ev-deadline ev-task" data-ev="ev-t{task.pk}-task-0 ev-t{task.pk}-deadline-0">'
        in html
    )
    assert "trước ngày 30/3/2026</mark>" in html
    # accessible controls the browser test relies on
    assert f'<label for="lead-{task.pk}">Đơn vị chủ trì</label>' in html
    assert '<button type="submit">Lưu</button>' in html
    assert f'<a class="button" href="{reverse("tracking:review_confirm_step", args=[notice.pk])}">Duyệt văn bản</a>' in html
    assert "tracking/review.js" in html


def test_mark_text_escapes_and_nests_spans() -> None:
    text = "Giao <Sở A> làm việc X trước ngày 1/1/2026."
    spans = [
        Span("ev-t1-task-0", "task", "task.paragraph", "", 0, len(text), True),
        Span("ev-t1-lead-0", "lead", "lead.assigned", "", text.index("<"), text.index(">") + 1, True),
        Span("ev-t1-deadline-0", "deadline", "deadline.day", "", text.index("trước"), len(text) - 1, True),
        Span("ev-t1-support-0", "support", "bad", "", 40, 400, False),  # outside the text: not marked
    ]
    html = str(mark_text(text, spans))
    assert "<Sở" not in html and "&lt;Sở A&gt;" in html
    assert '<span class="ev-anchor" id="ev-t1-lead-0"></span>' in html
    assert '<mark class="ev ev-lead ev-task" data-ev="ev-t1-task-0 ev-t1-lead-0">&lt;Sở A&gt;</mark>' in html
    assert "ev-t1-support-0" not in html
    assert (
        'data-ev="ev-t1-task-0 ev-t1-deadline-0">trước ngày 1/1/2026</mark><mark class="ev ev-task"' in html
    )


@pytest.mark.parametrize("username", ["lanhdao", "quantri", "taichinh", "xatanan"])
def test_only_the_office_reviews(login: Login, notice: Document, username: str) -> None:
    client = login(username)
    task = task_led_by(notice, "Sở Tài chính")
    assert client.get(review_url(notice)).status_code == 403
    before = AuditEvent.objects.count()
    for name, args, data in [
        ("review_edit", (notice.pk, task.pk), edit_form(task, content="Sửa trái phép")),
        ("review_split", (notice.pk, task.pk), {"version": task.version, "parts": "a\nb"}),
        ("review_merge", (notice.pk,), {"tasks": [task.pk]}),
        ("review_confirm", (notice.pk,), {}),
    ]:
        assert client.post(reverse(f"tracking:{name}", args=args), data).status_code == 403
    task.refresh_from_db()
    notice.refresh_from_db()
    assert task.content != "Sửa trái phép" and notice.state == DocumentState.REVIEW
    assert AuditEvent.objects.count() == before


def test_actions_are_post_only_and_tasks_belong_to_the_document(
    login: Login, notice: Document, plan: Document
) -> None:
    client = login("vanphong")
    task = task_led_by(notice, "Sở Tài chính")
    assert client.get(reverse("tracking:review_edit", args=[notice.pk, task.pk])).status_code == 405
    assert client.get(reverse("tracking:review_confirm", args=[notice.pk])).status_code == 405
    other = reverse("tracking:review_edit", args=[plan.pk, task.pk])  # a task of another document
    assert client.post(other, edit_form(task, content="x")).status_code == 404
    assert client.get(reverse("tracking:review", args=[9999])).status_code == 404


# --- editing ----------------------------------------------------------------------------------------


def test_edit_lead_support_deadline_content(login: Login, notice: Document, users: dict[str, User]) -> None:
    client = login("vanphong")
    task = task_led_by(notice, "Sở Tài chính")
    html = post(
        client,
        "review_edit",
        notice.pk,
        task.pk,
        data=edit_form(
            task,
            content="Rà soát giải ngân vốn đầu tư công.",
            lead="so xay dung",  # typed without diacritics: the exact name, folded
            supports="Kho bạc Nhà nước tỉnh\nSTC",  # a short name works too
            deadline="15/04/2026",
            recurring="on",
            fan_out="giu",
        ),
    )
    assert f"Đã lưu nhiệm vụ #{task.pk}." in html
    task.refresh_from_db()
    assert task.lead is not None and task.lead.name == "Sở Xây dựng"
    assert sorted(u.name for u in task.supports.all()) == ["Kho bạc Nhà nước tỉnh", "Sở Tài chính"]
    assert task.deadline == dt.date(2026, 4, 15) and task.recurring and task.fan_out == "giu"
    assert task.content == "Rà soát giải ngân vốn đầu tư công." and task.version == 2
    assert task.state == TaskState.DRAFT  # nothing is official before the confirmation
    event = AuditEvent.objects.filter(task=task).latest("id")
    assert event.action == "task.edited" and event.actor == users["vanphong"]
    assert event.changes["lead"] == ["Sở Tài chính", "Sở Xây dựng"]
    assert event.changes["deadline"] == ["30/03/2026", "15/04/2026"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("deadline", "31/02/2026", "Ngày «31/02/2026» không hợp lệ"),
        ("deadline", "2026/13/45", "không hợp lệ: hãy nhập theo dạng ngày/tháng/năm"),
        ("lead", "Sở Không Có", "Không tìm thấy đơn vị «Sở Không Có» trong danh mục"),
        ("supports", "Kho bạc Nhà nước tỉnh\nPhòng Ma", "Không tìm thấy đơn vị «Phòng Ma»"),
        ("content", "   ", "Nội dung nhiệm vụ không được để trống."),
    ],
)
def test_invalid_edit_changes_nothing(
    login: Login, notice: Document, field: str, value: str, message: str
) -> None:
    client = login("vanphong")
    task = task_led_by(notice, "Sở Tài chính")
    events = AuditEvent.objects.count()
    html = post(
        client, "review_edit", notice.pk, task.pk, data=edit_form(task, **{"content": "Đổi", field: value})
    )
    assert message in html and "Chưa lưu thay đổi nào." in html
    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.content, fresh.deadline, fresh.lead_id, fresh.version) == (
        task.content,
        task.deadline,
        task.lead_id,
        task.version,
    )
    assert AuditEvent.objects.count() == events


def test_stale_edit_from_a_second_client_is_refused(
    login: Login, notice: Document, users: dict[str, User]
) -> None:
    first, second = login("vanphong"), Client()
    second.force_login(users["vanphong"])
    task = task_led_by(notice, "Sở Tài chính")
    assert first.get(review_url(notice)).status_code == 200
    assert second.get(review_url(notice)).status_code == 200
    form_seen_by_both = edit_form(task)  # version 1 in both browsers
    post(first, "review_edit", notice.pk, task.pk, data={**form_seen_by_both, "lead": "Sở Xây dựng"})
    html = post(
        second, "review_edit", notice.pk, task.pk, data={**form_seen_by_both, "deadline": "01/05/2026"}
    )
    assert "Nhiệm vụ vừa được người khác cập nhật" in html
    task.refresh_from_db()
    assert task.lead is not None and task.lead.name == "Sở Xây dựng"  # the first edit is kept
    assert task.deadline == dt.date(2026, 3, 30)  # the stale one changed nothing
    assert task.version == 2
    assert AuditEvent.objects.filter(task=task, action="task.edited").count() == 1


# --- split and merge --------------------------------------------------------------------------------


def test_split_task(login: Login, notice: Document) -> None:
    client = login("vanphong")
    task = task_led_by(notice, "Sở Tài chính")
    count = notice.tasks.count()
    parts = "Rà soát tình hình giải ngân.\nĐề xuất điều chuyển vốn.\n\nBáo cáo UBND tỉnh."
    html = post(client, "review_split", notice.pk, task.pk, data={"version": task.version, "parts": parts})
    assert f"Đã tách nhiệm vụ #{task.pk} thành 3 nhiệm vụ." in html
    assert notice.tasks.count() == count + 2
    task.refresh_from_db()
    assert task.content == "Rà soát tình hình giải ngân."
    new = list(Task.objects.filter(split_from=task).order_by("id"))
    assert [t.content for t in new] == ["Đề xuất điều chuyển vốn.", "Báo cáo UBND tỉnh."]
    assert all(t.lead_id == task.lead_id and t.deadline == task.deadline for t in new)
    assert AuditEvent.objects.filter(task=task, action="task.split").count() == 1
    assert AuditEvent.objects.filter(action="task.created_by_split").count() == 2
    # one part only: refused, nothing changes
    html = post(
        client, "review_split", notice.pk, task.pk, data={"version": task.version, "parts": "Một phần"}
    )
    assert "Cần ít nhất hai phần nội dung để tách nhiệm vụ." in html
    assert notice.tasks.count() == count + 2


def test_merge_tasks_and_stale_merge(login: Login, notice: Document) -> None:
    client = login("vanphong")
    a, b = list(notice.tasks.filter(lead__name="Sở Tài chính").order_by("order", "id"))
    count = notice.tasks.count()
    form = {"tasks": [a.pk, b.pk], f"version-{a.pk}": a.version, f"version-{b.pk}": b.version}
    # someone edits b after the page was loaded: the merge is refused as a whole
    other = login("vanphong")
    post(other, "review_edit", notice.pk, b.pk, data=edit_form(b, content="Nội dung mới của b"))
    html = post(client, "review_merge", notice.pk, data=form)
    assert "Nhiệm vụ vừa được người khác cập nhật" in html
    assert notice.tasks.count() == count
    b.refresh_from_db()
    html = post(client, "review_merge", notice.pk, data={**form, f"version-{b.pk}": b.version})
    assert f"Đã gộp 2 nhiệm vụ thành nhiệm vụ #{a.pk}." in html
    assert notice.tasks.count() == count - 1 and not Task.objects.filter(pk=b.pk).exists()
    a.refresh_from_db()
    assert a.content.endswith("Nội dung mới của b")
    assert AuditEvent.objects.filter(task=a, action="task.merged").count() == 1
    assert AuditEvent.objects.filter(action="task.deleted_by_merge").count() == 1
    html = post(client, "review_merge", notice.pk, data={"tasks": [a.pk], f"version-{a.pk}": a.version})
    assert "Chọn ít nhất hai nhiệm vụ để gộp." in html


# --- unknown unit mentions --------------------------------------------------------------------------


def test_link_mention_is_remembered_for_the_next_document(
    login: Login, plan: Document, users: dict[str, User]
) -> None:
    office = Unit.objects.create(name="Văn phòng HĐND và UBND xã Tân An", kind=UnitKind.VAN_PHONG)
    client = login("vanphong")
    task = with_mention(plan, "Văn phòng HĐND và UBND xã")
    assert task.lead is None
    html = client.get(review_url(plan)).content.decode()
    assert "«Văn phòng HĐND và UBND xã» (chủ trì)" in html and "Liên kết" in html
    index = next(i for i, m in enumerate(task.unlinked) if m["name"] == "Văn phòng HĐND và UBND xã")
    html = post(
        client,
        "review_link",
        plan.pk,
        task.pk,
        data={
            "version": task.version,
            "index": index,
            "mention": "Văn phòng HĐND và UBND xã",
            "unit": "van phong hdnd va ubnd xa tan an",
        },
    )
    assert "Đã liên kết «Văn phòng HĐND và UBND xã» với Văn phòng HĐND và UBND xã Tân An" in html
    task.refresh_from_db()
    assert task.lead == office
    assert all(m["name"] != "Văn phòng HĐND và UBND xã" for m in task.unlinked)
    assert UnitAlias.objects.filter(unit=office, alias="Văn phòng HĐND và UBND xã").exists()
    assert AuditEvent.objects.filter(action="unit.alias_added", unit=office).exists()
    assert AuditEvent.objects.filter(action="task.mention_linked", task=task).exists()
    # the next document links the same mention by itself
    second = plan_again(users)
    linked = second.tasks.filter(lead=office)
    expected = [t for t in plan.tasks.all() if "Văn phòng HĐND và UBND xã" in str(t.evidence["lead"])]
    assert linked.count() == len(expected) == 2
    assert all("Văn phòng HĐND" not in str(t.unlinked) for t in second.tasks.all())


def test_create_unit_for_mention(login: Login, plan: Document, users: dict[str, User]) -> None:
    client = login("vanphong")
    task = with_mention(plan, "Phòng Kinh tế")
    index = next(i for i, m in enumerate(task.unlinked) if m["name"] == "Phòng Kinh tế")
    data = {"version": task.version, "index": index, "mention": "Phòng Kinh tế", "kind": "phong"}
    html = post(client, "review_create_unit", plan.pk, task.pk, data={**data, "name": "Sở Tài chính"})
    assert "Đơn vị «Sở Tài chính» đã có trong danh mục" in html  # no duplicate unit
    html = post(
        client, "review_create_unit", plan.pk, task.pk, data={**data, "name": "Phòng Kinh tế xã Tân An"}
    )
    assert "Đã thêm đơn vị «Phòng Kinh tế xã Tân An» vào danh mục" in html
    unit = Unit.objects.get(name="Phòng Kinh tế xã Tân An")
    assert unit.kind == UnitKind.PHONG
    task.refresh_from_db()
    assert task.lead == unit and task.unlinked == []
    assert AuditEvent.objects.filter(action="unit.created", unit=unit).exists()
    second = plan_again(users)
    assert second.tasks.filter(lead=unit).count() == 1


def test_stale_mention_form_is_refused(login: Login, plan: Document) -> None:
    client = login("vanphong")
    task = with_mention(plan, "Công an xã")
    index = next(i for i, m in enumerate(task.unlinked) if m["name"] == "Công an xã")
    stale = {"version": task.version, "index": index, "mention": "Công an xã", "unit": "Công an tỉnh"}
    post(client, "review_edit", plan.pk, task.pk, data=edit_form(task, content="Đã sửa trước"))
    html = post(client, "review_link", plan.pk, task.pk, data=stale)
    assert "Nhiệm vụ vừa được người khác cập nhật" in html
    task.refresh_from_db()
    assert any(m["name"] == "Công an xã" for m in task.unlinked)
    assert not UnitAlias.objects.filter(alias="Công an xã").exists()


# --- fan-out and confirmation -----------------------------------------------------------------------


def test_fan_out_choice_per_task_and_confirmation(
    login: Login, notice: Document, registry: dict[str, Unit], settings: Any
) -> None:
    settings.DONDOC_FAN_OUT = "keep"
    client = login("vanphong")
    group_tasks = list(notice.tasks.filter(lead_group__name="UBND các xã, phường").order_by("order"))
    assert len(group_tasks) == 2
    split, keep = group_tasks
    post(client, "review_edit", notice.pk, split.pk, data=edit_form(split, fan_out="tach"))
    drafts = notice.tasks.count()
    # a unit user sees nothing of the drafts
    unit_client = login("xatanan")
    assert unit_client.get(reverse("tracking:document_detail", args=[notice.pk])).status_code == 404

    response = client.post(reverse("tracking:review_confirm", args=[notice.pk]), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("tracking:document_detail", args=[notice.pk])
    assert "Đã duyệt văn bản 45/TB-UBND" in html
    notice.refresh_from_db()
    assert notice.state == DocumentState.CONFIRMED and notice.confirmed_at is not None
    tasks = list(notice.tasks.all())
    assert all(t.state == TaskState.IN_PROGRESS for t in tasks)
    members = 4
    assert len(tasks) == drafts + members - 1  # one task per member for the split one only
    split_leads = sorted(
        t.lead.name for t in tasks if (t.pk == split.pk or t.split_from_id == split.pk) and t.lead
    )
    assert split_leads == sorted(u.name for u in registry.values() if u.name.startswith("UBND "))
    keep.refresh_from_db()
    assert keep.lead is None and keep.lead_group is not None  # kept as one task for the group
    assert AuditEvent.objects.filter(action="document.confirmed", document=notice).count() == 1
    assert AuditEvent.objects.filter(action="task.confirmed").count() == len(tasks)
    # now official: the unit sees its tasks, and the review screen is read-only
    assert unit_client.get(reverse("tracking:document_detail", args=[notice.pk])).status_code == 200
    html = client.get(review_url(notice)).content.decode()
    assert "Văn bản đã được duyệt" in html and "Duyệt văn bản</a>" not in html
    task = tasks[0]
    html = post(client, "review_edit", notice.pk, task.pk, data=edit_form(task, content="Sửa sau khi duyệt"))
    assert "Văn bản này đã được duyệt" in html
    task.refresh_from_db()
    assert task.content != "Sửa sau khi duyệt"
    response = client.post(reverse("tracking:review_confirm", args=[notice.pk]), follow=True)
    assert "Văn bản này đã được duyệt." in response.content.decode()
    assert AuditEvent.objects.filter(action="document.confirmed", document=notice).count() == 1


def test_configured_default_fan_out(login: Login, notice: Document, settings: Any) -> None:
    settings.DONDOC_FAN_OUT = "split"
    client = login("vanphong")
    keep = notice.tasks.filter(lead_group__name="UBND các xã, phường").order_by("order").last()
    assert keep is not None
    post(client, "review_edit", notice.pk, keep.pk, data=edit_form(keep, fan_out="giu"))
    drafts = notice.tasks.count()
    client.post(reverse("tracking:review_confirm", args=[notice.pk]))
    # the other group task follows the configured default (split into 4), the kept one stays whole
    assert notice.tasks.count() == drafts + 3
    assert (
        notice.tasks.filter(lead_group__isnull=False, split_from__isnull=True, lead__isnull=True).count() == 1
    )


def test_unit_autocomplete_ignores_diacritics(login: Login, registry: dict[str, Unit]) -> None:
    response = login("vanphong").get(reverse("tracking:unit_autocomplete"), {"q": "so tai chinh"})
    names = [r["name"] for r in response.json()["results"]]
    assert names == ["Sở Tài chính"]
