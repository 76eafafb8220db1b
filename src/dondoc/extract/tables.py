"""Tables of tasks: "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành".

Kế hoạch appendices ("Phụ lục: Danh mục nhiệm vụ") and some Thông báo kết luận assign their tasks in a
table. A table is a task table when a header row (one of its first rows) names a content column and a
lead column (titles in ``data/tasks.yaml``, ``table_columns``); each later row is then one task: its
content is the content cell, its leads the units of the lead cell, its supports those of the support cell,
its deadline the deadline cell (where a bare "Quý II/2026" counts). A cell that Word merged with the one
above (the same lead for several rows) is absent from the row: the row takes the value above. A table
that goes on over a page break without repeating its header row (a PDF) goes on with the same columns.
A lead column titled for persons ("Người thực hiện": the members of a working group) is read as names:
each line or comma-separated part that is a name ("Ông Nguyễn Văn A") is a lead.

The header is the first row that names two columns or more, with the rows under it whose every cell is a
title (the "Chủ trì" | "Phối hợp" sub-header) or a column number ("(1) | (2) | (3)"). A cell that says
"the same as above" ("Như trên", "nt") repeats the cell above, as a merged one does. Group headings are
rows with only a content cell (see ``row_values``). A programme ("Thời gian | Nội dung | Người thực
hiện" with times of day) is not a task table.

Detection only needs the cells' places (``Paragraph.cell``), which the docx, PDF (ruled tables) and
pipe-table parsers record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from dondoc import langdata
from dondoc.langdata import LanguageDataError
from dondoc.model import Cell, Evidence, Paragraph, Unit
from dondoc.textutil import fold_words, is_upper_text

KINDS = ("content", "lead", "support", "deadline", "number", "person")
_PREFIXES = "person_prefixes"
_DITTO = "ditto"  # a cell that repeats the one above ("Như trên", "nt")
_ROLES = "person_roles"  # "Phó Giám đốc Sở": a role, not a name
_HEADER_ROWS = 3  # a header is one of the first rows (two when "Cơ quan thực hiện" has sub-columns)
_ROMAN = frozenset("IVXLC")


@cache
def _column_data() -> dict[str, list[str]]:
    data = langdata.load("tasks").get("table_columns")
    if (
        not isinstance(data, dict)
        or set(data) - {*KINDS, _PREFIXES, _DITTO, _ROLES}
        or not all(isinstance(v, list) and all(isinstance(t, str) and t for t in v) for v in data.values())
    ):
        raise LanguageDataError(
            f"tasks.yaml: 'table_columns' must map {', '.join(KINDS)} (and {_PREFIXES}, {_DITTO}, {_ROLES}) "
            "to lists"
        )
    return data


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    """(folded title, column kind), longest first."""
    data = _column_data()
    out = [(fold_words(title), kind) for kind, titles in data.items() if kind in KINDS for title in titles]
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
    persons: bool = False  # the lead column names persons ("Người thực hiện"), not units


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
        titles = 0
        for col, cell in sorted(row.items()):
            kind = column_kind(" ".join(p.text for p in cell))
            titles += kind is not None or not "".join(p.text for p in cell).strip()
            if kind is not None and kind not in found:
                found[kind] = col
        if last >= 0 and titles < len(row):
            break  # a row below the header is a header row too only when all its cells are titles
        if last < 0 and len(found) < 2:
            continue  # a header names two columns at least ("Nhiệm vụ số 3: …" alone is a data cell)
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
    if last >= 0 and last + 1 < len(rows) and _numbers_columns(rows[last + 1]):
        last += 1  # the row under the header that numbers the columns: "(1) | (2) | (3)"
    return columns, last + 1


_COLUMN_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[A-Z])\)?$")


def _numbers_columns(row: Row) -> bool:
    texts = [" ".join(p.text for p in cell).strip() for cell in row.values()]
    texts = [t for t in texts if t]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(t) for t in texts)


# A time of day ("8h00", "14 giờ 30", "07:30 - 08:00"): a programme's time column, not a deadline.
_CLOCK = re.compile(r"^\W*\d{1,2}\s*(?:h|giờ|:)\s*\d{0,2}(?:\s*(?:'|’|phút))?(?:\W|$)", re.IGNORECASE)


def _is_programme(table: TaskTable) -> bool:
    """A meeting's or event's programme ("Thời gian | Nội dung | Người thực hiện", its times of day "8h00 -
    8h30") is not a task table."""
    col = table.columns.get("deadline")
    if col is None:
        return False
    cells = [" ".join(p.text for p in row[col]) for _r, row in table.rows if row.get(col)]
    cells = [c for c in cells if c.strip()]
    return bool(cells) and 2 * sum(1 for c in cells if _CLOCK.match(c)) >= len(cells)


def find_task_tables(paragraphs: list[Paragraph]) -> list[TaskTable]:
    out: list[TaskTable] = []
    previous: tuple[int, TaskTable] | None = None
    for number, by_row in sorted(_tables(paragraphs).items()):
        rows = [(r, by_row[r]) for r in sorted(by_row)]
        columns, skip = _header([cells for _r, cells in rows])
        person = columns.pop("person", None)
        if person is not None and "lead" not in columns:
            columns["lead"] = person
        if "content" in columns and "lead" in columns:
            table = TaskTable(number, columns, rows[skip:], persons=columns["lead"] == person)
            if _is_programme(table):
                continue
        elif previous is not None and previous[0] == number - 1 and not columns:
            # the same table after a page break
            table = TaskTable(number, previous[1].columns, rows, persons=previous[1].persons)
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


@cache
def _dittos() -> frozenset[str]:
    return frozenset(fold_words(w) for w in _column_data().get(_DITTO, []))


def _is_ditto(cell: str) -> bool:
    """A cell that says "the same as above" ("Như trên", "nt", a ditto mark 〃)."""
    stripped = cell.strip(" -–.()\"'“”〃\n")
    return (not stripped and any(ch in cell for ch in '"〃”')) or fold_words(stripped) in _dittos()


def _group_heading(section: str | None, content: str, following: str | None) -> bool:
    """Is a row with only a content cell a group heading? See ``row_values``."""
    if is_upper_text(content):
        return True
    if not section:
        return False
    if set(section) <= _ROMAN or (len(section) == 1 and section.isupper()):
        return True
    return following is not None and following.startswith(section.rstrip(".") + ".")


def row_values(
    table: TaskTable,
    text: str,
    merged_cells: frozenset[Cell] = frozenset(),
    on_heading: Callable[[str], None] | None = None,
) -> list[RowValues]:
    """The rows that are tasks. A row with only a content cell is a group heading, not a task, when it is
    in capitals, numbered with a Roman numeral or a capital letter ("I | NHIỆM VỤ CHUNG", "A | …"), or
    numbered as the parent of the next row ("1 | Lĩnh vực giáo dục" above "1.1 | …")."""
    c = table.columns
    out: list[RowValues] = []
    sections = [_section(row, c.get("number")) for _number, row in table.rows]
    for i, (number, row) in enumerate(table.rows):
        content = _span(row, c["content"])
        if content is None or not text[content[0] : content[1]].strip():
            continue
        section = sections[i]
        others = [_span(row, c.get(k)) for k in ("lead", "support", "deadline")]
        bare = not any(s and text[s[0] : s[1]].strip() for s in others) and not any(
            (table.number, number, c[k]) in merged_cells for k in ("lead", "deadline") if k in c
        )
        following = next((s for s in sections[i + 1 :] if s), None)
        if bare and _group_heading(section, text[content[0] : content[1]], following):
            if on_heading is not None:
                on_heading(text[content[0] : content[1]])
            continue
        lead, support, deadline = others
        merged = frozenset(
            kind
            for kind, span in zip(("lead", "support", "deadline"), others, strict=True)
            if kind in c
            and (
                (table.number, number, c[kind]) in merged_cells
                or (span and _is_ditto(text[span[0] : span[1]]))
            )
        )
        out.append(RowValues(content, section, lead, support, deadline, merged))
    return out


# A cell of a person column splits into parts at line ends, commas, semicolons, "và" and a dash between
# spaces ("Ông A - Phó trưởng phòng"); what stands in parentheses is a role or a unit, never the name.
_PERSON_SPLIT = re.compile(r"[\n;,+•]|(?<!\w)và(?!\w)|\s[-–]\s")
_PARENTHESES = re.compile(r"\([^()]*\)?")
_NAME_WORDS = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){1,4}")


