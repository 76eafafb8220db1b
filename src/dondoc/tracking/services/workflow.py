"""The task workflow.

chờ duyệt → đang thực hiện → chờ xác nhận → đã hoàn thành | thực hiện lại; plus gia hạn (extension:
the unit asks, a leader or the office decides), từ chối (the unit says the task is not its
competence; the office reassigns it) and tạm hoãn (postponed).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dondoc.tracking.models import (
    Extension,
    ExtensionDecision,
    ProgressReport,
    ReportAttachment,
    ReportKind,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.models.tasks import OPEN_STATES
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from dondoc.tracking.services.storage import display_name, stored_name
from dondoc.tracking.services.tasks import change_task

REPORTABLE = (TaskState.IN_PROGRESS, TaskState.REDO)


def _require(ok: bool, message: str | None = None) -> None:
    if not ok:
        raise Forbidden(message) if message else Forbidden()


def _state_in(task: Task, states: tuple[str, ...], what: str, version: int | None = None) -> None:
    """The state check, after the version check: a stale form is a Conflict, whatever the state now."""
    if version is not None and task.version != version:
        raise Conflict()
    if task.state not in states:
        raise InvalidTransition(f"Không thể {what}: nhiệm vụ đang ở trạng thái «{task.get_state_display()}».")


def _save_files(report: ProgressReport, files: list[UploadedFile[bytes]]) -> None:
    """Store the files; on any failure remove those already written (the transaction drops the rows)."""
    stored: list[ReportAttachment] = []
    try:
        for f in files:
            data = f.read()
            check_report_file(f.name or "tep", len(data))
            att = ReportAttachment(
                report=report,
                original_name=display_name(f.name, "tep"),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
            from django.core.files.base import ContentFile

            att.file.save(stored_name(f.name), ContentFile(data), save=False)
            stored.append(att)
            att.save()
    except BaseException:
        for att in stored:
            if att.file.name:
                att.file.storage.delete(att.file.name)
        raise


def check_report_file(name: str, size: int) -> None:
    """A report's file must be non-empty and within ``MAX_UPLOAD_BYTES``."""
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise ServiceError(
            f"Tệp «{name}» quá lớn ({size / 1048576:.1f} MB); giới hạn là {limit / 1048576:.0f} MB. "
            "Báo cáo chưa được gửi."
        )
    if size == 0:
        raise ServiceError(f"Tệp «{name}» rỗng. Báo cáo chưa được gửi.")


def report(
    actor: AnyUser,
    task: Task,
    version: int,
    kind: str,
    text: str,
    files: list[UploadedFile[bytes]] | None = None,
) -> ProgressReport:
    """A unit reports progress, reports the task done (→ chờ xác nhận), or says it is not its task."""
    _require(access.can_report(actor, task), "Chỉ đơn vị chủ trì mới báo cáo được nhiệm vụ này.")
    if not text.strip():
        raise ServiceError("Vui lòng nhập nội dung báo cáo.")
    files = files or []
    with transaction.atomic():
        if kind == ReportKind.COMPLETION:
            _state_in(task, REPORTABLE, "báo cáo hoàn thành", version)
            if not files and settings.DONDOC_COMPLETION_REQUIRES_FILE:
                raise ServiceError(
                    "Báo cáo hoàn thành cần kèm tệp kết quả (văn bản, báo cáo, biên bản hoặc hình ảnh)."
                )
            change_task(
                actor,
                task,
                version,
                "task.completion_reported",
                "Đơn vị báo cáo đã hoàn thành, chờ Văn phòng xác nhận.",
                state=TaskState.AWAITING,
                result=text.strip(),
            )
        elif kind == ReportKind.REFUSAL:
            _state_in(task, REPORTABLE, "đề nghị chuyển đơn vị", version)
            change_task(
                actor,
                task,
                version,
                "task.refused",
                "Đơn vị đề nghị chuyển nhiệm vụ (không thuộc thẩm quyền).",
                state=TaskState.REFUSED,
            )
        else:
            _state_in(task, (*REPORTABLE, TaskState.POSTPONED), "báo cáo tiến độ", version)
            change_task(actor, task, version, "task.progress_reported", "Đơn vị báo cáo tiến độ.")
        rep = ProgressReport.objects.create(
            task=task,
            kind=kind,
            text=text.strip(),
            author=actor if isinstance(actor, User) else None,
            unit=access.unit_of(actor),
        )
        _save_files(rep, files)
    return rep


def confirm_completion(actor: AnyUser, task: Task, version: int, completed_on: dt.date | None = None) -> Task:
    """The office confirms the unit's report: đã hoàn thành, on the day the unit reported it done."""
    _require(access.is_office(actor))
    _state_in(task, (TaskState.AWAITING,), "xác nhận hoàn thành", version)
    if completed_on is None:
        last = task.reports.filter(kind=ReportKind.COMPLETION).order_by("-created_at").first()
        completed_on = timezone.localdate(last.created_at) if last else timezone.localdate()
    return change_task(
        actor,
        task,
        version,
        "task.completed",
        "Văn phòng xác nhận hoàn thành.",
        state=TaskState.DONE,
        completed_on=completed_on,
    )


