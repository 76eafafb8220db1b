"""Repeated directives: a new document gives a unit a task it was already given in an earlier one.

A candidate is an earlier official task (another, earlier document) with the same lead unit and a
similar content: both folded (no diacritics, no punctuation) and compared with rapidfuzz's
``token_set_ratio`` (word order and extra words matter little), at least ``THRESHOLD``. The office
links the new task to the earlier one (``Task.repeat_of``); a linked task is "nhắc lại lần N" where
N counts the earlier tasks of its chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from rapidfuzz import fuzz, process

from dondoc.textutil import fold_words
from dondoc.tracking.models import Task, TaskState
from dondoc.tracking.services import access
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.tasks import change_task

THRESHOLD = 80.0
MAX_CHAIN = 50


@dataclass(frozen=True)
class Candidate:
    task: Task
    score: float


def candidates(task: Task, limit: int = 3) -> list[Candidate]:
    """Earlier tasks of the same lead that ``task`` seems to repeat, best first."""
    if task.lead_id is None:
        return []
    earlier = (
        Task.objects.filter(lead_id=task.lead_id)
        .exclude(state=TaskState.DRAFT)
        .exclude(document=task.document)
    )
    if task.document.issued_date is not None:
        earlier = earlier.exclude(document__issued_date__gt=task.document.issued_date)
    pool = dict(earlier.values_list("id", "search_key"))
    if not pool:
        return []
    found = process.extract(
        fold_words(task.content), pool, scorer=fuzz.token_set_ratio, score_cutoff=THRESHOLD, limit=limit
    )
    tasks = Task.objects.select_related("document").in_bulk([pk for _, _, pk in found])
    return [Candidate(tasks[pk], score) for _, score, pk in found if pk in tasks]


def earlier_chain(task: Task) -> list[Task]:
    """The tasks ``task`` repeats, nearest first (``repeat_of``, its ``repeat_of``, …)."""
    chain: list[Task] = []
    seen = {task.pk}
    current = task
    while current.repeat_of_id is not None and current.repeat_of_id not in seen and len(chain) < MAX_CHAIN:
        current = Task.objects.select_related("document").get(pk=current.repeat_of_id)
        seen.add(current.pk)
        chain.append(current)
    return chain


def repeat_number(task: Task) -> int:
    """N in "nhắc lại lần N" (0: not a repeat)."""
    return len(earlier_chain(task))


def link_repeat(actor: AnyUser, task: Task, earlier: Task) -> Task:
    if not access.is_office(actor):
        raise Forbidden("Chỉ Văn phòng được liên kết nhiệm vụ nhắc lại.")
    if earlier.pk == task.pk or task.pk in {t.pk for t in earlier_chain(earlier)}:
        raise ServiceError("Không thể liên kết: hai nhiệm vụ sẽ nhắc lại lẫn nhau.")
    n = repeat_number(earlier) + 1
    return change_task(
        actor, task, task.version, "task.repeat_linked",
        f"Liên kết nhiệm vụ nhắc lại (lần {n}) nhiệm vụ #{earlier.pk} của văn bản {earlier.document}.",
        repeat_of=earlier,
    )  # fmt: skip


def count_repeats(qs: QuerySet[Task]) -> dict[int | None, int]:
    """For the report: how many tasks of ``qs`` repeat an earlier one, by lead unit."""
    rows = qs.filter(repeat_of__isnull=False).values("lead_id").annotate(n=Count("id"))
    return {r["lead_id"]: r["n"] for r in rows}