@cache
def _person_prefix() -> re.Pattern[str]:
    words = sorted(_column_data().get(_PREFIXES, []), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or "(?!)"
    return re.compile(rf"^[\s\-–.\d]*(?:(?:{alternation})(?!\w)[\s.:]*)?", re.IGNORECASE)


@cache
def _roles() -> re.Pattern[str]:
    words = sorted(_column_data().get(_ROLES, []), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or "(?!)"
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)


def _has_role(part: str) -> bool:
    return bool(_roles().search(part))


def person_spans(
    text: str, start: int, end: int, units: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """The names of persons in a cell [start, end) of a person column: each part of the cell that is two to
    five words, the first and the last capitalised, after an optional "Ông"/"Bà"/"Đồng chí", and holds no
    unit (``units``: the spans of the units the scanner found in the cell)."""
    cell = _PARENTHESES.sub(lambda m: " " * len(m.group()), text[start:end])
    out: list[tuple[int, int]] = []
    bounds = [0, *(i for m in _PERSON_SPLIT.finditer(cell) for i in (m.start(), m.end())), len(cell)]
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        part = cell[a:b]
        skip = _person_prefix().match(part)
        lead = skip.end() if skip else 0
        m = _NAME_WORDS.match(part, lead)
        if m is None or part[m.end() :].strip(" .\t"):
            continue
        words = m.group().split()
        s, e = start + a + m.start(), start + a + m.end()
        if not (words[0][0].isupper() and words[-1][0].isupper()):
            continue
        if any(us < e and ue > s for us, ue in units) or _has_role(part):
            continue
        out.append((s, e))
    return out


def person_units(text: str, spans: list[tuple[int, int]], role: str) -> list[Unit]:
    """The persons of a person column as leads (the name as written, without "Ông"/"Bà")."""
    out: list[Unit] = []
    seen: set[str] = set()
    for s, e in spans:
        name = " ".join(text[s:e].split())
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        out.append(Unit(name, text[s:e], Evidence(f"{role}:unit.generic", s, e, text[s:e]), kind="person"))
    return out
