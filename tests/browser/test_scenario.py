"""The acceptance scenario in a real browser (Debian's chromium through Playwright, live server):

1. the office (vanphong) uploads a .docx notice (Thông báo 45/TB-UBND, built with python-docx);
2. it opens the review screen, corrects one lead unit and confirms the document;
3. a unit user (xaydung, Sở Xây dựng) sees only its own unit's tasks and reports one done, with a file;
4. the office confirms the completion;
5. the dashboard counts change accordingly.

A screenshot of each step is saved in test-output/browser/<database>/<test>/. Then the complete audit
trail of the scenario is asserted: the exact ordered actions, with their actors, of the document and of
the corrected task.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from docx_factory import DocxFactory
from dondoc.tracking.models import AuditEvent, Document, DocumentState, IngestJob, Task, TaskState, Unit
from dondoc.tracking.services.status import Grid, grid_of

from .notice_docx import notice_docx

pytestmark = pytest.mark.browser

NOTICE_NAME = "thong-bao-45-TB-UBND-giao-ban.docx"
# The task the office corrects: the extraction gives it to Sở Nông nghiệp và Môi trường (the heading it
# sits under); the office decides that licensing quarries for building materials is Sở Xây dựng's.
CORRECTED = "Thẩm định hồ sơ đề nghị cấp giấy phép khai thác khoáng sản"
EXTRACTED_LEAD = "Sở Nông nghiệp và Môi trường"
CORRECT_LEAD = "Sở Xây dựng"
UNIT_USER = "xaydung"
RESULT_TEXT = "Đã thẩm định xong hồ sơ mỏ đá Núi Cấm; trình UBND tỉnh cấp giấy phép ngày 20/3/2026."
RESULT_FILE = "bao-cao-ket-qua-tham-dinh.docx"


def dashboard_counts(page: Any, base: str) -> dict[str, int]:
    """The status grid of the dashboard: {grid value: number shown in its cell}."""
    page.goto(base + reverse("tracking:dashboard"))
    counts = {}
    for g in Grid:
        text = page.locator(f'[data-grid="{g.value}"]').first.inner_text()
        numbers = re.findall(r"\d+", text)
        assert numbers, f"no number in the dashboard cell {g.value}: {text!r}"
        counts[g.value] = int(numbers[-1])
    return counts


def task_ids_listed(page: Any) -> set[int]:
    """Ids of the tasks linked from the current page (links to a task's detail page)."""
    hrefs = page.locator("main a[href], a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    ids = set()
    for href in hrefs:
        m = re.search(r"/nhiem-vu/(\d+)/$", href or "")
        if m:
            ids.add(int(m.group(1)))
    return ids


def test_office_and_unit_scenario(
    live_server: Any,
    login_page: Callable[[str], Any],
    shots: Callable[[Any, str], Path],
    registry: dict[str, Unit],
    users: dict[str, User],
    tmp_path: Path,
    embedded_worker: Any,
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    today = timezone.localdate()

    office = login_page("vanphong")
    empty = dashboard_counts(office, base)
    assert set(empty.values()) == {0}
    shots(office, "00-van-phong-tong-quan-ban-dau")

    # 1. The office uploads the .docx notice.
    notice = tmp_path / NOTICE_NAME
    notice.write_bytes(notice_docx())
    office.goto(base + reverse("tracking:document_upload"))
    office.get_by_label("Chọn tệp văn bản").set_input_files(str(notice))
    with office.expect_navigation():
        office.get_by_role("button", name="Tải lên", exact=True).click()
    expect(office.get_by_text(NOTICE_NAME).first).to_be_visible()
    shots(office, "01-van-phong-tai-len-van-ban")
    # The upload only queued the file: its page follows the background worker until the drafts exist.
    job = IngestJob.objects.get(original_name=NOTICE_NAME)
    office.goto(base + reverse("tracking:job_detail", args=[job.pk]))
    expect(office.get_by_role("link", name=re.compile("Xem và duyệt văn bản"))).to_be_visible(timeout=30_000)
    shots(office, "01b-van-phong-xu-ly-xong")
    doc = Document.objects.get(original_name=NOTICE_NAME)
    assert doc.number == "45/TB-UBND"
    assert doc.state == DocumentState.REVIEW
    tasks = list(doc.tasks.order_by("order", "id"))
    assert len(tasks) >= 5
    assert {t.state for t in tasks} == {TaskState.DRAFT}
    target = next(t for t in tasks if t.content.startswith(CORRECTED))
    assert target.lead == registry[EXTRACTED_LEAD]

    # 2. It reviews the drafts, corrects the lead unit of one task, and confirms the document.
    office.goto(base + reverse("tracking:review", args=[doc.pk]))
    card = office.locator("article").filter(has_text=CORRECTED)
    expect(card).to_have_count(1)
    card.locator("summary").first.click()  # the tasks are collapsed to one line each: expand this one
    lead = card.get_by_label("Đơn vị chủ trì", exact=True)
    expect(lead).to_have_value(EXTRACTED_LEAD)
    lead.fill(CORRECT_LEAD)
    lead.press("Escape")  # close the autocomplete suggestions, if any are open
    shots(office, "02-van-phong-sua-don-vi-chu-tri")
    card.get_by_role("button", name="Lưu", exact=True).click()  # htmx: the card is replaced in place
    expect(card.locator(".task-msg")).to_have_text(f"Đã lưu nhiệm vụ #{target.pk}.")
    target.refresh_from_db()
    assert target.lead == registry[CORRECT_LEAD]
    assert target.state == TaskState.DRAFT  # nothing is official before the confirmation
    with office.expect_navigation():
        office.get_by_role("link", name="Duyệt văn bản").click()
    with office.expect_navigation():  # the confirmation step
        office.get_by_role("button", name="Xác nhận duyệt").click()
    shots(office, "03-van-phong-duyet-van-ban")
    doc.refresh_from_db()
    assert doc.state == DocumentState.CONFIRMED
    assert set(doc.tasks.values_list("state", flat=True)) == {TaskState.IN_PROGRESS}
    assert doc.tasks.count() == len(tasks)  # no fan-out by default: the same tasks, now official
    target.refresh_from_db()
    open_cell = grid_of(target, today).value
    confirmed = dashboard_counts(office, base)
    assert sum(confirmed.values()) == len(tasks)
    assert sum(n for g, n in confirmed.items() if Grid(g).done) == 0

    # 3. The unit user sees only its own unit's tasks and reports one done, with a file.
    unit_page = login_page(UNIT_USER)
    unit_page.goto(base + reverse("tracking:task_list"))
    unit = registry[CORRECT_LEAD]
    own = set(
        Task.objects.filter(document=doc)
        .filter(Q(lead=unit) | Q(supports=unit) | Q(co_leads=unit))
        .values_list("pk", flat=True)
    )
    assert target.pk in own
    assert 1 < len(own) < len(tasks)
    assert task_ids_listed(unit_page) == own
    for other in (t for t in tasks if t.pk not in own):
        expect(unit_page.get_by_text(other.content[:60])).to_have_count(0)
    shots(unit_page, "04-don-vi-chi-thay-nhiem-vu-cua-minh")
    stranger = next(t for t in tasks if t.pk not in own)
    response = unit_page.goto(base + reverse("tracking:task_detail", args=[stranger.pk]))
    assert response is not None and response.status == 404  # another unit's task, opened by id

    unit_page.goto(base + reverse("tracking:task_detail", args=[target.pk]))
    report_file = tmp_path / RESULT_FILE
    factory = DocxFactory()
    factory.paragraph("BÁO CÁO KẾT QUẢ THẨM ĐỊNH HỒ SƠ CẤP PHÉP KHAI THÁC MỎ ĐÁ NÚI CẤM")
    factory.paragraph(RESULT_TEXT)
    factory.save(report_file)
    unit_page.get_by_label("Kết quả thực hiện").fill(RESULT_TEXT)
    unit_page.get_by_label("Tệp kết quả").set_input_files(str(report_file))
    with unit_page.expect_navigation():
        unit_page.get_by_role("button", name="Báo cáo hoàn thành").click()
    shots(unit_page, "05-don-vi-bao-cao-hoan-thanh")
    target.refresh_from_db()
    assert target.state == TaskState.AWAITING
    assert target.result == RESULT_TEXT
    report = target.reports.get()
    assert report.author == users[UNIT_USER]
    attachment = report.attachments.get()
    assert attachment.original_name == RESULT_FILE
    assert attachment.size == report_file.stat().st_size

    # 4. The office confirms the completion.
    office.goto(base + reverse("tracking:task_detail", args=[target.pk]))
    expect(office.get_by_text(RESULT_TEXT).first).to_be_visible()
    with office.expect_navigation():
        office.get_by_role("button", name="Xác nhận hoàn thành").click()
    shots(office, "06-van-phong-xac-nhan-hoan-thanh")
    target.refresh_from_db()
    assert target.state == TaskState.DONE
    assert target.completed_on == today

    # 5. The dashboard counts change: the task moved from its open cell to its done cell.
    done_cell = grid_of(target, today).value
    assert Grid(done_cell).done and not Grid(open_cell).done
    expected = dict(confirmed)
    expected[open_cell] -= 1
    expected[done_cell] += 1
    assert dashboard_counts(office, base) == expected
    shots(office, "07-van-phong-tong-quan-sau")

    # The complete audit trail of the scenario, in order, with the actors.
    trail = [
        (e.action, e.actor.username if e.actor else None, e.task_id)
        for e in AuditEvent.objects.filter(document=doc).select_related("actor").order_by("id")
    ]
    assert trail == [
        ("document.imported", "vanphong", None),
        ("task.edited", "vanphong", target.pk),
        *[("task.confirmed", "vanphong", t.pk) for t in tasks],
        ("document.confirmed", "vanphong", None),
        ("task.completion_reported", UNIT_USER, target.pk),
        ("task.completed", "vanphong", target.pk),
    ]
    assert AuditEvent.objects.count() == len(trail)  # nothing else was recorded anywhere

    task_trail = [
        (e.action, e.actor.username if e.actor else None, e.changes)
        for e in AuditEvent.objects.filter(task=target).select_related("actor").order_by("id")
    ]
    assert task_trail == [
        ("task.edited", "vanphong", {"lead": [EXTRACTED_LEAD, CORRECT_LEAD]}),
        ("task.confirmed", "vanphong", {"state": [TaskState.DRAFT.value, TaskState.IN_PROGRESS.value]}),
        (
            "task.completion_reported",
            UNIT_USER,
            {"state": [TaskState.IN_PROGRESS.value, TaskState.AWAITING.value], "result": ["", RESULT_TEXT]},
        ),
        (
            "task.completed",
            "vanphong",
            {
                "state": [TaskState.AWAITING.value, TaskState.DONE.value],
                "completed_on": [None, f"{today:%d/%m/%Y}"],
            },
        ),
    ]
