"""Changing a task: optimistic locking and the audit event, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dondoc.textutil import fold_words
from dondoc.tracking.models import Task, Unit
from dondoc.tracking.services import audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Conflict

M2M_FIELDS = ("supports", "co_leads")


def change_task(
    actor: AnyUser | None,
    task: Task,
    version: int,
    action: str,
    message: str,
    **fields: Any,
) -> Task:
    """Apply ``fields`` to ``task`` if nobody changed it since ``version`` was read; else ``Conflict``.

    Many-to-many fields (``supports``, ``co_leads``) take a list of units."""
    plain = {k: v for k, v in fields.items() if k not in M2M_FIELDS}
    if "content" in plain:
        plain["search_key"] = fold_words(str(plain["content"]))
    m2m = {k: v for k, v in fields.items() if k in M2M_FIELDS}
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in plain.items():
        old = getattr(task, name)
        if old != new and name != "search_key":
            changes[name] = (old, new)
    for name, units in m2m.items():
        old_units = sorted(getattr(task, name).all(), key=lambda u: u.pk)
        new_units = sorted(units, key=lambda u: u.pk)
        if old_units != new_units:
            changes[name] = ([u.name for u in old_units], [u.name for u in new_units])
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, version=version).update(
            version=F("version") + 1, updated_at=timezone.now(), **plain
        )
        if updated == 0:
            raise Conflict()
        for name, units in m2m.items():
            getattr(task, name).set(units)
        audit.record(actor, action, message, task=task, changes=changes)
    task.refresh_from_db()
    return task


def unit_names(units: list[Unit]) -> str:
    return ", ".join(u.name for u in units) or "—"
