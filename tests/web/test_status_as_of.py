"""Time as the office counts it: a task is in the register from its document's issue date (else the
meeting date, else the confirmation date), not from the day it was typed into dondoc.

Plain ORM rows, no mocks; the module runs on SQLite and, with ``DATABASE_URL`` set, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import Document, DocumentState, Task, TaskState, Unit
from dondoc.tracking.services import queries
from dondoc.tracking.services.status import (
    Grid,
    counted_from,
    grid_counts,
    grid_of,
    in_register,
    official,
)

Login = Callable[[str], Client]
# The day the office typed the backlog in (long after the documents were issued).
ENTERED = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def document(
    name: str, issued: dt.date | None, meeting: dt.date | None = None, confirmed: dt.datetime = ENTERED
) -> Document:
    return Document.objects.create(
        file=f"documents/{name}.txt",
        original_name=f"{name}.txt",
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        size=1,
        media_type="text/plain",
        number=name,
        issued_date=issued,
        meeting_date=meeting,
        state=DocumentState.CONFIRMED,
        confirmed_at=confirmed,
    )


def task(doc: Document, lead: Unit, deadline: dt.date | None, **kw: object) -> Task:
    return Task.objects.create(
        document=doc, content=f"Nhiệm vụ của {doc.number}", lead=lead, deadline=deadline, **kw
    )


def backlog(registry: dict[str, Unit]) -> dict[str, Task]:
    """Four documents entered on 01/06/2026: issued 01/02 and 10/03, one with a meeting date only, one
    with no date at all; and one draft."""
    stc, sxd = registry["Sở Tài chính"], registry["Sở Xây dựng"]
    feb = document("10/TB-UBND", dt.date(2026, 2, 1), meeting=dt.date(2026, 1, 28))
    mar = document("20/TB-UBND", dt.date(2026, 3, 10))
    meeting = document("30/TB-UBND", None, meeting=dt.date(2026, 4, 2))
    undated = document("40/UBND", None)
    draft_doc = document("50/UBND", dt.date(2026, 1, 5))
    return {
        "feb": task(feb, stc, dt.date(2026, 2, 28), state=TaskState.IN_PROGRESS),
        "feb_done_late": task(
            feb, sxd, dt.date(2026, 2, 20), state=TaskState.DONE, completed_on=dt.date(2026, 3, 5)
        ),
        "mar": task(mar, stc, dt.date(2026, 3, 31), state=TaskState.IN_PROGRESS),
        "meeting": task(meeting, sxd, None, state=TaskState.IN_PROGRESS),
        "undated": task(undated, stc, dt.date(2026, 7, 1), state=TaskState.IN_PROGRESS),
        "draft": task(draft_doc, stc, dt.date(2026, 1, 31)),
    }


def test_counted_from_issue_then_meeting_then_confirmation(registry: dict[str, Unit]) -> None:
    tasks = backlog(registry)
    assert counted_from(tasks["feb"].document) == dt.date(2026, 2, 1)  # issue date over meeting date
    assert counted_from(tasks["meeting"].document) == dt.date(2026, 4, 2)
    assert counted_from(tasks["undated"].document) == dt.date(2026, 6, 1)


def test_late_entered_backlog_counts_from_its_issue_date(registry: dict[str, Unit]) -> None:
    tasks = backlog(registry)
    qs = Task.objects.all()
    # 15/02/2026, months before it was typed in: the February notice's tasks were already running.
    feb15 = grid_counts(qs, dt.date(2026, 2, 15))
    assert feb15[Grid.OPEN_IN_TIME] == 2 and sum(feb15.values()) == 2
    # 01/03/2026: both February deadlines passed; the one done on 05/03 was not done yet.
    mar1 = grid_counts(qs, dt.date(2026, 3, 1))
    assert mar1[Grid.OPEN_LATE] == 2 and sum(mar1.values()) == 2
    # 15/03/2026: the March notice is in, the late completion counts as done late.
    mar15 = grid_counts(qs, dt.date(2026, 3, 15))
    assert mar15 == {**{g: 0 for g in Grid}, Grid.OPEN_LATE: 1, Grid.DONE_LATE: 1, Grid.OPEN_IN_TIME: 1}
    # The day it was typed in: the meeting-only notice (02/04) and the undated one (confirmed 01/06).
    jun1 = grid_counts(qs, dt.date(2026, 6, 1))
    assert jun1[Grid.OPEN_NO_DEADLINE] == 1 and jun1[Grid.OPEN_IN_TIME] == 1
    assert sum(jun1.values()) == 5  # the draft never
    assert not in_register(tasks["draft"], dt.date(2026, 6, 1))


def test_past_as_of_dates_show_the_tasks_issued_by_then(registry: dict[str, Unit]) -> None:
    tasks = backlog(registry)
    expected = {
        dt.date(2026, 1, 31): set(),
        dt.date(2026, 2, 1): {"feb", "feb_done_late"},
        dt.date(2026, 3, 9): {"feb", "feb_done_late"},
        dt.date(2026, 3, 10): {"feb", "feb_done_late", "mar"},
        dt.date(2026, 4, 2): {"feb", "feb_done_late", "mar", "meeting"},
        dt.date(2026, 6, 1): {"feb", "feb_done_late", "mar", "meeting", "undated"},
    }
    for day, names in expected.items():
        got = set(official(Task.objects.all(), day).values_list("pk", flat=True))
        assert got == {tasks[n].pk for n in names}, day
        # The Python twin agrees with the SQL.
        python = {t.pk for t in Task.objects.select_related("document") if in_register(t, day)}
        assert python == got, day
        # And so does the dashboard's per-cell aggregate.
        counts = grid_counts(Task.objects.all(), day)
        by_python = {g: sum(1 for n in names if grid_of(tasks[n], day) == g) for g in Grid}
        assert counts == by_python, day


def _cells(html: str) -> dict[str, int]:
    found = re.findall(
        r'data-grid="(\w+)"[^>]*>\s*<span class="label">[^<]*</span>\s*<span class="n">(\d+)<', html
    )
    assert len(found) == len(Grid)
    return {g: int(n) for g, n in found}


def test_dashboard_and_task_list_use_the_issue_date(registry: dict[str, Unit], login: Login) -> None:
    tasks = backlog(registry)
    office = login("vanphong")
    shown = _cells(office.get(reverse("tracking:dashboard"), {"ngay": "01/03/2026"}).content.decode())
    assert shown["chua_qua_han"] == 2 and sum(shown.values()) == 2
    listed = office.get(reverse("tracking:task_list"), {"o": "chua_qua_han", "ngay": "15/03/2026"})
    assert [t.pk for t in listed.context["page"].object_list] == [tasks["feb"].pk]
    d = queries.compute_dashboard(User.objects.get(username="vanphong"), dt.date(2026, 2, 25))
    # Due within a week of 25/02/2026: the February notice's open task (28/02), from its issue date.
    assert [t.pk for t in d.due_soon] == [tasks["feb"].pk]


def test_a_document_issued_in_the_future_is_not_counted_yet(registry: dict[str, Unit]) -> None:
    """An issue date after today (a notice entered ahead of its date) enters the register that day."""
    ahead = document("99/TB-UBND", dt.date(2026, 12, 20), confirmed=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    t = task(ahead, registry["Sở Tài chính"], dt.date(2027, 1, 10), state=TaskState.IN_PROGRESS)
    assert not official(Task.objects.filter(pk=t.pk), dt.date(2026, 12, 19)).exists()
    assert official(Task.objects.filter(pk=t.pk), dt.date(2026, 12, 20)).exists()
