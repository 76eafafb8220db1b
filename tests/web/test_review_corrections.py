"""Correcting the register through the real views: a missed task added from the document text, a wrong
one removed, a junk document rejected, a confirmed one withdrawn, the confirmation guard for tasks
without a lead («giao sau»), the undo of a confirmation, htmx saves inside the task's card, and pages
that never show rule ids or raw Python values. Each action: its rows, its audit events, its roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from dondoc.rules import describe
from dondoc.tracking.models import AuditEvent, Document, DocumentState, Task, TaskState, Unit
from dondoc.tracking.services import workflow
from dondoc.tracking.services.corrections import MANUAL_RULE
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes

Login = Callable[[str], Client]
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, *args: int) -> str:
    return reverse(f"tracking:{name}", args=args)


@pytest.fixture
def plan(users: dict[str, User]) -> Document:
    """The sample Kế hoạch 27/KH-UBND, in review: two of its tasks have no lead unit."""
    return ingest(sample_bytes("ke-hoach-trien-khai.txt"), "ke-hoach.txt", users["vanphong"])


def first_led_by(doc: Document, name: str) -> Task:
    task = doc.tasks.filter(lead__name=name).order_by("order", "id").first()
    assert task is not None
    return task


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def rule_ids(doc: Document) -> set[str]:
    """Every rule id in the evidence of ``doc``'s tasks and metadata ("task.paragraph", "lead:unit.…")."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("rule", "lead_rule") and isinstance(item, str) and item:
                    found.add(item)
                    found.add(item.rpartition(":")[2])
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for task in Task.objects.filter(document=doc):
        walk(task.evidence)
    walk((doc.extraction or {}).get("document"))
    return found


def assert_clean(html: str, doc: Document) -> None:
    """No rule id, no raw Python value, no doubled label in what the user reads."""
    text = visible_text(html)
    ids = rule_ids(doc)
    assert ids, "the document has evidence rules to look for"
    leaked = sorted(r for r in ids if re.search(rf"(?<![\w.:]){re.escape(r)}(?![\w.])", text))
    assert leaked == [], f"rule ids shown to the user: {leaked}"
    for raw in ("None", "True", "False", "[]", "{}"):
        assert not re.search(rf"(?<!\w){re.escape(raw)}(?!\w)", text), f"raw Python value {raw!r} shown"
    assert "ngày duyệt" not in text.replace("Đã duyệt ngày", "")
    assert "Đã duyệt ngày duyệt" not in text


# --- add a missed task ------------------------------------------------------------------------------


def test_add_task_from_a_span_of_the_text(login: Login, notice: Document) -> None:
    client = login("vanphong")
    text = notice.normalized_text
    passage = next(line for line in text.splitlines() if len(line.strip()) > 40).strip()
    start = text.index(passage)
    before = notice.tasks.count()
    response = client.post(
        url("review_add", notice.pk),
        {
            "start": start,
            "end": start + len(passage),
            "content": passage,
            "lead": "Sở Tài chính",
            "deadline": "15/01/2027",
        },
    )
    assert response.status_code == 302
    task = notice.tasks.order_by("-id").first()
    assert task is not None and notice.tasks.count() == before + 1
    assert response["Location"].endswith(f"?nv={task.pk}#nv-{task.pk}")
    assert task.state == TaskState.DRAFT and task.content == passage
    assert task.lead is not None and task.lead.name == "Sở Tài chính"
    assert task.deadline == dt.date(2027, 1, 15)
    assert task.order == max(t.order for t in notice.tasks.exclude(pk=task.pk)) + 1
    assert task.evidence == {
        "task": [{"rule": MANUAL_RULE, "text": passage, "start": start, "end": start + len(passage)}]
    }
    event = AuditEvent.objects.get(action="task.added", task=task)
    assert event.actor is not None and event.actor.username == "vanphong"
    assert event.document_id == notice.pk and event.changes["lead"] == [None, "Sở Tài chính"]
    # the review screen shows it expanded, with its evidence explained and highlighted in the text
    html = client.get(response["Location"]).content.decode()
    assert f'href="#ev-t{task.pk}-task-0"' in html and f'id="ev-t{task.pk}-task-0"' in html
    assert escape(describe(MANUAL_RULE)) in html
    assert re.search(rf'id="nv-{task.pk}"[^>]*>\s*<details class="task-details" open>', html)


