"""Which tasks the reminder policy names on a day, and why (pure queries, nothing written).

The policy (``ReminderPolicy``): ``days_before`` (default 7, 3 and 1 days before the deadline), the
deadline itself, every ``overdue_every_days`` (default 7) while overdue, and every
``no_deadline_every_days`` (default 30) since confirmation for a task without a deadline (a progress
request). Tasks in progress or to be redone are reminded; drafts, tasks awaiting the office's
confirmation, postponed, refused (the office's business) and completed ones are not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from dondoc.tracking.models import ReminderPolicy, Task, TaskReason, TaskState
from dondoc.tracking.services.status import official

REMINDED_STATES = (TaskState.IN_PROGRESS, TaskState.REDO)
#: Overdue and no-deadline reminders go back this many periods (about five years weekly).
MAX_PERIODS = 260


@dataclass(frozen=True)
class DueTask:
    task_id: int
    unit_id: int
    reason: TaskReason
    content: str
    deadline: dt.date | None
    document_number: str
    document_date: dt.date | None

    def days_left(self, day: dt.date) -> int | None:
        return None if self.deadline is None else (self.deadline - day).days


def _every(day: dt.date, step: int) -> list[dt.date]:
    return [day - dt.timedelta(days=step * k) for k in range(1, MAX_PERIODS + 1)] if step > 0 else []


def _reason(policy: ReminderPolicy, day: dt.date, deadline: dt.date | None) -> TaskReason:
    if deadline is None:
        return TaskReason.NO_DEADLINE
    if deadline == day:
        return TaskReason.DUE_TODAY
    return TaskReason.OVERDUE if deadline < day else TaskReason.DUE_SOON


def policy_q(policy: ReminderPolicy, day: dt.date) -> Q:
    """The tasks the policy reminds on ``day``, as a filter the deadline index answers."""
    soon = [day + dt.timedelta(days=int(n)) for n in policy.days_before if int(n) > 0]
    dates = soon + ([day] if policy.on_the_day else []) + _every(day, policy.overdue_every_days)
    q = Q(deadline__in=dates)
    if policy.no_deadline_every_days > 0:
        created = _every(day, policy.no_deadline_every_days)
        q |= Q(deadline__isnull=True, document__confirmed_at__date__in=created)
    return q


def due_tasks(policy: ReminderPolicy, day: dt.date) -> list[DueTask]:
    """Every task to remind on ``day``, by lead unit, most urgent (earliest deadline) first."""
    qs = official(Task.objects.filter(state__in=REMINDED_STATES, lead__isnull=False), day)
    rows = (
        qs.filter(policy_q(policy, day))
        .order_by("lead_id", "deadline", "id")
        .values_list("id", "lead_id", "content", "deadline", "document__number", "document__issued_date")
    )
    return [
        DueTask(pk, unit_id, _reason(policy, day, deadline), content, deadline, number, issued)
        for pk, unit_id, content, deadline, number, issued in rows.iterator(chunk_size=5000)
    ]


def by_unit(due: list[DueTask]) -> dict[int, list[DueTask]]:
    out: dict[int, list[DueTask]] = {}
    for item in due:
        out.setdefault(item.unit_id, []).append(item)
    return out
