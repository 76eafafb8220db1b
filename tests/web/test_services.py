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
from .uploads import result_file


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
        workflow.report(users["xaydung"], task, task.version, "hoan_thanh", "Đã xong", [result_file()])
    workflow.report(
        users["taichinh"], task, task.version, "hoan_thanh", "Đã trình UBND tỉnh", [result_file()]
    )
    task.refresh_from_db()
    assert task.state == TaskState.AWAITING
    workflow.confirm_completion(users["vanphong"], task, task.version, completed_on=dt.date(2026, 3, 25))
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert grid_of(task, dt.date(2026, 4, 1)) == Grid.DONE_ON_TIME
    assert grid_of(task, dt.date(2026, 3, 20)) == Grid.OPEN_IN_TIME  # not yet done on that day
    # Confirmed today, the notice is in the register from its issue date (14/03/2026), not from today.
    assert grid_counts(Task.objects.all(), timezone.localdate())[Grid.DONE_ON_TIME] == 1
    assert grid_counts(Task.objects.all(), dt.date(2026, 3, 26))[Grid.DONE_ON_TIME] == 1
    assert sum(grid_counts(Task.objects.all(), dt.date(2026, 3, 13)).values()) == 0
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


def test_extension_request_and_decision(confirmed_notice: Document, users: dict[str, User]) -> None:
    from dondoc.tracking.models import ExtensionDecision

    task = confirmed_notice.tasks.filter(lead__name="Sở Tài chính", deadline__isnull=False).first()
    assert task is not None and task.deadline is not None
    old = task.deadline
    with pytest.raises(Exception, match="phải sau thời hạn hiện tại"):
        workflow.request_extension(users["taichinh"], task, old, "Chưa đủ hồ sơ")
    ext = workflow.request_extension(users["taichinh"], task, old + dt.timedelta(days=30), "Chờ ý kiến Bộ")
    with pytest.raises(Forbidden):
        workflow.decide_extension(users["taichinh"], ext, approve=True)
    workflow.decide_extension(users["lanhdao"], ext, approve=True, note="Đồng ý")
    task.refresh_from_db()
    ext.refresh_from_db()
    assert task.deadline == old + dt.timedelta(days=30)
    assert ext.decision == ExtensionDecision.APPROVED and ext.old_deadline == old
    assert AuditEvent.objects.filter(task=task, action="extension.approved").exists()


def test_refusal_then_reassignment(confirmed_notice: Document, users: dict[str, User]) -> None:
    task = confirmed_notice.tasks.filter(lead__name="Sở Xây dựng").first()
    assert task is not None
    workflow.report(users["xaydung"], task, task.version, "tu_choi", "Không thuộc thẩm quyền của Sở")
    task.refresh_from_db()
    assert task.state == TaskState.REFUSED
    other = Unit.objects.get(name="Sở Nội vụ")
    workflow.reassign(users["vanphong"], task, task.version, other, "Đúng chức năng")
    task.refresh_from_db()
    assert task.lead == other and task.state == TaskState.IN_PROGRESS


def test_split_merge_and_alias_memory(notice: Document, users: dict[str, User]) -> None:
    from dondoc.tracking.services import review

    office = users["vanphong"]
    task = notice.tasks.order_by("order").first()
    assert task is not None
    parts = review.split_task(office, task, task.version, ["Phần một của nhiệm vụ", "Phần hai của nhiệm vụ"])
    assert len(parts) == 2 and parts[1].split_from == task
    merged = review.merge_tasks(office, parts)
    assert merged.content == "Phần một của nhiệm vụ\nPhần hai của nhiệm vụ"
    assert not Task.objects.filter(pk=parts[1].pk).exists()
    # an unknown mention linked once is known next time
    merged.unlinked = [{"role": "support", "name": "Ban Quản lý dự án tỉnh", "mention": "BQLDA tỉnh"}]
    merged.save()
    unit = Unit.objects.create(name="Ban Quản lý dự án đầu tư xây dựng tỉnh")
    review.link_mention(office, merged, merged.version, 0, unit)
    merged.refresh_from_db()
    assert unit in merged.supports.all() and merged.unlinked == []
    from dondoc.tracking.services.registry import resolve_unit

    assert resolve_unit("BQLDA Tỉnh") == unit


def test_fan_out_of_a_group_at_confirmation(users: dict[str, User], settings: object) -> None:
    from dondoc.tracking.models import FanOut, UnitGroup
    from dondoc.tracking.services.review import confirm_document

    doc = ingest(sample_bytes("cong-van-chi-dao.md"), "cong-van-chi-dao.md", users["vanphong"])
    group_task = doc.tasks.filter(lead_group__isnull=False).first()
    if group_task is None:  # the sample names the group as support only: give one task a group lead
        group_task = doc.tasks.first()
        assert group_task is not None
        group_task.lead_group = UnitGroup.objects.get(name="UBND các xã, phường")
        group_task.lead = None
        group_task.save()
    group_task.fan_out = FanOut.SPLIT
    group_task.save()
    members = group_task.lead_group.members.count() if group_task.lead_group else 0
    before = doc.tasks.count()
    confirm_document(users["vanphong"], doc)
    assert doc.tasks.count() == before + members - 1
    leads = set(doc.tasks.filter(split_from=group_task).values_list("lead__name", flat=True))
    assert len(leads) == members - 1
    assert all(t.state == TaskState.IN_PROGRESS for t in doc.tasks.all())


def test_rename_keeps_history(confirmed_notice: Document, users: dict[str, User]) -> None:
    from dondoc.tracking.services.restructure import rename

    old = Unit.objects.get(name="Sở Tài chính")
    done = confirmed_notice.tasks.filter(lead=old).first()
    assert done is not None
    workflow.report(users["taichinh"], done, done.version, "hoan_thanh", "Xong", [result_file()])
    done.refresh_from_db()
    workflow.confirm_completion(users["vanphong"], done, done.version)
    open_before = Task.objects.filter(lead=old).exclude(state=TaskState.DONE).count()
    assert open_before > 0
    new = rename(users["quantri"], old, "Sở Tài chính và Kế hoạch", dt.date(2026, 12, 1))
    done.refresh_from_db()
    assert done.lead == old  # finished work keeps the name it was done under
    assert Task.objects.filter(lead=new).count() == open_before
    assert Task.objects.filter(lead=old).exclude(state=TaskState.DONE).count() == 0
    assert list(old.successors.all()) == [new]


def test_admin_changes_are_audited(users: dict[str, User]) -> None:
    from django.test import Client

    admin_user = users["quantri"]
    client = Client()
    client.force_login(admin_user)
    resp = client.post(
        "/quan-tri/tracking/unit/add/",
        {
            "name": "Sở Khoa học và Công nghệ",
            "short_name": "SKHCN",
            "kind": "so",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302, resp.content[:500]
    unit = Unit.objects.get(name="Sở Khoa học và Công nghệ")
    event = AuditEvent.objects.get(action="admin.added", unit=unit)
    assert event.actor == admin_user and "Sở Khoa học và Công nghệ" in event.message
