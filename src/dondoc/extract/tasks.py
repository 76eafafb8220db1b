"""Task segmentation and lead/support assignment, following ``spec/extraction.md``.

Every decision is recorded: a task's ``evidence.rule`` says why the paragraph is a task, its
``lead_rule`` where the lead came from (the item itself, the enclosing heading, an intro
sentence, the single addressee), and every unit and deadline carries its span and rule.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from dondoc import langdata
from dondoc.errors import TooComplexError
from dondoc.extract.cues import Cues, cues
from dondoc.extract.deadlines import find_deadlines, is_recurring
from dondoc.extract.members import MemberLists, expand_group
from dondoc.extract.restore import analysis_text
from dondoc.extract.tables import (
    TaskTable,
    column_kind,
    find_task_tables,
    person_spans,
    person_units,
    row_values,
)
from dondoc.model import (
    Deadline,
    DocumentStructure,
    Evidence,
    Field,
    NormalizedDocument,
    Section,
    Task,
    Unit,
)
from dondoc.structure.sections import build_tree, section_number
from dondoc.textutil import VI_LOWER, VI_UPPER, fold, is_upper_text
from dondoc.units.scanner import UnitMatch, find_units, is_vague

# The punctuation is part of the match (a sentence ends after it, at ``m.start() + 1``): a pattern
# that opens with a character set lets the regex engine skip to the candidates, a look-behind does not.
_SENTENCE_END = re.compile(rf"[.!?]\s+(?=[{VI_UPPER}\"“(])|\.\s*(?=\n)")
_CHAIN = re.compile(r"^\s*(?:,|;|và|cùng|với)?\s*$", re.IGNORECASE)
_HEADING_FILLER = re.compile(rf"^{langdata.phrase_alternation('tasks', 'heading_fillers')}\s*", re.IGNORECASE)
_LEAD_IN_FILLER = re.compile(
    rf"(?<!\w)(?:{langdata.phrase_alternation('tasks', 'lead_in_fillers')})(?!\w)|[^\w\s]+", re.IGNORECASE
)
_INTRO_END = re.compile(rf"{langdata.phrase_alternation('tasks', 'intro_endings')}\s*:\s*$", re.IGNORECASE)


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


def extract_tasks(
    doc: NormalizedDocument, structure: DocumentStructure, deadline: float | None = None
) -> list[Task] | None:
    """The tasks of a document (None for a Báo cáo). ``deadline`` (``time.monotonic()``) ends the walk
    with ``TooComplexError`` when passed."""
    if structure.doc_type.value == "Báo cáo":
        return None
    text = analysis_text(doc)
    ctx = Context(
        doc=doc,
        structure=structure,
        text=text,
        cues=cues(),
        members=MemberLists(),
        meeting=_date(structure.meeting_date.value),
        issued=_date(structure.issued_date.value),
        addressee=[],
        para_starts=[p.start for p in doc.paragraphs],
        deadline=deadline,
    )
    ctx.members = MemberLists.from_document(doc, structure, lambda s, e: _units_in(ctx, s, e))
    ctx.addressee = _single_addressee(ctx)
    tables = find_task_tables(doc.paragraphs)
    for table in tables:
        ctx.table_paras |= table.paragraphs
    _walk(ctx, structure.body, Scope(), review=False)
    for note in ctx.notes:
        _date_items_from_note(ctx, note, structure.body)
    _appendix_tasks(ctx)
    if tables:
        for table in tables:
            _table_tasks(ctx, table)
        ctx.tasks.sort(key=lambda t: t.evidence.start or 0)
    return ctx.tasks


# "… Nghị định số 193 quy định:" quotes; "… nộp các nghĩa vụ theo quy định: …" lists what is required.
_QUOTATION_INTRO = re.compile(
    rf"(?<!theo\s)(?<!đúng\s){langdata.phrase_alternation('tasks', 'quotation_intros')}\s*:", re.IGNORECASE
)
# "phải chịu trách nhiệm trước pháp luật" warns of a consequence; it asks for no work.
_OBLIGATION = re.compile(
    rf"(?<!\w){langdata.phrase_alternation('tasks', 'obligation_words')}(?!\w)(?!\s+chịu\b)", re.IGNORECASE
)
_REQUEST = re.compile(r"(?<!\w)(?:đề nghị|yêu cầu|giao)\s", re.IGNORECASE)
_APPENDIX = re.compile(r"^\s*phụ lục\b", re.IGNORECASE)


def _appendix(doc: NormalizedDocument, structure: DocumentStructure) -> list[Section]:
    """The section tree of an appendix after the signature ("Phụ lục: NỘI DUNG YÊU CẦU BÁO CÁO …",
    one heading per unit): its items are tasks as in the body. Its tables are read row by row."""
    paras = doc.paragraphs
    for k in range(structure.body_end, len(paras)):
        if _APPENDIX.match(paras[k].text):
            return build_tree(paras[k + 1 :])
    return []


def _appendix_tasks(ctx: Context) -> None:
    """Tasks of an appendix: only items whose heading or text names their doer; the rest of an
    appendix describes (parameters, lists of units) and the addressee is not its subject."""
    before, addressee = len(ctx.tasks), ctx.addressee
    ctx.addressee = []
    _walk(ctx, _appendix(ctx.doc, ctx.structure), Scope(), review=False)
    ctx.tasks[before:] = [t for t in ctx.tasks[before:] if t.lead]
    ctx.addressee = addressee


def _table_tasks(ctx: Context, table: TaskTable) -> None:
    """One task per data row of a task table; a merged cell repeats the value of the row above."""
    text = ctx.doc.text
    lead: list[Unit] = []
    support: list[Unit] = []
    deadlines: list[Deadline] = []
    recurring = False
    for row in row_values(table, text, ctx.doc.merged_cells):
        start, end = row.content
        content = text[start:end]
        lead_rule = "lead.table_merged" if "lead" in row.merged else "lead.table_column"
        if "lead" not in row.merged:
            found_units = _units_in(ctx, *row.lead) if row.lead else []
            lead = _to_units(ctx, found_units, "lead")
            if table.persons and row.lead:  # "Người thực hiện": names first, else the units
                spans = person_spans(text, *row.lead, [(u.start, u.end) for u in found_units])
                lead = person_units(text, spans, "lead") or lead
        if "support" not in row.merged:
            support = _to_units(ctx, _units_in(ctx, *row.support), "support") if row.support else []
        if "deadline" not in row.merged:
            cell = text[row.deadline[0] : row.deadline[1]] if row.deadline else ""
            deadlines = (
                find_deadlines(cell, row.deadline[0], meeting=ctx.meeting, issued=ctx.issued, cell=True)
                if row.deadline
                else []
            )
            recurring = is_recurring(cell)
        found = deadlines or find_deadlines(content, start, meeting=ctx.meeting, issued=ctx.issued)
        _warn_invalid(ctx, found, row.section)
        rule = lead_rule if lead else "lead.none"
        _add_task(ctx, (start, end), row.section, lead, support, found, "task.table_row", rule, recurring)


def _field_lines(ctx: Context, node: Section) -> dict[str, tuple[Section, int]]:
    """The sub-items of ``node`` that are labelled fields, as in Kế hoạch written without a table:
    "- Cơ quan chủ trì: Sở …", "- Cơ quan phối hợp: …", "- Thời gian hoàn thành: Quý II/2025". The
    labels are the task-table column titles (tasks.yaml ``table_columns``). kind → (sub-item, offset
    of its value, after the colon)."""
    found: dict[str, tuple[Section, int]] = {}
    for child in node.children:
        start = _rest_start(child)
        raw = ctx.text[start : child.paragraph.end]
        colon = raw.find(":")
        if not 0 < colon <= 45:
            continue
        kind = column_kind(raw[:colon].strip(" -+•"))
        if kind in ("lead", "support", "deadline") and kind not in found:
            found[kind] = (child, start + colon + 1)
    return found


def _field_task(ctx: Context, node: Section, fields: dict[str, tuple[Section, int]]) -> None:
    """One task from an item and its labelled fields; its content is the item's own text."""
    start, end = _trimmed(ctx, _rest_start(node), node.paragraph.end)
    content = ctx.doc.text[start:end]

    def units(kind: str) -> list[Unit]:
        if kind not in fields:
            return []
        child, value = fields[kind]
        return _to_units(ctx, _units_in(ctx, value, child.paragraph.end), kind)

    lead, support = units("lead"), units("support")
    deadlines: list[Deadline] = []
    if "deadline" in fields:
        child, _value = fields["deadline"]
        p = child.paragraph
        deadlines = find_deadlines(
            ctx.doc.text[p.start : p.end], p.start, meeting=ctx.meeting, issued=ctx.issued
        )
    deadlines = deadlines or find_deadlines(content, start, meeting=ctx.meeting, issued=ctx.issued)
    section = section_number(node)
    _warn_invalid(ctx, deadlines, section)
    rule = "lead.field_label" if lead else "lead.none"
    _add_task(ctx, (start, end), section, lead, support, deadlines, "task.field_item", rule)


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