def test_add_typed_task_and_bad_input(login: Login, notice: Document) -> None:
    client = login("vanphong")
    before = notice.tasks.count()
    client.post(url("review_add", notice.pk), {"content": "Rà soát các dự án chậm giải ngân."})
    task = notice.tasks.get(content="Rà soát các dự án chậm giải ngân.")
    assert task.evidence == {"task": [{"rule": MANUAL_RULE, "text": "Rà soát các dự án chậm giải ngân."}]}
    assert task.lead is None
    # offsets outside the text, an empty content, an unknown unit, a bad date: nothing is stored
    cases = [
        ({"start": 10, "end": 10**6, "content": "x"}, "Đoạn văn bản đã chọn không còn khớp"),
        ({"content": "   "}, "Nội dung nhiệm vụ không được để trống."),
        ({"content": "Việc A", "lead": "Sở Không Có"}, "Không tìm thấy đơn vị «Sở Không Có»"),
        ({"content": "Việc A", "deadline": "31/02/2027"}, "Ngày «31/02/2027» không hợp lệ"),
    ]
    for data, message in cases:
        html = client.post(url("review_add", notice.pk), data, follow=True).content.decode()
        assert escape(message) in html, message
    assert notice.tasks.count() == before + 1
    assert AuditEvent.objects.filter(action="task.added").count() == 1


# --- remove a draft ---------------------------------------------------------------------------------


