"""Correcting the register in a real browser (Debian's chromium through Playwright, live server):

- a task the extractor missed, added by clicking its paragraph in the document text;
- a wrong draft removed in place (htmx), with a reason;
- a junk document rejected with a reason;
- the confirmation step refusing tasks without a lead until «Giao sau» is ticked, and the dashboard's
  clickable count of those tasks;
- a confirmation undone from the document page;
- the review of a 60-task kế hoạch: one line per task, expanded on demand, the save message inside the
  card being edited, where the user is.

Screenshots go to test-output/browser/<database>/<test>/ (see conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from dondoc.tracking.models import AuditEvent, Document, DocumentState, Task, TaskState, Unit
from dondoc.tracking.services.corrections import MANUAL_RULE
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .plan_text import plan_text

pytestmark = pytest.mark.browser

Shots = Callable[[Any, str], Path]
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "dondoc" / "samples"
# A sentence of Thông báo 45 that gives work but that the office wants as a task of its own.
MISSED = "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc"


# The screen position of a character of the document text (scrolled into view first), for a real click.
POINT_OF_OFFSET = """(offset) => {
  const root = document.getElementById("doctext");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const n = node.textContent.length;
    if (seen + n > offset) {
      const range = document.createRange();
      range.setStart(node, offset - seen);
      range.setEnd(node, offset - seen + 1);
      node.parentElement.scrollIntoView({block: "center"});
      const box = range.getBoundingClientRect();
      return [box.left + box.width / 2, box.top + box.height / 2];
    }
    seen += n;
  }
  throw new Error("offset outside the text");
}"""


def imported(name: str, office: User, data: bytes | None = None) -> Document:
    return ingest(data if data is not None else (SAMPLES / name).read_bytes(), name, office)


def review(page: Any, base: str, doc: Document) -> None:
    page.goto(base + reverse("tracking:review", args=[doc.pk]))


def test_add_missed_task_from_the_text_and_remove_a_wrong_one(
    live_server: Any, login_page: Callable[[str], Any], shots: Shots, users: dict[str, User]
) -> None:
    from playwright.sync_api import expect

    doc = imported("thong-bao-ket-luan-giao-ban.txt", users["vanphong"])
    text = doc.normalized_text
    line = next(ln for ln in text.splitlines() if len(ln.strip()) > 60 and "trước ngày" not in ln).strip()
    start = text.index(line)
    before = doc.tasks.count()
    page = login_page("vanphong")
    review(page, live_server.url, doc)
    expect(page.locator("#pick-bar")).to_be_hidden()

    # click inside the paragraph (no selection): the whole paragraph is picked
    x, y = page.evaluate(POINT_OF_OFFSET, start + 10)
    page.mouse.click(x, y)
    expect(page.locator("#pick-bar")).to_be_visible()
    expect(page.locator("#pick-preview")).to_contain_text(line[:60])
    shots(page, "01-chon-doan-van-ban")
    page.get_by_role("button", name="Thêm nhiệm vụ từ đoạn này").click()
    expect(page.get_by_label("Nội dung nhiệm vụ")).to_have_value(line)
    page.locator("#add-lead").fill("Sở Tài chính")
    page.locator("#add-lead").press("Escape")
    page.locator("#add-deadline").fill("31/03/2027")
    shots(page, "02-form-them-nhiem-vu")
    with page.expect_navigation():
        page.get_by_role("button", name="Thêm nhiệm vụ", exact=True).click()
    added = doc.tasks.order_by("-id").first()
    assert added is not None and doc.tasks.count() == before + 1
    assert added.content == line and added.state == TaskState.DRAFT
    assert added.evidence["task"] == [
        {"rule": MANUAL_RULE, "text": line, "start": start, "end": start + len(line)}
    ]
    assert added.lead is not None and added.lead.name == "Sở Tài chính"
    assert AuditEvent.objects.filter(action="task.added", task=added, actor=users["vanphong"]).count() == 1
    card = page.locator(f"#nv-{added.pk}")
    expect(card.locator("details.task-details")).to_have_attribute("open", "")
    expect(card).to_contain_text("Văn phòng thêm khi rà soát")
    expect(page.locator("main")).not_to_contain_text(MANUAL_RULE + " ")
    shots(page, "03-nhiem-vu-da-them")

    # remove a draft that is not a task: in place, with a reason, no page load
    wrong = doc.tasks.exclude(pk=added.pk).order_by("order", "id").first()
    assert wrong is not None
    card = page.locator(f"#nv-{wrong.pk}")
    card.locator("summary.task-line").click()
    card.locator("details.task-remove > summary").click()
    card.get_by_label("Lý do (không bắt buộc)").fill("Câu thông tin, không giao việc.")
    url_before = page.url
    card.get_by_role("button", name="Xóa nhiệm vụ dự thảo").click()
    expect(page.get_by_text(f"Đã xóa nhiệm vụ dự thảo #{wrong.pk}")).to_be_visible()
    assert page.url == url_before
    shots(page, "04-da-xoa-nhiem-vu")
    assert not Task.objects.filter(pk=wrong.pk).exists()
    event = AuditEvent.objects.get(action="task.removed")
    assert event.actor == users["vanphong"] and "Câu thông tin, không giao việc." in event.message


def test_reject_a_junk_document(
    live_server: Any, login_page: Callable[[str], Any], shots: Shots, users: dict[str, User]
) -> None:
    from playwright.sync_api import expect

    junk = imported(
        "thuc-don-tuan.txt",
        users["vanphong"],
        "THỰC ĐƠN TUẦN 12\nThứ hai: cơm gà, canh rau.\nThứ ba: bún chả.\n".encode(),
    )
    page = login_page("vanphong")
    review(page, live_server.url, junk)
    page.locator("details.doc-reject > summary").click()
    reason = page.get_by_label("Lý do loại bỏ (bắt buộc)")
    page.get_by_role("button", name="Loại bỏ văn bản").click()  # no reason: the browser asks for one
    assert Document.objects.filter(pk=junk.pk).exists()
    reason.fill("Tải nhầm tệp thực đơn, không phải văn bản chỉ đạo.")
    shots(page, "01-loai-bo-van-ban")
    with page.expect_navigation():
        page.get_by_role("button", name="Loại bỏ văn bản").click()
    assert page.url.endswith(reverse("tracking:document_list"))
    expect(page.get_by_text("Đã loại bỏ văn bản")).to_be_visible()
    shots(page, "02-da-loai-bo")
    assert not Document.objects.filter(pk=junk.pk).exists()
    event = AuditEvent.objects.get(action="document.rejected")
    assert "Tải nhầm tệp thực đơn" in event.message and event.actor == users["vanphong"]


def test_confirmation_guard_assign_later_and_undo(
    live_server: Any, login_page: Callable[[str], Any], shots: Shots, users: dict[str, User]
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    plan = imported("ke-hoach-trien-khai.txt", users["vanphong"])
    missing = [t for t in plan.tasks.all() if t.lead_id is None and t.lead_group_id is None]
    assert missing
    page = login_page("vanphong")
    review(page, base, plan)
    with page.expect_navigation():
        page.get_by_role("link", name="Duyệt văn bản").click()
    expect(page.get_by_text(f"{len(missing)} nhiệm vụ chưa có đơn vị chủ trì:")).to_be_visible()
    shots(page, "01-xac-nhan-duyet-thieu-chu-tri")
    page.get_by_role("button", name="Xác nhận duyệt").click()  # «Giao sau» not ticked: refused
    page.wait_for_timeout(300)
    plan.refresh_from_db()
    assert plan.state == DocumentState.REVIEW
    page.get_by_label(re.compile("Giao sau")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận duyệt").click()
    plan.refresh_from_db()
    assert plan.state == DocumentState.CONFIRMED
    assert AuditEvent.objects.filter(action="task.lead_later").count() == len(missing)
    shots(page, "02-da-duyet-giao-sau")

    # the dashboard's count of tasks without a lead opens their list
    page.goto(base + reverse("tracking:dashboard"))
    link = page.locator("a[data-no-lead]")
    expect(link).to_contain_text(f"Chưa có đơn vị chủ trì: {len(missing)} nhiệm vụ")
    shots(page, "03-tong-quan-chua-co-chu-tri")
    with page.expect_navigation():
        link.click()
    for task in missing:
        expect(page.locator(f'a[href="{reverse("tracking:task_detail", args=[task.pk])}"]')).to_have_count(1)
    shots(page, "04-danh-sach-chua-co-chu-tri")

    # undo the confirmation from the document page: the tasks are drafts again
    page.goto(base + reverse("tracking:document_detail", args=[plan.pk]))
    page.locator("details.doc-undo > summary").click()
    page.get_by_label("Lý do (không bắt buộc)").fill("Duyệt khi chưa giao đủ đơn vị.")
    with page.expect_navigation():
        page.get_by_role("button", name="Hủy duyệt văn bản").click()
    expect(page.get_by_text("Đã hủy duyệt văn bản")).to_be_visible()
    shots(page, "05-da-huy-duyet")
    plan.refresh_from_db()
    assert plan.state == DocumentState.REVIEW
    assert set(plan.tasks.values_list("state", flat=True)) == {TaskState.DRAFT}
    assert AuditEvent.objects.filter(action="document.unconfirmed", actor=users["vanphong"]).count() == 1


def test_undo_refused_once_a_unit_reported(
    live_server: Any, login_page: Callable[[str], Any], shots: Shots, users: dict[str, User]
) -> None:
    from playwright.sync_api import expect

    doc = confirm_document(users["vanphong"], imported("thong-bao-ket-luan-giao-ban.txt", users["vanphong"]))
    task = doc.tasks.filter(lead__name="Sở Xây dựng").order_by("order", "id").first()
    assert task is not None
    unit_page = login_page("xaydung")
    unit_page.goto(live_server.url + reverse("tracking:task_detail", args=[task.pk]))
    unit_page.get_by_text("Báo cáo tiến độ", exact=True).click()  # the form is in a <details>
    unit_page.get_by_label("Nội dung báo cáo tiến độ").fill("Đã giao phòng chuyên môn triển khai.")
    with unit_page.expect_navigation():
        unit_page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    assert task.reports.count() == 1
    page = login_page("vanphong")
    page.goto(live_server.url + reverse("tracking:document_detail", args=[doc.pk]))
    page.locator("details.doc-undo > summary").click()
    expect(page.get_by_text("Không hủy duyệt được: một đơn vị đã báo cáo tiến độ")).to_be_visible()
    expect(page.get_by_role("button", name="Hủy duyệt văn bản")).to_have_count(0)
    shots(page, "01-khong-huy-duyet-duoc")


def test_collapsed_review_of_a_60_task_plan(
    live_server: Any,
    login_page: Callable[[str], Any],
    shots: Shots,
    users: dict[str, User],
    registry: dict[str, Unit],
) -> None:
    from playwright.sync_api import expect

    plan = imported("ke-hoach-88-KH-UBND.txt", users["vanphong"], plan_text(60).encode())
    tasks = list(plan.tasks.order_by("order", "id"))
    assert len(tasks) == 60
    page = login_page("vanphong")
    review(page, live_server.url, plan)
    lines = page.locator("summary.task-line")
    expect(lines).to_have_count(60)
    expect(page.locator("details.task-details[open]")).to_have_count(0)
    heights = lines.evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert max(heights) <= 30, f"a collapsed task takes more than one line: {max(heights)}px"
    page_height = page.evaluate("document.documentElement.scrollHeight")
    assert page_height < 60 * 50 + 1500, f"the review page is {page_height}px high"
    first = page.locator(f"#nv-{tasks[0].pk} summary.task-line")
    # on one line: the content (cut with «…»), the lead (whole, or cut after its first words), the deadline
    boxes = lines.first.locator(".task-text, .task-field, .task-due").evaluate_all(
        "els => els.map(e => [e.clientWidth, e.scrollWidth - e.clientWidth])"
    )
    (text_width, _), (lead_width, _), (_, due_cut) = boxes
    assert text_width >= 150 and lead_width >= 100 and due_cut == 0, boxes
    expect(first).to_contain_text("Chủ trì: Sở Xây dựng")
    expect(first).to_contain_text("Hạn: 28/02/2027")
    shots(page, "01-60-nhiem-vu-thu-gon")

    # expand the 45th task, change its lead, save: the message shows inside that card, in view
    target = tasks[44]
    card = page.locator(f"#nv-{target.pk}")
    card.locator("summary.task-line").click()
    expect(card.locator("details.task-details")).to_have_attribute("open", "")
    lead = card.get_by_label("Đơn vị chủ trì", exact=True)
    lead.fill("Sở Tài chính")
    lead.press("Escape")
    save = card.get_by_role("button", name="Lưu", exact=True)
    save.scroll_into_view_if_needed()
    scroll_before = page.evaluate("window.scrollY")
    assert scroll_before > 1000  # the user is far down the page
    save.click()
    message = card.locator(".task-msg")
    expect(message).to_have_text(f"Đã lưu nhiệm vụ #{target.pk}.")
    expect(message).to_be_in_viewport()
    expect(page.locator("ul.messages")).to_have_count(0)  # nothing at the top of the page
    assert abs(page.evaluate("window.scrollY") - scroll_before) < 400
    target.refresh_from_db()
    assert target.lead is not None and target.lead.name == "Sở Tài chính"
    shots(page, "02-luu-ngay-tai-nhiem-vu")

    # a conflict (someone else saved meanwhile) is reported in the same place, nothing overwritten
    Task.objects.filter(pk=target.pk).update(version=target.version + 5)
    card.get_by_label("Thời hạn").fill("15/12/2027")
    card.get_by_role("button", name="Lưu", exact=True).click()
    expect(card.locator(".task-msg.error")).to_contain_text("vừa được người khác cập nhật")
    expect(card.locator(".task-msg.error")).to_be_in_viewport()
    target.refresh_from_db()
    assert target.deadline is not None and f"{target.deadline:%d/%m/%Y}" != "15/12/2027"
    shots(page, "03-xung-dot-ngay-tai-nhiem-vu")
