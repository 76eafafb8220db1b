"""The summary of a report in the wording of the office's monthly report (seed 002, section II.2).

Grid → wording (``status.Grid``, on the as-of date, over the tasks of the period and those carried
over from earlier periods):

- «Các đơn vị còn có nội dung chưa tham mưu giải quyết» = chưa hoàn thành, quá hạn (``OPEN_LATE``):
  still open after the deadline. Open tasks still within their deadline, or without one, are not a
  shortcoming and are counted in the opening line only.
- «Các đơn vị đã tham mưu nhưng quá hạn» = đã hoàn thành, quá hạn (``DONE_LATE``): completed after
  the deadline.

Counts are written with two digits ("03 nội dung"); units follow the registry order.
"""

from __future__ import annotations

from dondoc.tracking.services.report.tables import Row, UnitTable, count
from dondoc.tracking.services.status import Grid

UNRESOLVED = "Các đơn vị còn có nội dung chưa tham mưu giải quyết"
LATE_DONE = "Các đơn vị đã tham mưu nhưng quá hạn"


def opening_line(current: Row, carried: Row) -> str:
    total = current.total + carried.total
    done = current.done + carried.done
    return (
        f"- Tổng số nội dung theo dõi: {count(total)} nội dung (giao trong kỳ: {count(current.total)}; "
        f"tồn kỳ trước chuyển sang: {count(carried.total)}); đã hoàn thành: {count(done)} nội dung; "
        f"chưa hoàn thành: {count(total - done)} nội dung."
    )


def _block(title: str, table: UnitTable, cell: Grid) -> list[str]:
    rows = [r for r in table.rows if r.counts[cell]]
    total = sum(r.counts[cell] for r in rows)
    if not total:
        return [f"- {title}: không có."]
    return [f"- {title}: {count(total)} nội dung"] + [
        f"+ {r.name}: {count(r.counts[cell])} nội dung" for r in rows
    ]


def summary_lines(combined: UnitTable, current: Row, carried: Row) -> list[str]:
    """The summary paragraphs, one string each (a "-" line, then its "+" unit lines)."""
    return [
        opening_line(current, carried),
        *_block(UNRESOLVED, combined, Grid.OPEN_LATE),
        *_block(LATE_DONE, combined, Grid.DONE_LATE),
    ]
