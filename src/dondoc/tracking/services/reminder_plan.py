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

from django.db.models import Q, QuerySet
from django.utils import timezone

from dondoc.tracking.models import ReminderPolicy, Task, TaskReason, TaskState

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


def registered_by(qs: QuerySet[Task], day: dt.date) -> QuerySet[Task]:
    """``status.official``, with the end of ``day`` as a timestamp bound: the database compares the
    column as it is instead of casting every row's timestamp to a local date (SQLite: a Python call
    per row, seconds over 100k tasks)."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return qs.exclude(state=TaskState.DRAFT).filter(
        Q(document__confirmed_at__isnull=True) | Q(document__confirmed_at__lt=end)
    )


def deadline_dates(policy: ReminderPolicy, day: dt.date) -> list[dt.date]:
    """The deadlines the policy reminds on ``day``: so many days ahead, the day itself, every
    ``overdue_every_days`` days back."""
    soon = [day + dt.timedelta(days=int(n)) for n in policy.days_before if int(n) > 0]
    return soon + ([day] if policy.on_the_day else []) + _every(day, policy.overdue_every_days)


FIELDS = ("id", "lead_id", "content", "deadline", "document__number", "document__issued_date")


def due_tasks(policy: ReminderPolicy, day: dt.date) -> list[DueTask]:
    """Every task to remind on ``day``, by lead unit, most urgent (earliest deadline) first."""
    qs = registered_by(Task.objects.filter(state__in=REMINDED_STATES, lead__isnull=False), day)
    rows = list(qs.filter(deadline__in=deadline_dates(policy, day)).values_list(*FIELDS).iterator(5000))
    step = policy.no_deadline_every_days
    if step > 0:
        # A progress request every ``step`` days since the document's confirmation (local date).
        for *row, confirmed in qs.filter(
            deadline__isnull=True, document__confirmed_at__isnull=False
        ).values_list(*FIELDS, "document__confirmed_at"):
            age = (day - timezone.localdate(confirmed)).days
            if age > 0 and age % step == 0:
                rows.append(tuple(row))
    rows.sort(key=lambda r: (r[1], r[3] is None, r[3] or day, r[0]))
    return [
        DueTask(pk, unit_id, _reason(policy, day, deadline), content, deadline, number, issued)
        for pk, unit_id, content, deadline, number, issued in rows
    ]


def by_unit(due: list[DueTask]) -> dict[int, list[DueTask]]:
    out: dict[int, list[DueTask]] = {}
    for item in due:
        out.setdefault(item.unit_id, []).append(item)
    return out
