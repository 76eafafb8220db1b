"""The office's review of a document's draft tasks: edit, split, merge, link mentions, confirm.

Nothing becomes official without ``confirm_document``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from dondoc.tracking.models import Document, DocumentState, FanOut, Task, TaskState, Unit, UnitKind
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from dondoc.tracking.services.registry import remember_alias
from dondoc.tracking.services.tasks import change_task

EDITABLE = (
    "content",
    "section",
    "lead",
    "co_leads",
    "supports",
    "deadline",
    "deadline_text",
    "recurring",
    "fan_out",
)


def _office(actor: AnyUser) -> None:
    if not access.is_office(actor):
        raise Forbidden()


def edit_task(actor: AnyUser, task: Task, version: int, **fields: Any) -> Task:
    """Correct a task's fields (office). Draft or official: every change is audited."""
    _office(actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ServiceError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if "content" in fields and not str(fields["content"]).strip():
        raise ServiceError("Nội dung nhiệm vụ không được để trống.")
    return change_task(actor, task, version, "task.edited", "Sửa nhiệm vụ.", **fields)


def split_task(actor: AnyUser, task: Task, version: int, parts: list[str]) -> list[Task]:
    """One task becomes several: the first part stays in ``task``, each other part is a new task."""
    _office(actor)
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        raise ServiceError("Cần ít nhất hai phần nội dung để tách nhiệm vụ.")
    with transaction.atomic():
        change_task(
            actor,
            task,
            version,
            "task.split",
            f"Tách nhiệm vụ thành {len(parts)} nhiệm vụ.",
            content=parts[0],
        )
        out = [task] + [
            _copy(actor, task, content=p, split_from=task, action="task.created_by_split") for p in parts[1:]
        ]
    return out


def merge_tasks(actor: AnyUser, tasks: list[Task], versions: dict[int, int] | None = None) -> Task:
    """Several draft tasks of one document become the first one; the others are deleted.

    ``versions`` ({task id: version read by the user}) makes the merge fail with ``Conflict`` when any
    of the tasks changed since the user saw it."""
    _office(actor)
    if versions is not None and any(versions.get(t.pk) != t.version for t in tasks):
        raise Conflict()
    if len(tasks) < 2:
        raise ServiceError("Chọn ít nhất hai nhiệm vụ để gộp.")
    if len({t.document_id for t in tasks}) != 1:
        raise ServiceError("Chỉ gộp được các nhiệm vụ của cùng một văn bản.")
    if any(t.state != TaskState.DRAFT for t in tasks):
        raise InvalidTransition("Chỉ gộp được nhiệm vụ đang chờ duyệt.")
    tasks = sorted(tasks, key=lambda t: (t.order, t.pk))
    keep, rest = tasks[0], tasks[1:]
    with transaction.atomic():
        content = "\n".join(t.content for t in tasks)
        supports = {u.pk: u for t in tasks for u in t.supports.all()}
        change_task(
            actor,
            keep,
            versions[keep.pk] if versions is not None else keep.version,
            "task.merged",
            f"Gộp {len(tasks)} nhiệm vụ thành một.",
            content=content,
            supports=list(supports.values()),
        )
        for t in rest:
            audit.record(
                actor,
                "task.deleted_by_merge",
                f"Nhiệm vụ được gộp vào nhiệm vụ #{keep.pk}.",
                document=t.document,
                changes={"content": (t.content, None)},
            )
            deleted, _ = Task.objects.filter(pk=t.pk, version=t.version).delete()
            if deleted == 0:  # changed meanwhile: roll the whole merge back
                raise Conflict()
    return keep


def link_mention(actor: AnyUser, task: Task, version: int, index: int, unit: Unit) -> Task:
    """Link an unknown mention to a registry unit; the mention is remembered as an alias."""
    _office(actor)
    items = list(task.unlinked or [])
    if not 0 <= index < len(items):
        raise ServiceError("Không tìm thấy tên đơn vị cần liên kết.")
    item = items.pop(index)
    fields: dict[str, Any] = {"unlinked": items}
    if item["role"] == "lead":
        if task.lead is None:
            fields["lead"] = unit
        else:
            fields["co_leads"] = [*task.co_leads.all(), unit]
    else:
        fields["supports"] = [*task.supports.all(), unit]
    with transaction.atomic():
        for text in {item.get("name", ""), item.get("mention", "")}:
            alias = remember_alias(unit, text) if text else None
            if alias is not None:
                audit.record(
                    actor,
                    "unit.alias_added",
                    f"Ghi nhớ «{alias.alias}» là tên gọi khác của {unit.name}.",
                    unit=unit,
                )
        return change_task(
            actor,
            task,
            version,
            "task.mention_linked",
            f"Liên kết «{item.get('mention') or item.get('name')}» với {unit.name}.",
            **fields,
        )


def create_unit_for_mention(
    actor: AnyUser, task: Task, version: int, index: int, name: str, kind: str = UnitKind.KHAC
) -> Task:
    """Create a registry unit for an unknown mention, then link it."""
    _office(actor)
    if not name.strip():
        raise ServiceError("Vui lòng nhập tên đơn vị.")
    with transaction.atomic():
        unit = Unit.objects.create(name=name.strip(), kind=kind)
        audit.record(actor, "unit.created", f"Thêm đơn vị {unit.name} vào danh mục.", unit=unit)
        return link_mention(actor, task, version, index, unit)


def _copy(actor: AnyUser, task: Task, *, action: str, **overrides: Any) -> Task:
    supports = list(task.supports.all())
    fields = {
        "document": task.document,
        "order": task.order,
        "section": task.section,
        "content": task.content,
        "lead": task.lead,
        "lead_mention": task.lead_mention,
        "support_mention": task.support_mention,
        "deadline": task.deadline,
        "deadline_text": task.deadline_text,
        "recurring": task.recurring,
        "evidence": task.evidence,
        "state": task.state,
        "fan_out": task.fan_out,
    }
    fields.update(overrides)
    new = Task.objects.create(**fields)
    new.supports.set(supports)
    audit.record(actor, action, f"Tạo nhiệm vụ #{new.pk} từ nhiệm vụ #{task.pk}.", task=new)
    return new


def fan_out(actor: AnyUser, task: Task) -> list[Task]:
    """One task per lead unit (co-leads, members of a lead group). Returns all resulting tasks."""
    units: list[Unit] = []
    for u in ([task.lead] if task.lead else []) + list(task.co_leads.all()):
        if u not in units:
            units.append(u)
    if task.lead_group is not None:
        for u in task.lead_group.members.all().order_by("name"):
            if u not in units:
                units.append(u)
    if len(units) < 2:
        return [task]
    with transaction.atomic():
        change_task(
            actor,
            task,
            task.version,
            "task.fanned_out",
            f"Tách cho từng đơn vị: {', '.join(u.name for u in units)}.",
            lead=units[0],
            co_leads=[],
        )
        out = [task] + [
            _copy(actor, task, lead=u, split_from=task, action="task.created_by_fan_out") for u in units[1:]
        ]
    return out


def _wants_fan_out(task: Task) -> bool:
    if task.fan_out == FanOut.SPLIT:
        return True
    if task.fan_out == FanOut.KEEP:
        return False
    return str(settings.DONDOC_FAN_OUT) == "split"


def without_lead(tasks: list[Task]) -> list[Task]:
    return [t for t in tasks if t.lead_id is None and t.lead_group_id is None]


def confirm_document(actor: AnyUser, doc: Document, *, assign_later: bool = False) -> Document:
    """The office confirms the reviewed drafts: they become official tasks (đang thực hiện).

    A draft without a lead unit stops the confirmation, unless the office chose ``assign_later``
    ("giao sau"): the task is then official without a lead and listed as such (see
    ``queries.without_lead``) until the office assigns it."""
    _office(actor)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=doc.pk)
        if locked.state != DocumentState.REVIEW:
            raise InvalidTransition("Văn bản này đã được duyệt.")
        drafts = list(locked.tasks.filter(state=TaskState.DRAFT))
        missing = without_lead(drafts)
        if missing and not assign_later:
            raise ServiceError(
                f"{len(missing)} nhiệm vụ chưa có đơn vị chủ trì: hãy chọn đơn vị chủ trì, hoặc chọn "
                "«Giao sau» để duyệt và theo dõi các nhiệm vụ này trong danh sách «Chưa có đơn vị chủ trì»."
            )
        for task in missing:
            audit.record(actor, "task.lead_later", "Duyệt khi chưa có đơn vị chủ trì: giao sau.", task=task)
        for task in drafts:
            for t in fan_out(actor, task) if _wants_fan_out(task) else [task]:
                change_task(
                    actor,
                    t,
                    t.version,
                    "task.confirmed",
                    "Duyệt nhiệm vụ: chính thức theo dõi.",
                    state=TaskState.IN_PROGRESS,
                )
        locked.state = DocumentState.CONFIRMED
        locked.confirmed_by = actor if isinstance(actor, User) else None
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["state", "confirmed_by", "confirmed_at"])
        audit.record(
            actor,
            "document.confirmed",
            f"Duyệt văn bản: {len(drafts)} nhiệm vụ được giao chính thức.",
            document=locked,
        )
    return locked


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (always day first); ISO accepted from forms that send it. Raises ServiceError."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ServiceError(f"Ngày «{text}» không hợp lệ: hãy nhập theo dạng ngày/tháng/năm (dd/mm/yyyy).")
