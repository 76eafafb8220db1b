"""Tables of tasks: "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành".

Kế hoạch appendices ("Phụ lục: Danh mục nhiệm vụ") and some Thông báo kết luận assign their tasks in a
table. A table is a task table when a header row (one of its first rows) names a content column and a
lead column (titles in ``data/tasks.yaml``, ``table_columns``); each later row is then one task: its
content is the content cell, its leads the units of the lead cell, its supports those of the support cell,
its deadline the deadline cell (where a bare "Quý II/2026" counts). A cell that Word merged with the one
above (the same lead for several rows) is absent from the row: the row takes the value above. A table
that goes on over a page break without repeating its header row (a PDF) goes on with the same columns.

Detection only needs the cells' places (``Paragraph.cell``), which the docx, PDF (ruled tables) and
pipe-table parsers record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from dondoc import langdata
from dondoc.langdata import LanguageDataError
from dondoc.model import Cell, Paragraph
from dondoc.textutil import fold_words, is_upper_text

KINDS = ("content", "lead", "support", "deadline", "number")
_HEADER_ROWS = 3  # a header is one of the first rows (two when "Cơ quan thực hiện" has sub-columns)
_ROMAN = frozenset("IVXLC")


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    """(folded title, column kind), longest first."""
    data = langdata.load("tasks").get("table_columns")
    if not isinstance(data, dict) or set(data) - set(KINDS):
        raise LanguageDataError(f"tasks.yaml: 'table_columns' must map {', '.join(KINDS)} to lists")
    out = [(fold_words(title), kind) for kind, titles in data.items() for title in titles]
    return tuple(sorted(out, key=lambda t: len(t[0]), reverse=True))


def column_kind(title: str) -> str | None:
    """What a column holds, from its title ("Cơ quan chủ trì" → "lead"); None for any other title."""
    key = fold_words(title).strip(" .:*")
    for prefix, kind in _titles():
        if key == prefix or key.startswith(prefix + " ") or key.startswith(prefix + ","):
            return kind
    return None


Row = dict[int, list[Paragraph]]  # column → the cell's paragraphs (a merged-away cell is absent)


@dataclass(slots=True)
class TaskTable:
    number: int
    columns: dict[str, int]  # kind → column
    rows: list[tuple[int, Row]]  # the data rows (row number, cells), in order
    paragraphs: set[int] = field(default_factory=set)  # indexes of every paragraph of the table


def _tables(paragraphs: list[Paragraph]) -> dict[int, dict[int, Row]]:
    tables: dict[int, dict[int, Row]] = {}
    for p in paragraphs:
        if p.cell is not None:
            table, row, col = p.cell
            tables.setdefault(table, {}).setdefault(row, {}).setdefault(col, []).append(p)
    return tables


def _header(rows: list[Row]) -> tuple[dict[str, int], int]:
    """The columns named by the header rows, and the number of header rows."""
    columns: dict[str, int] = {}
    last = -1
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        found = {}
        for col, cell in sorted(row.items()):
            kind = column_kind(" ".join(p.text for p in cell))
            if kind is not None and kind not in found:
                found[kind] = col
        if found:
            # The first row names a column once; only the lead may be named again below, where
            # "Cơ quan thực hiện" spans the sub-columns "Chủ trì" and "Phối hợp".
            lead = found.pop("lead", None)
            columns = {**found, **columns}
            if lead is not None:
                columns["lead"] = lead
            last = index
        elif last >= 0:
            break
    return columns, last + 1


def find_task_tables(paragraphs: list[Paragraph]) -> list[TaskTable]:
    out: list[TaskTable] = []
    previous: tuple[int, TaskTable] | None = None
    for number, by_row in sorted(_tables(paragraphs).items()):
        rows = [(r, by_row[r]) for r in sorted(by_row)]
        columns, skip = _header([cells for _r, cells in rows])
        if "content" in columns and "lead" in columns:
            table = TaskTable(number, columns, rows[skip:])
        elif previous is not None and previous[0] == number - 1 and not columns:
            table = TaskTable(number, previous[1].columns, rows)  # the same table after a page break
        else:
            continue
        table.paragraphs = {p.index for _r, row in rows for cell in row.values() for p in cell}
        out.append(table)
        previous = (number, table)
    return out


@dataclass(slots=True)
class RowValues:
    """One data row as spans of the normalized text: what the task builder needs."""

    content: tuple[int, int]
    section: str | None
    lead: tuple[int, int] | None  # None: an empty cell
    support: tuple[int, int] | None
    deadline: tuple[int, int] | None
    merged: frozenset[str] = frozenset()  # the kinds whose cell is merged with the one above


def _span(row: Row, col: int | None) -> tuple[int, int] | None:
    cell = row.get(col) if col is not None else None
    return (cell[0].start, cell[-1].end) if cell else None


def _section(row: Row, col: int | None) -> str | None:
    cell = row.get(col, []) if col is not None else []
    return " ".join(p.text for p in cell).strip(" .)") or None


def row_values(
    table: TaskTable,
    text: str,
    merged_cells: frozenset[Cell] = frozenset(),
    on_heading: Callable[[str], None] | None = None,
) -> list[RowValues]:
    """The rows that are tasks. A row with only a content cell in capitals or numbered with a Roman
    numeral ("I | NHIỆM VỤ CHUNG") is a group heading, not a task."""
    c = table.columns
    out: list[RowValues] = []
    for number, row in table.rows:
        content = _span(row, c["content"])
        if content is None or not text[content[0] : content[1]].strip():
            continue
        section = _section(row, c.get("number"))
        others = [_span(row, c.get(k)) for k in ("lead", "support", "deadline")]
        bare = not any(s and text[s[0] : s[1]].strip() for s in others) and not any(
            (table.number, number, c[k]) in merged_cells for k in ("lead", "deadline") if k in c
        )
        roman = bool(section) and set(section or "") <= _ROMAN
        if bare and (roman or is_upper_text(text[content[0] : content[1]])):
            if on_heading is not None:
                on_heading(text[content[0] : content[1]])
            continue
        lead, support, deadline = others
        merged = frozenset(
            kind
            for kind in ("lead", "support", "deadline")
            if kind in c and (table.number, number, c[kind]) in merged_cells
        )
        out.append(RowValues(content, section, lead, support, deadline, merged))
    return out
