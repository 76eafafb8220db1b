"""The official status grid (VPCP), computed for any as-of date and never stored.

đã hoàn thành: đúng hạn / quá hạn / không thời hạn; chưa hoàn thành: trong hạn / quá hạn / không thời hạn.

Time, as the office counts it: a task is in the register on ``as_of`` from its document's **issue
date** (``Document.issued_date``); a document without one counts from its **meeting date**
(``meeting_date``, the day the conclusions were given), and a document with neither from the day the
office **confirmed** it in dondoc (``confirmed_at``). So a backlog typed in months late is counted (and
overdue) as it was on paper, not from the day it was entered, and a report as of a past date shows
exactly the tasks issued by then. Drafts (not yet confirmed) are never in the register.

Every rule exists twice: in Python (``counted_from``, ``in_register``, ``grid_of``: one task) and in SQL
(``official``, ``grid_q``, ``annotate_grid``: counts over many tasks); tests check that they agree.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from dondoc.tracking.models import Document, Task, TaskState
from dondoc.tracking.models.tasks import NOT_IN_REGISTER


class Grid(StrEnum):
    DONE_ON_TIME = "xong_dung_han"
    DONE_LATE = "xong_qua_han"
    DONE_NO_DEADLINE = "xong_khong_han"
    OPEN_IN_TIME = "chua_trong_han"
    OPEN_LATE = "chua_qua_han"
    OPEN_NO_DEADLINE = "chua_khong_han"

    @property
    def label(self) -> str:
        return GRID_LABELS[self]

    @property
    def done(self) -> bool:
        return self.value.startswith("xong")


GRID_LABELS = {
    Grid.DONE_ON_TIME: "Đã hoàn thành đúng hạn",
    Grid.DONE_LATE: "Đã hoàn thành quá hạn",
    Grid.DONE_NO_DEADLINE: "Đã hoàn thành (không thời hạn)",
    Grid.OPEN_IN_TIME: "Chưa hoàn thành, trong hạn",
    Grid.OPEN_LATE: "Chưa hoàn thành, quá hạn",
    Grid.OPEN_NO_DEADLINE: "Chưa hoàn thành (không thời hạn)",
}


def grid_of(task: Task, as_of: dt.date) -> Grid:
    done = task.state == TaskState.DONE and task.completed_on is not None and task.completed_on <= as_of
    if done:
        assert task.completed_on is not None
        if task.deadline is None:
            return Grid.DONE_NO_DEADLINE
        return Grid.DONE_ON_TIME if task.completed_on <= task.deadline else Grid.DONE_LATE
    if task.deadline is None:
        return Grid.OPEN_NO_DEADLINE
    return Grid.OPEN_IN_TIME if as_of <= task.deadline else Grid.OPEN_LATE


def counted_from(document: Document) -> dt.date | None:
    """The day a document's tasks enter the register: issue date, else meeting date, else the day it
    was confirmed (``None``: none of them known, counted on every date)."""
    if document.issued_date is not None:
        return document.issued_date
    if document.meeting_date is not None:
        return document.meeting_date
    if document.confirmed_at is not None:
        return timezone.localdate(document.confirmed_at)
    return None


def in_register(task: Task, as_of: dt.date) -> bool:
    """Python twin of ``official``: ``task`` is confirmed and counted on ``as_of``."""
    if task.state in NOT_IN_REGISTER:
        return False
    start = counted_from(task.document)
    return start is None or start <= as_of


def counted_from_expression(prefix: str = "") -> Coalesce:
    """``counted_from`` as an SQL expression over a document (``prefix``: the path to it, e.g.
    ``"document__"`` from a task)."""
    return Coalesce(
        F(f"{prefix}issued_date"),
        F(f"{prefix}meeting_date"),
        TruncDate(f"{prefix}confirmed_at"),
        output_field=DateField(),
    )


def official(qs: QuerySet[Task], as_of: dt.date | None = None) -> QuerySet[Task]:
    """Tasks the office has confirmed (drafts and withdrawn tasks are not in the register), as they stood
    on ``as_of``: those of documents counted from that day or before (``counted_from``).

    The test runs on the documents (a small table): tasks of documents that start after ``as_of`` are
    excluded by id, so that the task query needs no join and keeps using its grid indexes."""
    qs = qs.exclude(state__in=NOT_IN_REGISTER)
    if as_of is not None:
        later = Document.objects.annotate(counted_from=counted_from_expression()).filter(
            counted_from__gt=as_of
        )
        qs = qs.exclude(document_id__in=later.values("pk"))
    return qs


def grid_q(grid: Grid, as_of: dt.date) -> Q:
    """The condition of one grid cell on ``as_of``, as plain column tests (the database can
    use its deadline and state indexes); the cells are disjoint and cover every task."""
    done = Q(state=TaskState.DONE, completed_on__isnull=False, completed_on__lte=as_of)
    conditions = {
        Grid.DONE_NO_DEADLINE: done & Q(deadline__isnull=True),
        Grid.DONE_ON_TIME: done & Q(deadline__isnull=False, completed_on__lte=F("deadline")),
        Grid.DONE_LATE: done & Q(deadline__isnull=False, completed_on__gt=F("deadline")),
        Grid.OPEN_NO_DEADLINE: ~done & Q(deadline__isnull=True),
        Grid.OPEN_IN_TIME: ~done & Q(deadline__gte=as_of),
        Grid.OPEN_LATE: ~done & Q(deadline__lt=as_of),
    }
    return conditions[grid]


def annotate_grid(qs: QuerySet[Task], as_of: dt.date) -> QuerySet[Task]:
    """The grid cell of every task as an SQL expression (``grid``), for counts over many tasks."""
    return qs.annotate(
        grid=Case(*(When(grid_q(g, as_of), then=Value(g.value)) for g in Grid), output_field=CharField())
    )


def grid_counts(qs: QuerySet[Task], as_of: dt.date) -> dict[Grid, int]:
    rows = annotate_grid(official(qs, as_of), as_of).values("grid").annotate(n=Count("id"))  # type: ignore[misc]
    counts = {g: 0 for g in Grid}
    for row in rows:
        counts[Grid(row["grid"])] = row["n"]
    return counts
