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


def _sources(table: UnitTable, as_of: dt.date) -> dict[int | None, list[int | None]]:
    """For each displayed unit, the lead ids whose tasks may show under it (itself, and the units
    restructured into it)."""
    ids = [r.unit_id for r in table.rows if r.unit_id is not None]
    sources: dict[int | None, list[int | None]] = {r.unit_id: [r.unit_id] for r in table.rows}
    ended = Unit.objects.filter(valid_to__lt=as_of)
    for unit in ended:
        target = display_unit(unit, as_of)
        if target is not None and target.pk != unit.pk and target.pk in ids:
            sources[target.pk].append(unit.pk)
    return sources


def _part(qs: QuerySet[Task], table: UnitTable, as_of: dt.date) -> Iterator[Group | AnnexRow]:
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-id")
    rows = (
        qs.select_related("document", "lead")
        .prefetch_related("supports")
        .annotate(latest_report=Subquery(latest.values("text")[:1]))
        .order_by(F("document__issued_date").asc(nulls_last=True), "document_id", "order", "id")
    )
    sources = _sources(table, as_of)
    number = 0
    for row in table.rows:
        yield Group(row.name, part=False)
        leads = [s for s in sources[row.unit_id] if s is not None]
        unit_rows = (
            rows.filter(lead_id__in=leads) if row.unit_id is not None else rows.filter(lead__isnull=True)
        )
        for task in unit_rows.iterator(chunk_size=CHUNK):
            cell = grid_of(task, as_of)
            shown = task.lead if cell.done else display_unit(task.lead, as_of)
            if (shown.pk if shown else None) != row.unit_id:
                continue  # a done task of a restructured unit stays under that unit's own row
            number += 1
            yield AnnexRow(
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
