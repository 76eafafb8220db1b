"""``build_report``: everything a report shows, for a period, an as-of date and a scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from dondoc.tracking.models import Document, TaskState
from dondoc.tracking.services.report.period import Period, month_end
from dondoc.tracking.services.report.scope import Reader, Scope, assigned_q, carried_over, in_period, scoped
from dondoc.tracking.services.report.tables import UnitTable, merge_tables, unit_table
from dondoc.tracking.services.report.wording import summary_lines

TREND_MONTHS = 12


@dataclass
class TrendPoint:
    year: int
    month: int
    done: int
    total: int

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def rate(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass
class Report:
    period: Period
    as_of: dt.date
    scope: Scope
    current: UnitTable  # tasks assigned in the period
    carried: UnitTable  # tồn kỳ trước
    combined: UnitTable  # both: the summary and the charts
    summary: list[str]
    trend: list[TrendPoint]

    @property
    def title(self) -> str:
        return f"Tình hình thực hiện các văn bản chỉ đạo và thông báo kết luận {self.period.label}"


def default_as_of(period: Period, today: dt.date) -> dt.date:
    """The period's last day, or today while the period runs."""
    return min(period.end, today)


def build_report(user: Reader, period: Period, as_of: dt.date, scope: Scope) -> Report:
    base = scoped(user, scope, as_of)
    end = min(period.end, as_of)
    current = unit_table(in_period(base, period.start, end), as_of)
    carried = unit_table(carried_over(base, period.start), as_of)
    combined = merge_tables(current, carried)
    return Report(
        period=period,
        as_of=as_of,
        scope=scope,
        current=current,
        carried=carried,
        combined=combined,
        summary=summary_lines(combined, current.total, carried.total),
        trend=completion_trend(user, scope, period, as_of),
    )


def completion_trend(user: Reader, scope: Scope, period: Period, as_of: dt.date) -> list[TrendPoint]:
    """For each of the last ``TREND_MONTHS`` months up to the period's end: of the tasks assigned from
    the first of those months to the end of the month, the share completed by the end of that month
    (one pass over the tasks, one pair of conditional counts per month)."""
    months = _last_months(period.end.year, period.end.month, TREND_MONTHS)
    months = [(y, m) for y, m in months if dt.date(y, m, 1) <= as_of]
    if not months:
        return []
    first = dt.date(months[0][0], months[0][1], 1)
    qs = scoped(user, scope, as_of).filter(
        document_id__in=Document.objects.filter(assigned_q("", after=first, before=as_of)).values("pk")
    )
    aggregates = {}
    for y, m in months:
        cut = min(month_end(y, m), as_of)
        assigned = assigned_q("document__", before=cut)
        done = Q(state=TaskState.DONE, completed_on__isnull=False, completed_on__lte=cut)
        aggregates[f"t{y}_{m}"] = Count("id", filter=assigned)
        aggregates[f"d{y}_{m}"] = Count("id", filter=assigned & done)
    sums = qs.aggregate(**aggregates)
    return [TrendPoint(y, m, sums[f"d{y}_{m}"], sums[f"t{y}_{m}"]) for y, m in months]


def _last_months(year: int, month: int, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]