# -- units ------------------------------------------------------------------------------------


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


def _single_addressee(ctx: Context) -> list[Unit]:
    found: list[UnitMatch] = []
    for a in ctx.structure.addressees:
        if a.evidence and a.evidence.start is not None and a.evidence.end is not None:
            found += [u for u in _units_in(ctx, a.evidence.start, a.evidence.end) if not is_vague(u)]
    if len(ctx.structure.addressees) == 1:
        whole = _addressee_as_written(ctx, ctx.structure.addressees[0])
        if whole is not None:
            return _to_units(ctx, [whole], "lead")
    if len(found) == 1:
        return _to_units(ctx, found, "lead")
    return []


def _addressee_for_short_form(ctx: Context, lead: list[Unit]) -> list[Unit]:
    """A lead named by the first words of the single addressee ("Công ty", "các tổ chức" in a letter to
    "Công ty cổ phần …" or "Các tổ chức, cá nhân hoạt động …") refers back to it: the addressee in full."""
    if len(ctx.addressee) != 1 or len(lead) != 1:
        return lead
    full = ctx.addressee[0]
    short, whole = _article_free(lead[0].name), _article_free(full.name)
    if short != whole and whole.startswith(short + " "):
        return [full]
    return lead


def _article_free(name: str) -> str:
    words = fold(name).replace(",", " ").split()
    return " ".join(words[1:] if words[:1] == ["cac"] else words)


