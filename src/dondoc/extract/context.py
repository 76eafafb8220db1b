"""What the task stage shares: the document being read (Context), its paragraphs' units and sentences,
and how a task is recorded with its evidence."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from dondoc.extract.cues import Cues
from dondoc.extract.deadlines import find_deadlines, is_recurring
from dondoc.extract.members import MemberLists, expand_group
from dondoc.model import Deadline, DocumentStructure, Evidence, NormalizedDocument, Section, Task, Unit
from dondoc.textutil import VI_UPPER, fold
from dondoc.units.scanner import UnitMatch, find_units

# The punctuation is part of the match (a sentence ends after it, at ``m.start() + 1``): a pattern
# that opens with a character set lets the regex engine skip to the candidates, a look-behind does not.
_SENTENCE_END = re.compile(rf"[.!?]\s+(?=[{VI_UPPER}\"“(])|\.\s*(?=\n)")


@dataclass(slots=True)
class Context:
    doc: NormalizedDocument
    structure: DocumentStructure
    text: str  # the analysis text (same offsets as doc.text)
    cues: Cues
    members: MemberLists
    meeting: dt.date | None
    issued: dt.date | None
    addressee: list[Unit]
    tasks: list[Task] = field(default_factory=list)
    para_starts: list[int] = field(default_factory=list)
    unit_cache: dict[int, list[UnitMatch]] = field(default_factory=dict)
    explicit_cache: dict[tuple[int, int], tuple[list[UnitMatch], list[UnitMatch], str]] = field(
        default_factory=dict
    )
    sentence_cache: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)
    table_paras: set[int] = field(default_factory=set)  # paragraphs of task tables (read row by row)
    notes: list[Section] = field(default_factory=list)  # "(Nội dung a, b hoàn thành trước …)"
    deadline: float | None = None  # time.monotonic() past which the walk stops (TooComplexError)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _trimmed(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the white space at either end."""
    raw = ctx.doc.text[start:end]
    return start + len(raw) - len(raw.lstrip()), end - (len(raw) - len(raw.rstrip()))


def _add_task(
    ctx: Context,
    span: tuple[int, int],
    section: str | None,
    lead: list[Unit],
    support: list[Unit],
    deadlines: list[Deadline],
    rule: str,
    lead_rule: str,
    recurring: bool = False,
) -> None:
    """Append the task whose content is ``span``; a unit that leads is not also listed as supporting."""
    start, end = span
    content = ctx.doc.text[start:end]
    lead_names = {u.name.lower() for u in lead}
    ctx.tasks.append(
        Task(
            content=content,
            section=section,
            lead=list(lead),
            support=[u for u in support if u.name.lower() not in lead_names],
            deadlines=deadlines,
            evidence=Evidence(rule, start, end, content),
            lead_rule=lead_rule,
            recurring=recurring or is_recurring(content),
        )
    )


def _warn_invalid(ctx: Context, deadlines: list[Deadline], section: str | None) -> None:
    for d in deadlines:
        if d.period == "invalid":
            ctx.structure.warnings.append(
                f"Thời hạn không hợp lệ «{d.text}» (mục {section or '?'}): để trống."
            )


def _units_in(ctx: Context, start: int, end: int) -> list[UnitMatch]:
    """Units inside [start, end): each paragraph is scanned once, spans filter its units."""
    paras = ctx.doc.paragraphs
    first = max(0, bisect_right(ctx.para_starts, start) - 1)
    out: list[UnitMatch] = []
    for index in range(first, len(paras)):
        p = paras[index]
        if p.start >= end:
            break
        units = ctx.unit_cache.get(index)
        if units is None:
            units = find_units(ctx.text[p.start : p.end], p.start)
            ctx.unit_cache[index] = units
        out += [u for u in units if u.start >= start and u.end <= end]
    return out


def _to_units(ctx: Context, matches: list[UnitMatch], role: str) -> list[Unit]:
    out: list[Unit] = []
    seen: set[str] = set()
    for m in matches:
        team = _team_of_members(ctx, m)
        if team is not None:
            m = team
        for name, rule in expand_group(m, ctx.members):
            key = name.lower()
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Unit(
                    name=name,
                    mention=ctx.doc.text[m.start : m.end],
                    evidence=Evidence(f"{role}:{rule}", m.start, m.end, ctx.doc.text[m.start : m.end]),
                    kind=m.kind,
                    is_group=m.is_group and name == m.name,
                )
            )
    return out


def _team_of_members(ctx: Context, m: UnitMatch) -> UnitMatch | None:
    """ "các thành viên" → the working group whose members the document named before
    ("Các đồng chí thành viên Tổ công tác số 3")."""
    if not (m.is_group and fold(m.name).strip() in ("cac thanh vien", "thanh vien")):
        return None
    before = ctx.text[: m.start]
    found = None
    for hit in re.finditer(r"thành viên\s+", before, re.IGNORECASE):
        units = find_units(ctx.text[hit.end() : hit.end() + 80], hit.end())
        if units and units[0].start == hit.end() and units[0].kind in ("to", "doan", "ban"):
            found = units[0]
    if found is None:
        return None
    return UnitMatch(found.name, m.start, m.end, found.kind, "group.members_of_team")


def _rest_start(node: Section) -> int:
    p = node.paragraph
    return p.start + (len(p.text) - len(node.heading_text)) if node.heading_text else p.end


def _own_deadlines(ctx: Context, node: Section) -> list[Deadline]:
    start, end = _rest_start(node), node.paragraph.end
    return find_deadlines(ctx.doc.text[start:end], start, meeting=ctx.meeting, issued=ctx.issued)


def _text(ctx: Context, node: Section) -> str:
    """A node's text (without its marker) as the extractor reads it (diacritics restored if needed)."""
    return ctx.text[_rest_start(node) : node.paragraph.end].strip()


def _sentences(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence spans of [start, end); a paragraph is asked several times (classified, then split)."""
    cached = ctx.sentence_cache.get((start, end))
    if cached is None:
        cached = ctx.sentence_cache[(start, end)] = _split_sentences(ctx.text, start, end)
    return cached


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, max(0, start - 1), end):
        spans.append((pos, m.start() + 1))
        pos = m.end()
    spans.append((pos, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
