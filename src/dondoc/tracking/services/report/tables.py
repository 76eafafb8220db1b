"""The per-unit table of a report and the ageing of overdue tasks, aggregated in SQL (one GROUP BY
over the lead unit), from the official grid (``status.grid_q``), never stored.

Units are listed in the registry's order (the order they were entered in the registry: ``Unit.id``),
the tasks without a lead unit last. A unit restructured before the as-of date shows its open tasks
under its successor (``registry.current_successor``); what it completed stays under its own name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from dondoc.tracking.models import Task, Unit
from dondoc.tracking.services.registry import current_successor
from dondoc.tracking.services.status import Grid, grid_q

NO_LEAD = "(Chưa xác định đơn vị chủ trì)"
# Ageing of overdue open tasks: days past the deadline on the as-of date.
AGEING = (
    ("1–30 ngày", 1, 30),
    ("31–60 ngày", 31, 60),
    ("61–120 ngày", 61, 120),
    ("Trên 120 ngày", 121, None),
)
DONE_CELLS = (Grid.DONE_ON_TIME, Grid.DONE_LATE, Grid.DONE_NO_DEADLINE)
OPEN_CELLS = (Grid.OPEN_IN_TIME, Grid.OPEN_LATE, Grid.OPEN_NO_DEADLINE)
TABLE_CELLS = DONE_CELLS + OPEN_CELLS  # the column order of the per-unit table


@dataclass
class Row:
    unit_id: int | None
    name: str
    counts: dict[Grid, int] = field(default_factory=lambda: {g: 0 for g in Grid})
    ageing: list[int] = field(default_factory=lambda: [0] * len(AGEING))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.counts[g] for g in DONE_CELLS)

    @property
    def open(self) -> int:
        return sum(self.counts[g] for g in OPEN_CELLS)

    @property
    def due(self) -> int:
        """Tasks whose deadline has come or that were completed with a deadline: the base of the
        on-time rate (done on time + done late + open overdue)."""
        return self.counts[Grid.DONE_ON_TIME] + self.counts[Grid.DONE_LATE] + self.counts[Grid.OPEN_LATE]

    @property
    def completion_rate(self) -> float | None:
        """Tỷ lệ hoàn thành = đã hoàn thành / tổng số."""
        return self.done / self.total if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        """Tỷ lệ đúng hạn = hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành quá hạn + chưa
        hoàn thành quá hạn): of the tasks that had to be done by now, the share done in time."""
        return self.counts[Grid.DONE_ON_TIME] / self.due if self.due else None

    def add(self, other: Row) -> None:
        for g in Grid:
            self.counts[g] += other.counts[g]
        self.ageing = [a + b for a, b in zip(self.ageing, other.ageing, strict=True)]


@dataclass
class UnitTable:
    rows: list[Row]

    @property
    def total(self) -> Row:
        total = Row(None, "Tổng cộng")
        for row in self.rows:
            total.add(row)
        return total


def merge_tables(*tables: UnitTable) -> UnitTable:
    """The rows of several tables added up unit by unit (registry order)."""
    merged: dict[int | None, Row] = {}
    for table in tables:
        for row in table.rows:
            merged.setdefault(row.unit_id, Row(row.unit_id, row.name)).add(row)
    return UnitTable(sorted(merged.values(), key=_registry_order))


def _registry_order(row: Row) -> tuple[bool, int]:
    return (row.unit_id is None, row.unit_id or 0)


def _ageing_q(as_of: dt.date, low: int, high: int | None) -> Q:
    q = grid_q(Grid.OPEN_LATE, as_of) & Q(deadline__lte=as_of - dt.timedelta(days=low))
    if high is not None:
        q &= Q(deadline__gte=as_of - dt.timedelta(days=high))
    return q


def unit_table(qs: QuerySet[Task], as_of: dt.date) -> UnitTable:
    """One aggregate: the six grid cells and the four ageing bands of every lead unit."""
    aggregates = {g.value: Count("id", filter=grid_q(g, as_of)) for g in Grid}
    for i, (_, low, high) in enumerate(AGEING):
        aggregates[f"age{i}"] = Count("id", filter=_ageing_q(as_of, low, high))
    raw: dict[int | None, Row] = {}
    records: Any = qs.order_by().values("lead_id").annotate(**aggregates)
    for rec in records:
        row = raw.setdefault(rec["lead_id"], Row(rec["lead_id"], NO_LEAD))
        for g in Grid:
            row.counts[g] += rec[g.value]
        row.ageing = [a + rec[f"age{i}"] for i, a in enumerate(row.ageing)]
    return UnitTable(_arrange(raw, as_of))


def _arrange(raw: dict[int | None, Row], as_of: dt.date) -> list[Row]:
    """Rows by display unit: open cells of a restructured unit move to its successor; registry order."""
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[k for k in raw if k is not None])}
    rows: dict[int | None, Row] = {}
    for unit_id, row in raw.items():
        unit = units.get(unit_id) if unit_id is not None else None
        own = rows.setdefault(unit_id, Row(unit_id, unit.name if unit else NO_LEAD))
        target = display_unit(unit, as_of)
        for g in DONE_CELLS:
            own.counts[g] += row.counts[g]
        dest = own
        if target is not None and unit is not None and target.pk != unit.pk:
            dest = rows.setdefault(target.pk, Row(target.pk, target.name))
        for g in OPEN_CELLS:
            dest.counts[g] += row.counts[g]
        dest.ageing = [a + b for a, b in zip(dest.ageing, row.ageing, strict=True)]
    kept = [r for r in rows.values() if r.total]
    return sorted(kept, key=_registry_order)


def display_unit(unit: Unit | None, as_of: dt.date) -> Unit | None:
    """The unit an open task of ``unit`` is shown under on ``as_of`` (its successor if it ended)."""
    if unit is None or unit.valid_to is None or unit.valid_to >= as_of:
        return unit
    return current_successor(unit, as_of)


def count(n: int) -> str:
    """Counts as the office writes them: two digits at least ("03 nội dung")."""
    return f"{n:02d}"


def percent(rate: float | None) -> str:
    """``75,0%`` (decimal comma); ``-`` when there is nothing to divide."""
    return "-" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")