_ADDRESSEE_LIST_GAP = re.compile(r"[,;]|\bvà\b")


def _addressee_as_written(ctx: Context, a: Field) -> UnitMatch | None:
    """One addressee line that names a single doer the unit scanner reads only in part ("Công ty cổ
    phần …", "Chi nhánh số 1 - Công ty …", "Các tổ chức, cá nhân hoạt động khoáng sản trên địa bàn
    tỉnh"): the doer as the document names it, from the first unit (or group word) to the line's end.
    A line listing several units ("Sở A, Sở B") is not one doer."""
    ev = a.evidence
    if ev is None or ev.start is None or ev.end is None:
        return None
    start, end = _trimmed(ctx, ev.start, ev.end)
    paren = ctx.text.find("(", start, end)  # "Công ty X (để thực hiện)": the note is not the name
    if paren > start:
        end = paren
    while end > start and ctx.text[end - 1] in ".;,: ":
        end -= 1
    units = _units_in(ctx, start, end)
    if not units or (len(units) == 1 and units[0].end >= end):
        return None  # the scanner reads the whole name (or nothing): keep its canonical name
    first = units[0]
    head = ctx.text[start : first.start]
    if _strip_prefix_tail(ctx.cues, head).strip(" -+•:;,"):
        return None  # words before the unit that are not a title ("Giám đốc")
    if any(_ADDRESSEE_LIST_GAP.search(ctx.text[a_.end : b.start]) for a_, b in pairwise(units)):
        return None
    name = " ".join(ctx.doc.text[first.start : end].split())
    return UnitMatch(name, first.start, end, first.kind, "unit.addressee_as_written", first.is_group)


def _chain_ends(ctx: Context, units: list[UnitMatch]) -> list[int]:
    """For each unit, the index of the last unit of the list that begins with it ("A, B và C"), in one
    pass from the end: a sentence that names a unit thousands of times is read in linear time."""
    ends = list(range(len(units)))
    for k in range(len(units) - 2, -1, -1):
        if _CHAIN.match(ctx.text[units[k].end : units[k + 1].start]):
            ends[k] = ends[k + 1]
    return ends


_SUPPORT_AFTER = re.compile(
    rf"^\s*{langdata.phrase_alternation('tasks', 'support_after')}(?!\s+với)\b", re.IGNORECASE
)
# "Bộ Tài chính theo chức năng, nhiệm vụ được giao hướng dẫn …": the phrase between subject and verb.
_SUBJECT_ADVERBIAL = re.compile(
    rf"^\s*,?\s*{langdata.phrase_alternation('tasks', 'subject_adverbials')}\s*,?", re.IGNORECASE
)
_ISSUER_VERBS = re.compile(
    rf"^\s*(?:{langdata.phrase_alternation('tasks', 'issuer_verb_adverbs')}\s+)?"
    rf"{langdata.phrase_alternation('tasks', 'issuer_verbs')}\b",
    re.IGNORECASE,
)


def _explicit(ctx: Context, start: int, end: int) -> tuple[list[UnitMatch], list[UnitMatch], str]:
    """(lead, support, rule) stated in the span [start, end) of one sentence.

    An assignment ("giao X", "yêu cầu X", "đề nghị X") wins over a grammatical subject ("X tham
    mưu…"); units after "phối hợp với" are support; objects of "chỉ đạo"/"đôn đốc" are neither.
    """
    cached = ctx.explicit_cache.get((start, end))
    if cached is not None:
        return cached
    result = _explicit_uncached(ctx, start, end)
    ctx.explicit_cache[(start, end)] = result
    return result


def _explicit_uncached(ctx: Context, start: int, end: int) -> tuple[list[UnitMatch], list[UnitMatch], str]:
    c = ctx.cues
    units = _units_in(ctx, start, end)
    assigned: list[UnitMatch] = []
    subject: list[UnitMatch] = []
    support: list[UnitMatch] = []
    used: set[int] = set()
    ends = _chain_ends(ctx, units)
    for k, u in enumerate(units):
        if k in used:
            continue
        chain = units[k : ends[k] + 1]  # u and the units listed right after it
        before = ctx.text[max(start, u.start - 80) : u.start]
        before_noprefix = _strip_prefix_tail(c, before)[-40:]
        if c.support.start(before_noprefix) is not None:
            used.update(range(k, ends[k] + 1))
            support += chain
            continue
        triggered = c.assign.start(before_noprefix) is not None
        if not assigned and triggered and not _in_cited_title(ctx, start, u):
            used.update(range(k, ends[k] + 1))
            assigned = chain
            continue
        after = ctx.text[chain[-1].end : min(end, chain[-1].end + _WINDOW)]
        if assigned or subject:
            # "…, Công an tỉnh và UBND các xã phối hợp": units named before "phối hợp" support the lead.
            if _SUPPORT_AFTER.match(after):
                used.update(range(k, ends[k] + 1))
                support += chain
                continue
        if not subject and not assigned and _is_subject(ctx, start, end, u, after):
            used.update(range(k, ends[k] + 1))
            subject = chain
    lead, rule = (
        (assigned, "lead.assigned") if assigned else (subject, "lead.subject") if subject else ([], "")
    )
    if len(lead) > 1:
        lead = [u for u in lead if not is_vague(u)] or lead
    support = [u for u in support if not is_vague(u)]
    return lead, support, rule


