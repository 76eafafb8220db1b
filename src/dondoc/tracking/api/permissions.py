"""Who may call which API action. Thin wrappers over ``services.access``: the same rules as the web UI.

Object scoping (which tasks and documents a user sees at all) is done by the views with
``access.visible_tasks`` / ``access.visible_documents``: an object outside the scope is a 404. These
checks run after that, before the payload is read, so a forbidden action is a 403 whatever it carries;
the services check again when they act."""

from __future__ import annotations

from collections.abc import Callable

from dondoc.tracking.models import Task
from dondoc.tracking.services import access
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden

TaskRule = Callable[[AnyUser, Task], bool]


def may_import(user: AnyUser, task: Task | None = None) -> bool:
    """Push documents: the office (Văn phòng)."""
    return access.is_office(user)


def may_report(user: AnyUser, task: Task) -> bool:
    """Report progress or completion, refuse, ask for an extension: the lead unit or the office."""
    return access.can_report(user, task)


def office_only(user: AnyUser, task: Task) -> bool:
    """Edit, confirm completion, return, reassign, postpone, resume: the office."""
    return access.is_office(user)


def may_decide_extension(user: AnyUser, task: Task) -> bool:
    return access.can_decide_extension(user)


def require(rule: TaskRule, user: AnyUser, task: Task, message: str | None = None) -> None:
    if not rule(user, task):
        raise Forbidden(message) if message else Forbidden()
