"""The detailed annex (biểu chi tiết kèm theo Báo cáo): every task of the report, grouped by unit in
registry order, streamed in chunks so that 100,000 rows never sit in memory at once.

Columns: STT | Văn bản (số, ký hiệu, ngày) | Nội dung nhiệm vụ | Chủ trì | Phối hợp | Thời hạn |
Tình trạng | Kết quả / lý do chậm (the latest progress report, else the task's recorded result).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery

from dondoc.tracking.models import ProgressReport, Task, Unit
from dondoc.tracking.services.report.build import Report
from dondoc.tracking.services.report.scope import Reader, carried_over, in_period, scoped
from dondoc.tracking.services.report.tables import NO_LEAD, UnitTable, display_unit
from dondoc.tracking.services.status import grid_of

CHUNK = 2000
HEADERS = (
    "STT",
    "Văn bản (số, ký hiệu, ngày)",
    "Nội dung nhiệm vụ",
    "Chủ trì",
    "Phối hợp",
    "Thời hạn",
    "Tình trạng",
    "Kết quả / lý do chậm",
)
PARTS = ("A. NHIỆM VỤ GIAO TRONG KỲ", "B. NHIỆM VỤ TỒN KỲ TRƯỚC CHUYỂN SANG")


@dataclass
class Group:
    """A heading line of the annex: a part (A, B) or a unit within it."""

    text: str
    part: bool


@dataclass
class AnnexRow:
    number: int
    document: str
    content: str
    lead: str
    supports: str
    deadline: dt.date | None
    deadline_text: str
    status: str
    result: str


def document_label(task: Task) -> str:
    doc = task.document
    label = doc.number or doc.original_name
    return f"{label} ngày {doc.issued_date:%d/%m/%Y}" if doc.issued_date else label


def annex(user: Reader, report: Report) -> Iterator[Group | AnnexRow]:
    """Part A (assigned in the period) then part B (carried over), each unit's tasks under its name."""
    base = scoped(user, report.scope, report.as_of)
    end = min(report.period.end, report.as_of)
    parts = (
        (PARTS[0], in_period(base, report.period.start, end), report.current),
        (PARTS[1], carried_over(base, report.period.start), report.carried),
    )
    for title, qs, table in parts:
        if not table.rows:
            continue
        yield Group(title, part=True)
        yield from _part(qs, table, report.as_of)


def _moved(qs: QuerySet[Task], as_of: dt.date) -> dict[int, list[Task]]:
    """Open tasks still naming a unit restructured before ``as_of``: by the unit they show under.
    Few (``restructure`` moves the open tasks it finds): held in memory."""
    ended = [u for u in Unit.objects.filter(valid_to__lt=as_of) if display_unit(u, as_of) != u]
    held: dict[int, list[Task]] = {}
    if not ended:
        return held
    for task in _rows(qs.filter(lead__in=ended)):
        if not grid_of(task, as_of).done:
            target = display_unit(task.lead, as_of)
            assert target is not None
            held.setdefault(target.pk, []).append(task)
    return held


def _rows(qs: QuerySet[Task]) -> QuerySet[Task]:
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        qs.select_related("document", "lead")
        .prefetch_related("supports")
        .annotate(latest_report=Subquery(latest.values("text")[:1]))
    )


def _part(qs: QuerySet[Task], table: UnitTable, as_of: dt.date) -> Iterator[Group | AnnexRow]:
    """One ordered pass over the part's tasks (lead unit in registry order, then document date), the
    tasks moved to a successor inserted under it."""
    held = _moved(qs, as_of)
    moved_ids = {t.pk for tasks in held.values() for t in tasks}
    stream = (
        _rows(qs)
        .order_by(
            F("lead_id").asc(nulls_last=True),
            F("document__issued_date").asc(nulls_last=True),
            "document_id",
            "order",
            "id",
        )
        .iterator(chunk_size=CHUNK)
    )
    pending: Task | None = next(stream, None)
    number = 0
    for row in table.rows:
        yield Group(row.name, part=False)
        own: list[Task] = []
        while pending is not None and _before_or_at(pending.lead_id, row.unit_id):
            if pending.lead_id == row.unit_id and pending.pk not in moved_ids:
                own.append(pending)
                if len(own) >= CHUNK:
                    for task in own:
                        number += 1
                        yield _annex_row(number, task, row.unit_id, as_of)
                    own = []
            pending = next(stream, None)
        for task in [*own, *held.get(row.unit_id or 0, [])]:
            number += 1
            yield _annex_row(number, task, row.unit_id, as_of)


def _before_or_at(lead_id: int | None, unit_id: int | None) -> bool:
    """Stream order: lead ids ascending, the tasks without a lead last."""
    if unit_id is None:
        return True
    return lead_id is not None and lead_id <= unit_id


def _annex_row(number: int, task: Task, unit_id: int | None, as_of: dt.date) -> AnnexRow:
    cell = grid_of(task, as_of)
    shown = task.lead if cell.done or unit_id == task.lead_id else display_unit(task.lead, as_of)
    return AnnexRow(
        number=number,
        document=document_label(task),
        content=task.content,
        lead=shown.name if shown else NO_LEAD,
        supports="; ".join(u.name for u in task.supports.all()),
        deadline=task.deadline,
        deadline_text="" if task.deadline else (task.deadline_text or "Không thời hạn"),
        status=cell.label,
        result=(getattr(task, "latest_report", None) or task.result or "").strip(),
    )