def test_remove_draft_task_in_place(login: Login, notice: Document) -> None:
    client = login("vanphong")
    task = notice.tasks.order_by("order", "id").first()
    assert task is not None
    content = task.content
    stale = client.post(url("review_remove", notice.pk, task.pk), {"version": task.version + 1}, **HTMX)
    assert stale.status_code == 200
    assert "vừa được người khác cập nhật" in stale.content.decode()
    assert f'id="nv-{task.pk}"' in stale.content.decode()  # the card again, with the message inside
    assert Task.objects.filter(pk=task.pk).exists()
    response = client.post(
        url("review_remove", notice.pk, task.pk),
        {"version": task.version, "reason": "Câu thông tin."},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # a fragment, swapped in place
    assert f"Đã xóa nhiệm vụ dự thảo #{task.pk}" in html
    assert not Task.objects.filter(pk=task.pk).exists()
    event = AuditEvent.objects.get(action="task.removed")
    assert event.document_id == notice.pk and event.changes["content"] == [content, None]
    assert "Lý do: Câu thông tin." in event.message


def test_confirmed_tasks_are_not_removed(login: Login, confirmed_notice: Document) -> None:
    task = confirmed_notice.tasks.first()
    assert task is not None
    html = login("vanphong").post(
        url("review_remove", confirmed_notice.pk, task.pk), {"version": task.version}, follow=True
    )
    assert "không thêm hoặc xóa nhiệm vụ dự thảo được" in html.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()


# --- reject, withdraw -------------------------------------------------------------------------------


def test_reject_junk_document_needs_a_reason(
    login: Login, plan: Document, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("vanphong")
    name = plan.file.name
    storage = plan.file.storage
    assert storage.exists(name)
    html = client.post(url("document_reject", plan.pk), {"reason": "  "}, follow=True).content.decode()
    assert "Vui lòng nhập lý do loại bỏ văn bản." in html
    assert Document.objects.filter(pk=plan.pk).exists()
    tasks = list(plan.tasks.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        response = client.post(url("document_reject", plan.pk), {"reason": "Tệp tải nhầm, trùng văn bản 27."})
    assert response["Location"] == reverse("tracking:document_list")
    assert not Document.objects.filter(pk=plan.pk).exists()
    assert not Task.objects.filter(pk__in=tasks).exists()
    assert not storage.exists(name)
    event = AuditEvent.objects.get(action="document.rejected")
    assert event.document_id is None and "Lý do: Tệp tải nhầm, trùng văn bản 27." in event.message
    assert event.changes["sha256"][0] == plan.sha256
    # the same file can be imported again (its hash is free)
    again = ingest(sample_bytes("ke-hoach-trien-khai.txt"), "ke-hoach.txt", event.actor)
    assert again.pk != plan.pk


def test_confirmed_document_is_withdrawn_not_deleted(login: Login, confirmed_notice: Document) -> None:
    client = login("vanphong")
    doc = confirmed_notice
    html = client.post(url("document_reject", doc.pk), {"reason": "Nhầm"}, follow=True).content.decode()
    assert "Văn bản đã được duyệt không xóa được" in html
    html = client.post(url("document_withdraw", doc.pk), {"reason": ""}, follow=True).content.decode()
    assert "Vui lòng nhập lý do thu hồi văn bản." in html
    n = doc.tasks.count()
    dashboard = client.get(reverse("tracking:dashboard")).content.decode()
    assert f"tổng số {n} nhiệm vụ" in dashboard
    client.post(url("document_withdraw", doc.pk), {"reason": "Văn bản được thay thế bằng Thông báo 50."})
    doc.refresh_from_db()
    assert doc.state == DocumentState.WITHDRAWN and doc.withdrawn_at is not None
    assert doc.withdrawal_reason == "Văn bản được thay thế bằng Thông báo 50."
    assert set(doc.tasks.values_list("state", flat=True)) == {TaskState.WITHDRAWN}
    assert AuditEvent.objects.filter(action="task.withdrawn", document=doc).count() == n
    assert AuditEvent.objects.filter(action="document.withdrawn", document=doc).count() == 1
    # the tasks keep their history, leave the grid and the lists, stay on the document page
    task = doc.tasks.first()
    assert task is not None
    assert AuditEvent.objects.filter(task=task, action="task.confirmed").exists()
    assert "tổng số 0 nhiệm vụ" in client.get(reverse("tracking:dashboard")).content.decode()
    listed = client.get(reverse("tracking:task_list")).content.decode()
    assert reverse("tracking:task_detail", args=[task.pk]) not in listed
    withdrawn = client.get(reverse("tracking:task_list") + "?trang_thai=da_thu_hoi").content.decode()
    assert reverse("tracking:task_detail", args=[task.pk]) in withdrawn
    page = client.get(url("document_detail", doc.pk)).content.decode()
    assert "Văn bản đã bị thu hồi. Lý do: Văn bản được thay thế bằng Thông báo 50." in page
    assert page.count("Đã thu hồi") >= n
    unit_page = login("taichinh").get(url("document_detail", doc.pk))
    assert unit_page.status_code == 200 and "Đã thu hồi" in unit_page.content.decode()


# --- confirmation guard, giao sau, undo ---------------------------------------------------------------


def test_confirmation_refused_without_lead_unless_assigned_later(login: Login, plan: Document) -> None:
    client = login("vanphong")
    missing = [t for t in plan.tasks.all() if t.lead_id is None and t.lead_group_id is None]
    assert missing
    step = client.get(url("review_confirm_step", plan.pk)).content.decode()
    assert f"{len(missing)} nhiệm vụ chưa có đơn vị chủ trì" in step
    assert 'name="giao_sau" value="co" required' in step
    response = client.post(url("review_confirm", plan.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("review_confirm_step", plan.pk)
    assert "chọn «Giao sau»" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == DocumentState.REVIEW
    assert not AuditEvent.objects.filter(action="document.confirmed").exists()

    client.post(url("review_confirm", plan.pk), {"giao_sau": "co"})
    plan.refresh_from_db()
    assert plan.state == DocumentState.CONFIRMED
    assert AuditEvent.objects.filter(action="task.lead_later").count() == len(missing)
    # the dashboard links to the list of tasks waiting for a lead unit
    dashboard = client.get(reverse("tracking:dashboard")).content.decode()
    link = f'href="{reverse("tracking:task_list")}?chua_chu_tri=1" data-no-lead="{len(missing)}"'
    assert link in dashboard
    listed = client.get(reverse("tracking:task_list") + "?chua_chu_tri=1").content.decode()
    ids = set(map(int, re.findall(r"/nhiem-vu/(\d+)/", listed)))
    assert ids == {t.pk for t in missing}
    assert "Nhiệm vụ chưa có đơn vị chủ trì" in listed


def test_undo_confirmation_until_a_unit_acts(
    login: Login, confirmed_notice: Document, users: dict[str, User]
) -> None:
    client = login("vanphong")
    doc = confirmed_notice
    n = doc.tasks.count()
    page = client.get(url("document_detail", doc.pk)).content.decode()
    assert "Hủy duyệt văn bản</button>" in page
    response = client.post(url("document_undo", doc.pk), {"reason": "Duyệt nhầm, còn sửa đơn vị."})
    assert response["Location"] == url("review", doc.pk)
    doc.refresh_from_db()
    assert doc.state == DocumentState.REVIEW and doc.confirmed_at is None
    assert set(doc.tasks.values_list("state", flat=True)) == {TaskState.DRAFT}
    assert AuditEvent.objects.filter(action="task.unconfirmed", document=doc).count() == n
    event = AuditEvent.objects.get(action="document.unconfirmed")
    assert "Duyệt nhầm, còn sửa đơn vị." in event.message

    confirm_document(users["vanphong"], doc)
    task = first_led_by(doc, "Sở Tài chính")
    workflow.report(users["taichinh"], task, task.version, "tien_do", "Đã giao phòng chuyên môn thực hiện.")
    page = client.get(url("document_detail", doc.pk)).content.decode()
    assert "Không hủy duyệt được: một đơn vị đã báo cáo tiến độ" in page
    assert "Hủy duyệt văn bản</button>" not in page
    html = client.post(url("document_undo", doc.pk), follow=True).content.decode()
    assert "Không hủy duyệt được: một đơn vị đã báo cáo tiến độ" in html
    doc.refresh_from_db()
    assert doc.state == DocumentState.CONFIRMED
    assert AuditEvent.objects.filter(action="document.unconfirmed").count() == 1


@pytest.mark.parametrize("username", ["taichinh", "lanhdao", "quantri"])
def test_only_the_office_corrects(
    login: Login, username: str, confirmed_notice: Document, plan: Document
) -> None:
    client = login(username)
    task = plan.tasks.first()
    assert task is not None
    before = (Document.objects.count(), Task.objects.count(), AuditEvent.objects.count())
    requests = [
        ("get", url("review_confirm_step", plan.pk), {}),
        ("post", url("review_add", plan.pk), {"content": "Việc mới"}),
        ("post", url("review_remove", plan.pk, task.pk), {"version": task.version}),
        ("post", url("review_confirm", plan.pk), {"giao_sau": "co"}),
        ("post", url("document_reject", plan.pk), {"reason": "Rác"}),
        ("post", url("document_withdraw", confirmed_notice.pk), {"reason": "Thu hồi"}),
        ("post", url("document_undo", confirmed_notice.pk), {}),
    ]
    for method, target, data in requests:
        response = getattr(client, method)(target, data)
        assert response.status_code == 403, (username, target)
    assert (Document.objects.count(), Task.objects.count(), AuditEvent.objects.count()) == before
    confirmed_notice.refresh_from_db()
    assert confirmed_notice.state == DocumentState.CONFIRMED


# --- the collapsed screen and its htmx saves ----------------------------------------------------------


def test_htmx_save_answers_with_the_card_and_its_message(login: Login, notice: Document) -> None:
    client = login("vanphong")
    task = notice.tasks.order_by("order", "id").first()
    assert task is not None
    page = client.get(url("review", notice.pk)).content.decode()
    assert page.count('<details class="task-details">') == notice.tasks.count()  # all collapsed
    assert f'hx-post="{url("review_edit", notice.pk, task.pk)}" hx-target="#nv-{task.pk}"' in page
    data = {
        "version": task.version,
        "content": "Nội dung đã sửa.",
        "lead": "Sở Xây dựng",
        "fan_out": task.fan_out,
    }
    response = client.post(url("review_edit", notice.pk, task.pk), data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.strip().startswith(f'<article class="card task-card" id="nv-{task.pk}"')
    assert '<details class="task-details" open>' in html
    assert f'class="task-msg success" role="status">Đã lưu nhiệm vụ #{task.pk}.' in html
    task.refresh_from_db()
    assert task.content == "Nội dung đã sửa." and task.lead is not None and task.lead.name == "Sở Xây dựng"
    assert f'name="version" value="{task.version}"' in html  # the next save uses the new version
    stale = client.post(url("review_edit", notice.pk, task.pk), {**data, "content": "Ghi đè"}, **HTMX)
    html = stale.content.decode()
    assert 'class="task-msg error" role="alert"' in html and "vừa được người khác cập nhật" in html
    task.refresh_from_db()
    assert task.content == "Nội dung đã sửa."


# --- what users read ------------------------------------------------------------------------------------


def test_pages_show_no_rule_ids_nor_raw_values(
    login: Login, confirmed_notice: Document, plan: Document, users: dict[str, User]
) -> None:
    client = login("vanphong")
    assert_clean(client.get(url("review", plan.pk)).content.decode(), plan)
    assert_clean(client.get(url("review", confirmed_notice.pk)).content.decode(), confirmed_notice)
    assert_clean(client.get(url("document_detail", confirmed_notice.pk)).content.decode(), confirmed_notice)
    for task in confirmed_notice.tasks.all()[:4]:
        page = client.get(reverse("tracking:task_detail", args=[task.pk])).content.decode()
        assert_clean(page, confirmed_notice)
    assert_clean(client.get(reverse("tracking:task_list")).content.decode(), confirmed_notice)
    page = client.get(url("document_detail", confirmed_notice.pk)).content.decode()
    assert "Đã duyệt</span>" in page and "lúc " in page and "người duyệt:" in page


def test_deadline_after_an_extension_reads_naturally(
    login: Login, confirmed_notice: Document, users: dict[str, User]
) -> None:
    task = first_led_by(confirmed_notice, "Sở Tài chính")
    old = task.deadline
    assert old is not None
    ext = workflow.request_extension(users["taichinh"], task, old + dt.timedelta(days=30), "Chờ hồ sơ.")
    workflow.decide_extension(users["lanhdao"], ext, approve=True)
    new = old + dt.timedelta(days=30)
    expected = f"{new:%d/%m/%Y} (gia hạn từ {old:%d/%m/%Y})"
    client = login("vanphong")
    detail = visible_text(client.get(reverse("tracking:task_detail", args=[task.pk])).content.decode())
    assert expected in " ".join(detail.split())
    page = visible_text(client.get(url("document_detail", confirmed_notice.pk)).content.decode())
    assert expected in " ".join(page.split())


def test_unit_registry_is_untouched_by_a_bad_add(
    login: Login, notice: Document, registry: dict[str, Unit]
) -> None:
    count = Unit.objects.count()
    login("vanphong").post(url("review_add", notice.pk), {"content": "Việc", "lead": "Sở Mới Lập"})
    assert Unit.objects.count() == count and not notice.tasks.filter(content="Việc").exists()
