"""Unit restructuring (2025: district level abolished, departments merged).

A unit is dissolved, merged into another or renamed from an effective date. Its open tasks move to
the successor with an audit event each; the old unit stays in the registry (valid until the day
before) so history keeps the old name.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from dondoc.tracking.models import Task, Unit
from dondoc.tracking.models.tasks import OPEN_STATES
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.tasks import change_task


def restructure(
    actor: AnyUser, unit: Unit, successor: Unit | None, effective: dt.date, reason: str = ""
) -> int:
    """End ``unit`` on the day before ``effective``; hand its open tasks to ``successor``.

    Returns the number of tasks moved. Without a successor (dissolved), open tasks stay and the
    office reassigns them."""
    if not access.can_manage_registry(actor):
        raise Forbidden()
    if successor is not None and successor.pk == unit.pk:
        raise ServiceError("Đơn vị kế thừa phải khác đơn vị bị sắp xếp lại.")
    moved = 0
    with transaction.atomic():
        unit.valid_to = effective - dt.timedelta(days=1)
        unit.save(update_fields=["valid_to"])
        if successor is not None:
            unit.successors.add(successor)
        what = f"chuyển cho {successor.name}" if successor else "giải thể"
        audit.record(
            actor,
            "unit.restructured",
            f"Sắp xếp lại {unit.name} từ ngày {effective:%d/%m/%Y}: {what}. {reason}".strip(),
            unit=unit,
        )
        if successor is None:
            return 0
        open_tasks = (
            Task.objects.filter(state__in=OPEN_STATES)
            .filter(Q(lead=unit) | Q(supports=unit) | Q(co_leads=unit))
            .distinct()
        )
        for task in open_tasks:
            fields: dict[str, object] = {}
            if task.lead_id == unit.pk:
                fields["lead"] = successor
            supports = list(task.supports.all())
            if unit in supports:
                fields["supports"] = list(dict.fromkeys(successor if u == unit else u for u in supports))
            co = list(task.co_leads.all())
            if unit in co:
                fields["co_leads"] = list(dict.fromkeys(successor if u == unit else u for u in co))
            change_task(
                actor,
                task,
                task.version,
                "task.unit_restructured",
                f"{unit.name} được sắp xếp lại: nhiệm vụ chuyển cho {successor.name}.",
                **fields,
            )
            moved += 1
    return moved


def rename(actor: AnyUser, unit: Unit, new_name: str, effective: dt.date) -> Unit:
    """A renamed unit is a new registry entry succeeding the old one; open tasks follow it."""
    if not access.can_manage_registry(actor):
        raise Forbidden()
    if not new_name.strip():
        raise ServiceError("Vui lòng nhập tên mới.")
    with transaction.atomic():
        new = Unit.objects.create(
            name=new_name.strip(),
            short_name="",
            kind=unit.kind,
            parent=unit.parent,
            email=unit.email,
            valid_from=effective,
        )
        audit.record(actor, "unit.created", f"Đơn vị {new.name} (đổi tên từ {unit.name}).", unit=new)
        restructure(actor, unit, new, effective, reason="Đổi tên.")
    return new