_CLAUSE_OPENER = re.compile(rf"{langdata.phrase_alternation('tasks', 'clause_openers')}\b", re.IGNORECASE)
_WINDOW = 300  # characters around a unit that decide its role (its verb after it, its trigger before it)
_CITED_TITLE = re.compile(r"(?<!\w)(?:về việc|v/v)\s(?!này|đó|trên)[^;:,]*$", re.IGNORECASE)


def _in_cited_title(ctx: Context, start: int, u: UnitMatch) -> bool:
    """Is the unit inside the title of a cited document ("Quyết định số 12/QĐ-UBND về việc Ủy quyền
    cho Giám đốc Sở X …")? The trigger there names what that document did, not work given now."""
    return _CITED_TITLE.search(ctx.text[start : u.start]) is not None


def _strip_prefix_tail(c: Cues, before: str) -> str:
    """Drop title words between a trigger and the unit: "giao Bộ trưởng " → "giao "."""
    words = before[-120:].rstrip()
    for _ in range(4):
        found = c.prefix_tail.start(words[-40:])
        if found is None:
            break
        words = words[: len(words) - 40 + found if len(words) > 40 else found].rstrip()
    return words + " "


def _is_subject(ctx: Context, start: int, end: int, u: UnitMatch, after: str) -> bool:
    """Is ``u`` (with the units listed after it, followed by ``after``) the subject of its sentence?"""
    c = ctx.cues
    after = _SUBJECT_ADVERBIAL.sub("", after, count=1)
    verb_follows = bool(c.subject_verb.match(after)) or after.lstrip().startswith(":")
    before = ctx.text[max(start, u.start - _WINDOW) : u.start]
    stripped = _strip_prefix_tail(c, before).strip(" -+•:;,")
    if not stripped:
        if verb_follows:
            return True
        # "Các Bộ, …, các Tập đoàn kinh tế đến nay chưa có báo cáo …, khẩn trương gửi …"
        sentence = ctx.text[start:end]
        return (
            not _ISSUER_VERBS.match(after)
            and c.assign.start(sentence + " ") is None
            and c.subject_verb_after_comma.search(sentence) is not None
        )
    # "Trên cơ sở …, Phòng X tham mưu" — an adverbial clause, a comma, then the subject.
    # … or a topic and a colon: "Về công tác tôn giáo: Sở Dân tộc và Tôn giáo phối hợp …".
    # The clause is matched from the sentence's start: ``stripped`` keeps only its last words.
    if not (verb_follows and before.rstrip().endswith((",", ":"))):
        return False
    opener = start
    while opener < u.start and ctx.text[opener] in " -+•:;,\t\n":
        opener += 1
    return bool(_CLAUSE_OPENER.match(ctx.text, opener, u.start))


# -- walking the section tree -----------------------------------------------------------------


def _rest_start(node: Section) -> int:
    p = node.paragraph
    return p.start + (len(p.text) - len(node.heading_text)) if node.heading_text else p.end


_NAMED_DOER = re.compile(
    rf"(?P<name>[{VI_UPPER}][{VI_LOWER}]*(?:\s+[{VI_LOWER}]+){{0,3}}(?:\s+[{VI_UPPER}][{VI_LOWER}]*){{1,4}})\s*:\s*"
)


def _named_doer(ctx: Context, node: Section) -> tuple[list[UnitMatch], int | None]:
    """ "Viễn thông Lào Cai: chủ trì, phối hợp …": a proper name the unit lexicon does not know (a
    capitalised word, a few lower-case ones, then capitalised ones), a colon and the work it does (a
    subject verb). The name as written leads."""
    start = _rest_start(node)
    m = _NAMED_DOER.match(ctx.text, start, node.paragraph.end)
    if m is None or not ctx.cues.subject_verb.match(ctx.text[m.end() : node.paragraph.end]):
        return [], None
    name = UnitMatch(m.group("name"), m.start("name"), m.end("name"), "named", "unit.named_before_colon")
    return [name], start  # the name is part of the task's text


