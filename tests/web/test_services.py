"""Service-level tests of ingestion, review, workflow, status grid and restructuring."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dondoc.errors import EmptyFileError
from dondoc.tracking.models import AuditEvent, Document, Task, TaskState, Unit
from dondoc.tracking.services import workflow
from dondoc.tracking.services.errors import Conflict, Forbidden
from dondoc.tracking.services.ingestion import DuplicateDocumentError, ingest
from dondoc.tracking.services.restructure import restructure
from dondoc.tracking.services.review import edit_task
from dondoc.tracking.services.status import Grid, grid_counts, grid_of

from .conftest import sample_bytes


def test_ingest_creates_draft_tasks_linked_to_registry(notice: Document) -> None:
    assert notice.number == "45/TB-UBND"
    assert notice.issued_date == dt.date(2026, 3, 14)
    tasks = list(notice.tasks.all())
    assert tasks and all(t.state == TaskState.DRAFT for t in tasks)
    first = tasks[0]
    assert first.lead is not None and first.lead.name == "Sở Tài chính"
    assert first.deadline == dt.date(2026, 3, 30)
    assert first.evidence["task"]["rule"]
    assert notice.normalized_text[first.evidence["task"]["start"] : first.evidence["task"]["end"]]


def test_duplicate_is_recognised_by_hash(notice: Document, users: dict[str, User]) -> None:
    with pytest.raises(DuplicateDocumentError) as info:
        ingest(sample_bytes("thong-bao-ket-luan-giao-ban.txt"), "ban-sao.txt", users["vanphong"])
    assert "đã có trong hệ thống" in info.value.message
    assert Document.objects.count() == 1


def test_bad_file_stores_nothing(users: dict[str, User]) -> None:
    with pytest.raises(EmptyFileError):
        ingest(b"", "rong.docx", users["vanphong"])
    assert Document.objects.count() == 0 and Task.objects.count() == 0


def test_completion_workflow_and_grid(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = confirmed_notice.tasks.filter(lead__name="Sở Tài chính").first()
    assert task is not None and task.state == TaskState.IN_PROGRESS
    with pytest.raises(Forbidden):
        workflow.report(users["xaydung"], task, task.version, "hoan_thanh", "Đã xong")
    workflow.report(users["taichinh"], task, task.version, "hoan_thanh", "Đã trình UBND tỉnh")
    task.refresh_from_db()
    assert task.state == TaskState.AWAITING
    workflow.confirm_completion(users["vanphong"], task, task.version, completed_on=dt.date(2026, 3, 25))
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert grid_of(task, dt.date(2026, 4, 1)) == Grid.DONE_ON_TIME
    assert grid_of(task, dt.date(2026, 3, 20)) == Grid.OPEN_IN_TIME  # not yet done on that day
    today = timezone.localdate()  # the document was confirmed today: the register holds it from today
    assert grid_counts(Task.objects.all(), today)[Grid.DONE_ON_TIME] == 1
    assert grid_counts(Task.objects.all(), today - dt.timedelta(days=1))[Grid.DONE_ON_TIME] == 0
    actions = list(AuditEvent.objects.filter(task=task).values_list("action", flat=True))
    assert actions[-2:] == ["task.completion_reported", "task.completed"]


def test_optimistic_locking(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = confirmed_notice.tasks.first()
    assert task is not None
    stale = task.version
    edit_task(users["vanphong"], task, stale, content="Nội dung đã sửa lần một")
    with pytest.raises(Conflict) as info:
        edit_task(users["vanphong"], task, stale, content="Nội dung sửa đè")
    assert "người khác cập nhật" in info.value.message
    task.refresh_from_db()
    assert task.content == "Nội dung đã sửa lần một"


def test_restructure_moves_open_tasks(confirmed_notice: Document, users: dict[str, User]) -> None:
    old = Unit.objects.get(name="Sở Xây dựng")
    new = Unit.objects.create(name="Sở Xây dựng và Giao thông")
    open_before = Task.objects.filter(lead=old).exclude(state=TaskState.DONE).count()
    assert open_before > 0
    moved = restructure(users["quantri"], old, new, dt.date(2026, 7, 1))
    assert moved >= open_before
    assert Task.objects.filter(lead=old).exclude(state=TaskState.DONE).count() == 0
    old.refresh_from_db()
    assert old.valid_to == dt.date(2026, 6, 30)
    assert AuditEvent.objects.filter(action="task.unit_restructured").count() == moved
