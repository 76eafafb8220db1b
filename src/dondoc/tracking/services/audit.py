"""Write audit events. Every change in the register goes through ``record``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from dondoc.tracking.models import AuditEvent, Document, Task, Unit
from dondoc.tracking.services.access import AnyUser


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Unit):
        return value.name
    if hasattr(value, "pk") and hasattr(value, "__str__") and not isinstance(value, str | int | float | bool):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record(
    actor: AnyUser | None,
    action: str,
    message: str,
    *,
    task: Task | None = None,
    document: Document | None = None,
    unit: Unit | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> AuditEvent:
    user = actor if isinstance(actor, User) else None
    if document is None and task is not None:
        document = task.document
    return AuditEvent.objects.create(
        actor=user,
        action=action,
        message=message,
        task=task,
        document=document,
        unit=unit,
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
    )