def return_for_redo(actor: AnyUser, task: Task, version: int, reason: str) -> Task:
    _require(access.is_office(actor))
    _state_in(task, (TaskState.AWAITING,), "trả lại", version)
    if not reason.strip():
        raise ServiceError("Vui lòng nêu lý do trả lại.")
    return change_task(
        actor,
        task,
        version,
        "task.returned",
        f"Văn phòng trả lại, yêu cầu thực hiện lại: {reason}",
        state=TaskState.REDO,
    )


def reassign(actor: AnyUser, task: Task, version: int, lead: Unit, reason: str = "") -> Task:
    _require(access.is_office(actor))
    _state_in(task, OPEN_STATES, "giao lại", version)
    return change_task(
        actor,
        task,
        version,
        "task.reassigned",
        f"Giao lại cho {lead.name}." + (f" Lý do: {reason}" if reason else ""),
        lead=lead,
        state=TaskState.IN_PROGRESS,
    )


def postpone(actor: AnyUser, task: Task, version: int, reason: str) -> Task:
    _require(access.is_office(actor))
    _state_in(task, (TaskState.IN_PROGRESS, TaskState.REDO, TaskState.REFUSED), "tạm hoãn", version)
    return change_task(
        actor, task, version, "task.postponed", f"Tạm hoãn: {reason}", state=TaskState.POSTPONED
    )


def resume(actor: AnyUser, task: Task, version: int) -> Task:
    _require(access.is_office(actor))
    _state_in(task, (TaskState.POSTPONED,), "tiếp tục", version)
    return change_task(
        actor, task, version, "task.resumed", "Tiếp tục thực hiện.", state=TaskState.IN_PROGRESS
    )


_ALREADY_PENDING = "Nhiệm vụ đã có một đề nghị gia hạn đang chờ quyết định."


def request_extension(
    actor: AnyUser, task: Task, new_deadline: dt.date, reason: str, version: int | None = None
) -> Extension:
    """Ask for a new deadline. At most one request per task waits for a decision: the task row is
    locked (``select_for_update``; SQLite's IMMEDIATE transactions serialize writers) and the
    database's partial unique index ``one_pending_extension_per_task`` refuses a second one whatever
    races. The request is a change of the task: its ``version`` goes up (``version``, when given, must
    be the one read)."""
    _require(access.can_report(actor, task), "Chỉ đơn vị chủ trì mới đề nghị gia hạn được.")
    _state_in(task, REPORTABLE, "đề nghị gia hạn", version)
    if not reason.strip():
        raise ServiceError("Vui lòng nêu lý do đề nghị gia hạn.")
    if task.deadline is not None and new_deadline <= task.deadline:
        raise ServiceError(f"Thời hạn đề nghị phải sau thời hạn hiện tại ({task.deadline:%d/%m/%Y}).")
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        _state_in(locked, REPORTABLE, "đề nghị gia hạn", version)
        if locked.extensions.filter(decision=ExtensionDecision.PENDING).exists():
            raise ServiceError(_ALREADY_PENDING)
        try:
            with transaction.atomic():
                ext = Extension.objects.create(
                    task=locked,
                    requested_by=actor if isinstance(actor, User) else None,
                    old_deadline=locked.deadline,
                    requested_deadline=new_deadline,
                    reason=reason.strip(),
                )
        except IntegrityError:
            raise ServiceError(_ALREADY_PENDING) from None
        Task.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        audit.record(
            actor,
            "extension.requested",
            f"Đề nghị gia hạn đến {new_deadline:%d/%m/%Y}: {reason.strip()}",
            task=task,
        )
    task.refresh_from_db(fields=["version", "updated_at"])
    return ext


def decide_extension(actor: AnyUser, ext: Extension, approve: bool, note: str = "") -> Extension:
    _require(access.can_decide_extension(actor), "Chỉ Lãnh đạo hoặc Văn phòng quyết định gia hạn.")
    with transaction.atomic():
        locked = Extension.objects.select_for_update().get(pk=ext.pk)
        if locked.decision != ExtensionDecision.PENDING:
            raise InvalidTransition("Đề nghị gia hạn này đã được quyết định.")
        locked.decision = ExtensionDecision.APPROVED if approve else ExtensionDecision.REJECTED
        locked.decided_by = actor if isinstance(actor, User) else None
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save()
        task = locked.task
        if approve:
            change_task(
                actor,
                task,
                task.version,
                "extension.approved",
                f"Đồng ý gia hạn đến {locked.requested_deadline:%d/%m/%Y}.",
                deadline=locked.requested_deadline,
            )
        else:
            audit.record(
                actor,
                "extension.rejected",
                "Không đồng ý gia hạn." + (f" {note.strip()}" if note.strip() else ""),
                task=task,
            )
    return locked
