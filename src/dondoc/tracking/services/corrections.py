"""The office correcting the register: a task the extractor missed or invented, a document that should
not be there, a confirmation made too early.

- ``add_task`` / ``remove_task``: a draft task added by hand (evidence rule ``manual``) or removed;
- ``reject_document``: a document still in review (junk upload, wrong file, duplicate) is deleted with
  its drafts and its stored file;
- ``withdraw_document``: a confirmed document is withdrawn; its tasks keep their history (state
  ``da_thu_hoi``) and leave the register;
- ``undo_confirmation``: back to review, until a unit has acted on one of its tasks.

Every change writes an audit event; the reason the user gives is in its message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from dondoc.tracking.models import (
    AuditEvent,
    Document,
    DocumentState,
    Extension,
    ProgressReport,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Conflict, Forbidden, InvalidTransition, ServiceError

MANUAL_RULE = "manual"
#: Office actions on an official task that count as the register having moved on (besides the units'
#: reports and extension requests, which are rows of their own).
ACTED = ("task.reassigned", "task.postponed", "task.resumed", "task.completed", "task.returned")


def _office(actor: AnyUser) -> None:
    if not access.is_office(actor):
        raise Forbidden()


def _reason(reason: str, what: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(f"Vui lòng nhập lý do {what}.")
    return reason


def _in_review(doc: Document) -> None:
    if doc.state != DocumentState.REVIEW:
        raise InvalidTransition(
            "Văn bản này không còn ở bước duyệt: không thêm hoặc xóa nhiệm vụ dự thảo được."
        )


def manual_evidence(doc: Document, content: str, start: int | None, end: int | None) -> dict[str, Any]:
    """The evidence of a task the office adds: the chosen span of the document text (its offsets are
    checked against the text), or, for a typed task, the typed content without offsets."""
    text = doc.normalized_text or ""
    if start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            raise ServiceError("Đoạn văn bản đã chọn không còn khớp với văn bản: vui lòng chọn lại.")
        return {"task": [{"rule": MANUAL_RULE, "text": text[start:end], "start": start, "end": end}]}
    return {"task": [{"rule": MANUAL_RULE, "text": content}]}


def add_task(
    actor: AnyUser,
    doc: Document,
    content: str,
    *,
    start: int | None = None,
    end: int | None = None,
    lead: Unit | None = None,
    deadline: dt.date | None = None,
) -> Task:
    """A draft task the extractor missed, from a span of the text (``start``/``end``) or typed."""
    _office(actor)
    evidence = manual_evidence(doc, content, start, end)
    content = content.strip() or str(evidence["task"][0]["text"]).strip()
    if not content:
        raise ServiceError("Nội dung nhiệm vụ không được để trống.")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        _in_review(locked)
        last = locked.tasks.aggregate(m=Max("order"))["m"]
        task = Task.objects.create(
            document=locked,
            order=(last or 0) + 1,
            content=content,
            lead=lead,
            deadline=deadline,
            evidence=evidence,
        )
        audit.record(
            actor,
            "task.added",
            "Thêm nhiệm vụ " + ("từ đoạn văn bản đã chọn." if start is not None else "do Văn phòng nhập."),
            task=task,
            changes={"content": (None, content), "lead": (None, lead), "deadline": (None, deadline)},
        )
    return task


def remove_task(actor: AnyUser, task: Task, version: int, reason: str = "") -> None:
    """A draft that is not a task is deleted; the audit event keeps its content and the reason."""
    _office(actor)
    reason = " ".join(reason.split())
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=task.document_id)
        _in_review(doc)
        if task.state != TaskState.DRAFT:
            raise InvalidTransition("Chỉ xóa được nhiệm vụ đang chờ duyệt.")
        audit.record(
            actor,
            "task.removed",
            "Xóa nhiệm vụ dự thảo (không phải nhiệm vụ)." + (f" Lý do: {reason}" if reason else ""),
            document=doc,
            changes={"content": (task.content, None)},
        )
        deleted, _ = Task.objects.filter(pk=task.pk, version=version).delete()
        if deleted == 0:
            raise Conflict()


def reject_document(actor: AnyUser, doc: Document, reason: str) -> None:
    """A document in review that should not be in the register is deleted with its drafts and file."""
    _office(actor)
    reason = _reason(reason, "loại bỏ văn bản")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if locked.state != DocumentState.REVIEW:
            raise InvalidTransition(
                "Văn bản đã được duyệt không xóa được: Văn phòng có thể thu hồi văn bản (kèm lý do)."
            )
        count = locked.tasks.count()
        audit.record(
            actor,
            "document.rejected",
            f"Loại bỏ văn bản {locked} ({locked.original_name}) cùng {count} nhiệm vụ dự thảo. "
            f"Lý do: {reason}",
            document=locked,
            changes={
                "original_name": (locked.original_name, None),
                "number": (locked.number, None),
                "sha256": (locked.sha256, None),
            },
        )
        name = locked.file.name
        storage = locked.file.storage
        locked.delete()  # the drafts go with it (cascade); the audit events stay (SET_NULL)
        if name:
            transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)


def withdraw_document(actor: AnyUser, doc: Document, reason: str) -> Document:
    """A confirmed document is withdrawn: its tasks are kept, with their history, as ``da_thu_hoi``."""
    _office(actor)
    reason = _reason(reason, "thu hồi văn bản")
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if locked.state != DocumentState.CONFIRMED:
            raise InvalidTransition("Chỉ thu hồi được văn bản đã duyệt.")
        tasks = list(locked.tasks.exclude(state=TaskState.WITHDRAWN))
        for task in tasks:
            audit.record(
                actor,
                "task.withdrawn",
                f"Thu hồi cùng văn bản. Lý do: {reason}",
                task=task,
                changes={"state": (task.get_state_display(), TaskState.WITHDRAWN.label)},
            )
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
            state=TaskState.WITHDRAWN, version=_next_version(), updated_at=timezone.now()
        )
        locked.state = DocumentState.WITHDRAWN
        locked.withdrawn_by = actor if isinstance(actor, User) else None
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason
        locked.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
        audit.record(
            actor,
            "document.withdrawn",
            f"Thu hồi văn bản ({len(tasks)} nhiệm vụ). Lý do: {reason}",
            document=locked,
        )
    return locked


def _next_version() -> Any:
    return F("version") + 1


def undo_refusal(doc: Document) -> str | None:
    """Why the confirmation of ``doc`` can no longer be undone (a unit acted on a task), or None."""
    tasks = Task.objects.filter(document=doc)
    if ProgressReport.objects.filter(task__in=tasks).exists():
        return (
            "một đơn vị đã báo cáo tiến độ, báo cáo hoàn thành hoặc đề nghị chuyển một nhiệm vụ của văn bản"
        )
    if Extension.objects.filter(task__in=tasks).exists():
        return "một đơn vị đã đề nghị gia hạn một nhiệm vụ của văn bản"
    if (
        AuditEvent.objects.filter(task__in=tasks, action__in=ACTED).exists()
        or tasks.exclude(state=TaskState.IN_PROGRESS).exists()
    ):
        return "một nhiệm vụ của văn bản đã được giao lại, tạm hoãn hoặc xác nhận hoàn thành"
    return None


def undo_confirmation(actor: AnyUser, doc: Document, reason: str = "") -> Document:
    """Back to review: the tasks are drafts again. Refused once a unit has acted on any of them."""
    _office(actor)
    reason = " ".join(reason.split())
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if locked.state != DocumentState.CONFIRMED:
            raise InvalidTransition("Văn bản này chưa được duyệt: không có gì để hủy.")
        why = undo_refusal(locked)
        if why is not None:
            raise InvalidTransition(
                f"Không hủy duyệt được: {why}. Hãy sửa hoặc thu hồi văn bản thay vì hủy duyệt."
            )
        tasks = list(locked.tasks.all())
        for task in tasks:
            audit.record(
                actor,
                "task.unconfirmed",
                "Hủy duyệt: nhiệm vụ trở lại dự thảo chờ duyệt.",
                task=task,
                changes={"state": (task.get_state_display(), TaskState.DRAFT.label)},
            )
        Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
            state=TaskState.DRAFT, version=_next_version(), updated_at=timezone.now()
        )
        locked.state = DocumentState.REVIEW
        locked.confirmed_by = None
        locked.confirmed_at = None
        locked.save(update_fields=["state", "confirmed_by", "confirmed_at"])
        audit.record(
            actor,
            "document.unconfirmed",
            f"Hủy duyệt văn bản: {len(tasks)} nhiệm vụ trở lại dự thảo."
            + (f" Lý do: {reason}" if reason else ""),
            document=locked,
        )
    return locked