def _heading_units(ctx: Context, node: Section) -> tuple[list[UnitMatch], int | None]:
    """Units a heading names, and where its own content starts (after "X:") if it has any."""
    text = _text(ctx, node)
    start = _rest_start(node)
    c = ctx.cues
    if not text or c.directive_opener.match(text):
        return [], None
    colon = text.find(":")
    if colon < 0 and (text.rstrip().endswith((".", ";")) or (not node.children and len(text) > 150)):
        return [], None  # a sentence, not a heading
    head_end = start + colon if colon >= 0 else start + len(text)
    theo = re.search(r"\s(?:theo|tại)\s", ctx.text[start:head_end], re.IGNORECASE)
    if theo:
        head_end = start + theo.start()
    units = _units_in(ctx, start, head_end)
    if not units:
        return [], None
    # The heading must be (almost) only unit names: "2.1. Đội Thuế …", "1. Đối với các xã:".
    residue = ctx.text[start:head_end]
    for u in reversed(units):
        residue = residue[: u.start - start] + residue[u.end - start :]
    residue = re.sub(r"\btheo\b.*$", "", residue, flags=re.IGNORECASE)
    residue = _HEADING_FILLER.sub("", residue.strip(" -+•:;,.")).strip(" -+•:;,.")
    residue = re.sub(r"^(?:và|,|;|\s)+|(?:và|,|;|\s)+$", "", residue)
    if len(residue) > 12:
        return [], None
    content = (
        start + colon + 1 if colon >= 0 and ctx.text[start + colon + 1 : node.paragraph.end].strip() else None
    )
    keep = [u for u in units if not is_vague(u)] or units
    return keep, content


def _is_review_heading(ctx: Context, node: Section) -> bool:
    """ "I. ĐÁNH GIÁ CHUNG", "1. Mục đích, yêu cầu": a heading over review text or aims, not an
    item that happens to open with the same word ("1. Yêu cầu phòng X kiểm tra …")."""
    text = _text(ctx, node)
    return (
        node.kind in ("decimal", "roman", "letter")
        and bool(ctx.cues.review_heading.match(text))
        # "Yêu cầu đối với chủ đầu tư" directs; "Yêu cầu" alone states aims
        and not ctx.cues.task_heading.match(text)
        and len(text) <= 100
        and not text.rstrip().endswith((".", ";"))
        and not _has_assignment(ctx, node)
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """What a unit heading or a lead-in gives the items under it: the lead (and the rule that found
    it), the support units and the deadlines. An item that names its own lead overrides it."""

    lead: list[UnitMatch] = field(default_factory=list)
    rule: str = ""
    support: list[UnitMatch] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass(slots=True)
class _Level:
    """The walk over one list of sibling sections: what their parent gives them, and what a lead-in
    among them gives the items after it (until the next lead-in)."""

    scope: Scope
    review: bool  # under a review heading ("I. Đánh giá chung", "Ý kiến của các cơ quan")
    task_section: bool  # under a heading that holds tasks ("Nhiệm vụ, giải pháp")
    in_review: bool  # … or after a review paragraph ("Trong tuần, …") of this list
    quoted: bool = False  # inside a quotation of a legal provision (the parent's)
    intro: Scope | None = None
    requested: bool = False  # a lead-in asked for the items after it ("… đề nghị các đơn vị thực hiện:")
    quoting: bool = False  # … or after one of this list ("Khoản 1 Điều 59 Nghị định … quy định:")

    @property
    def base(self) -> Scope:
        return self.intro or self.scope


def _walk(
    ctx: Context,
    nodes: list[Section],
    scope: Scope,
    review: bool,
    task_section: bool = False,
    quoted: bool = False,
) -> None:
    level = _Level(scope, review, task_section, in_review=review, quoted=quoted, quoting=quoted)
    for node in nodes:
        if node.heading_text:
            _visit(ctx, node, level)


def _visit(ctx: Context, node: Section, level: _Level) -> None:
    if ctx.deadline is not None and time.monotonic() > ctx.deadline:
        raise TooComplexError()
    if node.paragraph.index in ctx.table_paras:  # read row by row (_table_tasks)
        _walk(ctx, node.children, level.scope, level.review, level.task_section)
        return
    if node.kind != "none":
        level.in_review = level.review
    if node.kind in ("decimal", "roman"):
        level.quoting = level.quoted  # a new numbered item ends a quotation of this list
    if _visit_fields(ctx, node, level) or _visit_unit_heading(ctx, node, level):
        return
    node_review = level.in_review or _is_review_heading(ctx, node)
    kind = _classify(ctx, node, node_review)
    if level.quoting and kind in ("task", "plain") and not _has_assignment(ctx, node):
        kind = "quotation"  # the items of a quoted provision restate the law; the quote's lead-in is the task
    if kind == "review":
        level.in_review = True
    elif kind == "intro":
        _visit_intro(ctx, node, level, node_review)
    elif kind == "note":
        ctx.notes.append(node)
    elif kind == "task" or (kind == "plain" and _plain_is_task(node, level)):
        # After a review paragraph ("Tuy nhiên, đến nay …"), one that assigns work is a task again;
        # under a review heading nothing is.
        skip = node_review and (kind != "task" or level.review or _is_review_heading(ctx, node))
        _paragraph_tasks(ctx, node, _rest_start(node), level.base, review=skip)
    if node.children:
        sub = level.base  # a lead-in's lead flows down to its items at any depth
        if kind == "heading_topic":
            lead, _s, _r = _explicit(ctx, _rest_start(node), node.paragraph.end)
            if lead:
                sub = Scope(lead, "lead.heading_assigned")
        sub_tasks = level.task_section or bool(ctx.cues.task_heading.match(_text(ctx, node)))
        quotes = level.quoting or _QUOTATION_INTRO.search(_text(ctx, node)) is not None
        _walk(ctx, node.children, sub, node_review, sub_tasks, quotes)
    if _QUOTATION_INTRO.search(_text(ctx, node)):
        level.quoting = True


def _plain_is_task(node: Section, level: _Level) -> bool:
    """A paragraph that neither opens with a directive verb nor names a doer is a task where a unit
    heading, a task heading or a lead-in gives it one; under a lead-in only as a list item ("a)", "-"):
    an unmarked paragraph there explains ("Việc hợp nhất … thực hiện theo Hướng dẫn số …") unless it
    states an obligation ("… quy định: doanh nghiệp phải lập sổ theo dõi …")."""
    if level.task_section:
        return True
    if not (level.base.lead or level.requested):
        return False
    if node.kind != "none" or level.base.rule != "lead.intro":
        return True
    return _OBLIGATION.search(node.heading_text) is not None


def _visit_fields(ctx: Context, node: Section, level: _Level) -> bool:
    """ "- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …", "- Thời gian hoàn thành: …" under an item."""
    fields = _field_lines(ctx, node) if node.children and not level.in_review else {}
    if "lead" not in fields:
        return False
    _field_task(ctx, node, fields)
    rest = [child for child in node.children if all(child is not f for f, _s in fields.values())]
    _walk(ctx, rest, level.scope, level.review, level.task_section)
    return True


def _visit_unit_heading(ctx: Context, node: Section, level: _Level) -> bool:
    """ "2.4. Phòng Y tế:" over its items; "Giao Sở Nội vụ:" before its items (a lead-in)."""
    heading, content_start = _heading_units(ctx, node)
    if not heading:
        heading, content_start = _named_doer(ctx, node)
    if not heading:
        return False
    if not node.children and content_start is None and node.heading_text.rstrip().endswith(":"):
        level.intro = Scope(heading, "lead.intro")
        return True
    if content_start is not None:
        inline = Scope(heading, "lead.heading_inline")
        _paragraph_tasks(ctx, node, content_start, inline, review=level.in_review)
    _walk(ctx, node.children, Scope(heading, "lead.heading"), level.review, level.task_section)
    return True


def _visit_intro(ctx: Context, node: Section, level: _Level, review: bool) -> None:
    """A lead-in ("Giao Sở X chủ trì, phối hợp với Sở Y:"): its lead, support and deadline flow to the
    items after it; one that states work of its own ("Giao Sở X rà soát …, cụ thể như sau:") is a task."""
    lead, support = _intro_units(ctx, node)
    own = _states_own_action(ctx, node)
    # Its deadline is the one stated with the work, after its lead ("Giao Sở X hoàn thành trước ngày …
    # các nội dung sau:"), not a date of its purpose clause ("Để … trong năm 2026, yêu cầu …:").
    after = lead[0].start if lead else _sentences(ctx, _rest_start(node), node.paragraph.end)[-1][0]
    deadlines = [d for d in _own_deadlines(ctx, node) if (d.evidence.start or 0) >= after]
    if own or review:  # the deadline is the lead-in's own task's, or a period under review
        deadlines = []
    base = level.base
    if lead or deadlines:
        level.intro = Scope(
            lead or base.lead,
            "lead.intro" if lead else base.rule,
            support or base.support,
            deadlines or base.deadlines,
        )
    level.requested = level.requested or bool(lead) or bool(_REQUEST.search(_text(ctx, node)))
    if own:
        _paragraph_tasks(ctx, node, _rest_start(node), level.base, review=review)


def _own_deadlines(ctx: Context, node: Section) -> list[Deadline]:
    start, end = _rest_start(node), node.paragraph.end
    return find_deadlines(ctx.doc.text[start:end], start, meeting=ctx.meeting, issued=ctx.issued)


_ITEM_NOTE = re.compile(
    rf"^\(\s*{langdata.phrase_alternation('tasks', 'item_note_openers')}\b", re.IGNORECASE
)
_NOTE_ITEMS = re.compile(r"(?<![\w/])([a-zđ])(?![\w/])")


def _date_items_from_note(ctx: Context, note: Section, roots: list[Section]) -> None:
    """ "(Nội dung a, b, c hoàn thành trước ngày 30/9/2025)": the note's deadline goes to the items it
    names by letter, or to every item before it in its list; an item's own deadline stays. The note
    may sit in its list or under the list's last item."""
    if not _ITEM_NOTE.match(_text(ctx, note)):
        return
    deadlines = [d for d in _own_deadlines(ctx, note) if d.date]
    if not deadlines:
        return
    head = ctx.text[_rest_start(note) : deadlines[0].evidence.start or note.paragraph.end]
    letters = set(_NOTE_ITEMS.findall(head.lower()))
    item = note.parent if note.parent is not None and note.parent.kind != "none" else note
    items = item.parent.children if item.parent is not None else roots
    for sibling in items[: items.index(item) + (item is not note)]:
        if sibling.kind == "none" or (letters and (sibling.number or "").lower() not in letters):
            continue
        first, last = sibling.paragraph.start, sibling.walk()[-1].paragraph.end
        for task in ctx.tasks:
            if first <= (task.evidence.start or -1) < last and not any(d.date for d in task.deadlines):
                task.deadlines = list(deadlines)


def _intro_units(ctx: Context, node: Section) -> tuple[list[UnitMatch], list[UnitMatch]]:
    """The lead and support a lead-in gives its items: those named in its last sentence, the one that
    ends with the colon ("Sau khi xem xét đề nghị của Sở X, UBND tỉnh giao Sở Y:" → Sở Y)."""
    sentences = _sentences(ctx, _rest_start(node), node.paragraph.end)
    if not sentences:
        return [], []
    lead, support, rule = _explicit(ctx, *sentences[-1])
    if rule == "lead.subject" and all(_is_issuer(ctx, u) for u in lead):
        return [], []  # the issuer speaking: "UBND xã ban hành Kế hoạch như sau:", "Sở X có ý kiến như sau:"
    return lead, support if lead else []


def _is_issuer(ctx: Context, u: UnitMatch) -> bool:
    """Is the unit the document's issuer, named in full or without its place ("Sở Công Thương")?"""

    def key(name: str) -> str:
        return " ".join(fold(name).replace("uy ban nhan dan", "ubnd").split())

    issuer, name = key(ctx.structure.issuer.value or ""), key(u.name)
    return bool(issuer and name) and (issuer == name or issuer.startswith(name + " "))


def _states_own_action(ctx: Context, node: Section) -> bool:
    """Does a lead-in state work of its own beyond naming who does its items? What follows its lead
    (or the whole lead-in when it names none), without unit names and the generic words of a lead-in
    ("chủ trì, phối hợp với …", "thực hiện các nội dung sau", "như sau"), must say something."""
    c = ctx.cues
    text = _text(ctx, node)
    low = text.lower()
    if c.preamble.match(text, lowered=low) or c.review_opener.match(text, lowered=low):
        return False
    if c.approval.search(text, lowered=low):
        return False
    start, end = _sentences(ctx, _rest_start(node), node.paragraph.end)[-1]
    lead, _support, rule = _explicit(ctx, start, end)
    if rule == "lead.subject" and all(_is_issuer(ctx, u) for u in lead):
        return False  # the issuer announcing: "UBND tỉnh tổ chức họp về …, cụ thể như sau:"
    if lead:
        start = lead[-1].end
    elif not c.directive_opener.match(text, lowered=low):
        return False
    residue = ctx.text[start:end]
    spans = [(u.start, u.end) for u in _units_in(ctx, start, end)]
    spans += [(d.evidence.start or start, d.evidence.end or start) for d in _own_deadlines(ctx, node)]
    for a, b in sorted((a, b) for a, b in spans if start <= a < b <= end)[::-1]:
        residue = residue[: a - start] + " " + residue[b - start :]
    return len(_LEAD_IN_FILLER.sub(" ", residue.lower()).split()) >= 3


def _text(ctx: Context, node: Section) -> str:
    """A node's text (without its marker) as the extractor reads it (diacritics restored if needed)."""
    return ctx.text[_rest_start(node) : node.paragraph.end].strip()


def _classify(ctx: Context, node: Section, review: bool) -> str:
    c = ctx.cues
    text = _text(ctx, node)
    low = text.lower()  # for the cue patterns, which run over lower-cased text
    if len(text) < 400 and text.rstrip().endswith(("./.", "/.", ".")) and c.closing.search(text, lowered=low):
        if not _names_specific_unit_assignment(ctx, node):
            return "closing"
    if len(text) < 400 and c.bare_request.search(text, lowered=low):
        return "closing"
    if c.citation.match(text, lowered=low) and not _has_assignment(ctx, node):
        return "citation"
    if c.logistics.match(text, lowered=low):
        return "label"  # "Thời gian: 9 giờ …", "Địa điểm: …", "Chủ trì: Lãnh đạo Sở": a field of a meeting
    if text.startswith("(") and text.rstrip(" .;").endswith(")"):
        return "note"  # "(Có nội dung chi tiết kèm theo)": a note on the items, not work
    lead_in = text.endswith(":") and (
        node.children or c.directive_opener.match(text, lowered=low) or _has_assignment(ctx, node)
    )
    if _ends_intro(text) or lead_in:
        return "intro"  # a lead-in: "Giao Sở X chủ trì, phối hợp với …:" followed by its items
    if node.kind == "none" and len(text) <= 120 and is_upper_text(text) and not _has_assignment(ctx, node):
        return "label"  # "PHỤ LỤC", "DANH MỤC NHIỆM VỤ": a title line, not work
    if node.children and node.kind in ("decimal", "roman", "letter") and not text.endswith("."):
        return "heading_topic"
    topic = node.children and node.kind in ("decimal", "roman") and len(text) < 200 and _TOPIC.match(text)
    if topic and not _has_assignment(ctx, node):
        return "heading_topic"  # "1. Yêu cầu đối với các tổ chức, cá nhân …." with a period, over its items
    if _only_units(ctx, node):
        return "label"  # "Sở Nông nghiệp và Môi trường, Sở Xây dựng;": a line of a list of units
    colon = text.find(":", 0, 80)  # "Công tác huấn luyện: Tổ chức …": a topic and its work, not a review
    topic_work = colon > 0 and c.directive_opener.match(text[colon + 1 :].lstrip()) is not None
    if review or (c.review_opener.match(text, lowered=low) and not topic_work):
        return "review" if not _has_assignment(ctx, node) else "task"
    if c.preamble.match(text, lowered=low):
        if _has_assignment(ctx, node):
            return "task"
        # "Căn cứ Kế hoạch này, xây dựng kế hoạch triển khai…": the clause sets the ground for a
        # directive; it is a task where a unit heading or a task section gives it a lead.
        comma = text.find(",")
        if comma > 0 and c.directive_opener.match(text[comma + 1 :].lstrip()):
            return "plain"
        return "preamble"
    opener = c.directive_opener.match(text, lowered=low) is not None
    opener = opener or c.request_verb.search(text, lowered=low) is not None  # "…, đề nghị rà soát …"
    if c.approval.search(text, lowered=low) and not opener and not _has_assignment(ctx, node):
        return "approval"
    if (
        node.kind in ("decimal", "roman")
        and not text.rstrip().endswith((".", ";"))
        and len(text) < 250
        and not opener
        and not _has_assignment(ctx, node)
    ):
        return "heading_topic"
    if opener or _has_assignment(ctx, node):
        return "task"
    if c.statement.search(text, lowered=low):
        return "statement"  # "Việc … được thực hiện theo …", "Hồ sơ … bao gồm …", "Đối với công tác X."
    return "plain"  # a task only when a unit heading or an intro gives it a lead


_TOPIC = re.compile(r"(?:về|đối với|yêu cầu đối với|trách nhiệm của|nhiệm vụ của)\s", re.IGNORECASE)
_UNIT_LIST_RESIDUE = re.compile(r"^(?:[\s,;.:\-–]|\bvà\b)*$", re.IGNORECASE)


def _only_units(ctx: Context, node: Section) -> bool:
    start, end = _rest_start(node), node.paragraph.end
    units = _units_in(ctx, start, end)
    if not units:
        return False
    residue, pos = [], start
    for u in units:
        residue.append(ctx.text[pos : u.start])
        pos = max(pos, u.end)
    residue.append(ctx.text[pos:end])
    return bool(_UNIT_LIST_RESIDUE.match(" ".join(residue)))


def _ends_intro(text: str) -> bool:
    """ "… như sau:" — only a text ending in a colon can, so only those are searched."""
    return text.rstrip().endswith(":") and bool(_INTRO_END.search(text))


def _has_assignment(ctx: Context, node: Section) -> bool:
    for s, e in _sentences(ctx, _rest_start(node), node.paragraph.end):
        lead, _support, _rule = _explicit(ctx, s, e)
        if lead:
            return True
    return False


def _names_specific_unit_assignment(ctx: Context, node: Section) -> bool:
    for s, e in _sentences(ctx, _rest_start(node), node.paragraph.end):
        lead, _support, rule = _explicit(ctx, s, e)
        if lead and rule == "lead.assigned" and not all(u.is_group for u in lead):
            return True
    return False


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


def _paragraph_tasks(ctx: Context, node: Section, start: int, scope: Scope, *, review: bool) -> None:
    """One paragraph → one task, or several when sentences assign work to different leads."""
    start, end = _trimmed(ctx, start, node.paragraph.end)
    content = ctx.doc.text[start:end]
    if not content or review:
        return
    base, base_rule = scope.lead, scope.rule
    groups: list[tuple[list[UnitMatch], str, list[UnitMatch]]] = []  # (lead, rule, support)
    current_lead, current_rule, current_support = list(base), base_rule, []
    base_names = {u.name.lower() for u in base}
    started = False
    for s, e in _sentences(ctx, start, end):
        lead, support, rule = _explicit(ctx, s, e)
        if (
            lead
            and started
            and current_lead
            and {u.name.lower() for u in lead} <= (base_names | {u.name.lower() for u in current_lead})
        ):
            current_support += support
            continue
        if lead and started and not current_lead:
            # The sentences before the assignment set the scene ("… nhất trí … giao phòng X"): one task.
            current_lead, current_rule = lead, rule
            current_support += support
            continue
        if lead and started and {u.name.lower() for u in lead} != {u.name.lower() for u in current_lead}:
            groups.append((current_lead, current_rule, current_support))
            current_lead, current_rule, current_support = lead, rule, support
            continue
        if lead and not started:
            current_lead, current_rule = lead, rule
        current_support += support
        started = True
    groups.append((current_lead, current_rule, current_support))
    deadlines = find_deadlines(content, start, meeting=ctx.meeting, issued=ctx.issued)
    deadlines = deadlines or list(scope.deadlines)
    section = section_number(node)
    _warn_invalid(ctx, deadlines, section)
    for lead, rule, support in groups:
        if base and lead == base:  # the scope's own lead: its support comes along
            support = [*support, *scope.support]
        lead_units = _to_units(ctx, lead, "lead")
        lead_rule = rule or base_rule
        if not lead_units and ctx.addressee:
            lead_units, lead_rule = list(ctx.addressee), "lead.single_addressee"
        lead_units = _addressee_for_short_form(ctx, lead_units)
        support_units = _to_units(ctx, support, "support")
        rule = lead_rule or "lead.none"
        _add_task(ctx, (start, end), section, lead_units, support_units, deadlines, "task.paragraph", rule)
