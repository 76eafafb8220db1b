"""The walk over the section tree: each item gets the scope (lead, support, deadlines) of its unit
heading or lead-in, and each paragraph that directs becomes one task per lead."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from dondoc import langdata
from dondoc.errors import TooComplexError
from dondoc.extract.addressee import _addressee_for_short_form
from dondoc.extract.classify import (
    _OBLIGATION,
    _QUOTATION_INTRO,
    _REQUEST,
    _classify,
    _has_assignment,
    _heading_units,
    _is_review_heading,
    _named_doer,
    _states_own_action,
)
from dondoc.extract.context import (
    Context,
    _add_task,
    _own_deadlines,
    _rest_start,
    _sentences,
    _text,
    _to_units,
    _trimmed,
    _units_in,
    _warn_invalid,
)
from dondoc.extract.deadlines import find_deadlines
from dondoc.extract.roles import _explicit, _intro_units
from dondoc.extract.tables import column_kind
from dondoc.model import Deadline, Section, Unit
from dondoc.structure.sections import section_number
from dondoc.units.scanner import UnitMatch


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
    logistics: bool = False  # under a field of a meeting or inspection ("Thành phần:", "Nội dung kiểm tra:")

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
    logistics: bool = False,
) -> None:
    level = _Level(
        scope, review, task_section, in_review=review, quoted=quoted, quoting=quoted, logistics=logistics
    )
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
    if (
        level.logistics
        or ctx.cues.logistics.match(_text(ctx, node))
        or ctx.cues.detail.match(_text(ctx, node))
    ):
        _visit_logistics(ctx, node, level)
        return
    if _visit_fields(ctx, node, level) or _visit_unit_heading(ctx, node, level):
        return
    node_review = level.in_review or _is_review_heading(ctx, node)
    kind = _classify(ctx, node, node_review)
    intro: Scope | None = None
    if level.quoting and kind in ("task", "plain") and not _has_assignment(ctx, node):
        kind = "quotation"  # the items of a quoted provision restate the law; the quote's lead-in is the task
    if kind == "review":
        level.in_review = True
    elif kind == "intro":
        intro = _visit_intro(ctx, node, level, node_review)
    elif kind == "note":
        ctx.notes.append(node)
    elif kind == "task" or (kind == "plain" and _plain_is_task(node, level)):
        # After a review paragraph ("Tuy nhiên, đến nay …"), one that assigns work is a task again;
        # under a review heading nothing is.
        skip = node_review and (kind != "task" or level.review or _is_review_heading(ctx, node))
        _paragraph_tasks(ctx, node, _rest_start(node), _with_dated_field(ctx, node, level.base), review=skip)
    if node.children:
        sub = intro or level.base  # a lead-in's lead flows down to its items at any depth
        if kind == "heading_topic":
            lead, _s, _r = _explicit(ctx, _rest_start(node), node.paragraph.end)
            if lead:
                sub = Scope(lead, "lead.heading_assigned")
        sub_tasks = level.task_section or bool(ctx.cues.task_heading.match(_text(ctx, node)))
        quotes = level.quoting or _QUOTATION_INTRO.search(_text(ctx, node)) is not None
        _walk(ctx, node.children, sub, node_review, sub_tasks, quotes)
    if _QUOTATION_INTRO.search(_text(ctx, node)):
        level.quoting = True


def _visit_logistics(ctx: Context, node: Section, level: _Level) -> None:
    """A field of a meeting or an inspection ("Thành phần tham dự: …", "Chủ trì cuộc họp:", "Nội dung
    kiểm tra:"), or a detail of a task stated elsewhere ("Báo cáo … được nộp cho các cơ quan sau đây:"),
    and the items under it describe, not direct; a sentence in them that asks a named unit for work
    ("Đề nghị Công ty mời các nhà thầu …") is a task, from that sentence on."""
    for s, e in _sentences(ctx, _rest_start(node), node.paragraph.end):
        opener = ctx.text[s:e].lstrip(" -+•*")
        if _REQUEST.match(opener) and _explicit(ctx, s, e)[0]:
            _paragraph_tasks(ctx, node, s, Scope(), review=level.in_review)
            break
    _walk(ctx, node.children, level.scope, level.review, level.task_section, logistics=True)


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


def _with_dated_field(ctx: Context, node: Section, scope: Scope) -> Scope:
    """An item's own "- Thời gian hoàn thành: Quý II/2025" line (a field without a lead field) dates it,
    when its text states no deadline of its own."""
    fields = _field_lines(ctx, node) if node.children else {}
    if "deadline" not in fields:
        return scope
    p = fields["deadline"][0].paragraph
    dated = find_deadlines(ctx.doc.text[p.start : p.end], p.start, meeting=ctx.meeting, issued=ctx.issued)
    return replace(scope, deadlines=dated) if dated else scope


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


def _visit_intro(ctx: Context, node: Section, level: _Level, review: bool) -> Scope | None:
    """A lead-in ("Giao Sở X chủ trì, phối hợp với Sở Y:"): its lead, support and deadline flow to the
    items after it; one that states work of its own ("Giao Sở X rà soát …, cụ thể như sau:") is a task.
    A lead-in with items of its own ("3. Các đơn vị …, như:" and its "-" items) gives them its scope
    (returned), not the numbered items after it ("4. …"), which are its peers."""
    lead, support = _intro_units(ctx, node)
    own = _states_own_action(ctx, node)
    # Its deadline is the one stated with the work, after its lead ("Giao Sở X hoàn thành trước ngày …
    # các nội dung sau:"), not a date of its purpose clause ("Để … trong năm 2026, yêu cầu …:").
    after = lead[0].start if lead else _sentences(ctx, _rest_start(node), node.paragraph.end)[-1][0]
    deadlines = [d for d in _own_deadlines(ctx, node) if (d.evidence.start or 0) >= after]
    if own or review:  # the deadline is the lead-in's own task's, or a period under review
        deadlines = []
    base = level.base
    scope = None
    if lead or deadlines:
        scope = Scope(
            lead or base.lead,
            "lead.intro" if lead else base.rule,
            support or base.support,
            deadlines or base.deadlines,
        )
        if not (node.children and node.kind != "none"):
            level.intro = scope
    level.requested = level.requested or bool(lead) or bool(_REQUEST.search(_text(ctx, node)))
    if own:
        _paragraph_tasks(ctx, node, _rest_start(node), base, review=review)  # its sentences name their leads
    return scope


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


_PURPOSE = re.compile(r"[\s,]để\s+", re.IGNORECASE)


def _purpose_actor(ctx: Context, start: int, end: int) -> tuple[int, UnitMatch, list[Deadline]] | None:
    """ "… gửi Sở X trong 03 ngày làm việc để Sở X tổng hợp, báo cáo UBND tỉnh trước ngày 05/6/2026": a
    purpose clause whose own doer works to a date of its own is that doer's task. (cut, doer, dates)."""
    for m in _PURPOSE.finditer(ctx.text, start, end):
        units = [u for u in _units_in(ctx, m.end(), end) if u.start == m.end()]
        if not units or not ctx.cues.directive_opener.match(ctx.text[units[0].end : end].lstrip()):
            continue
        dated = find_deadlines(
            ctx.doc.text[units[0].start : end], units[0].start, meeting=ctx.meeting, issued=ctx.issued
        )
        if any(d.period != "relative" for d in dated):
            return m.start(), units[0], dated
    return None


def _paragraph_tasks(ctx: Context, node: Section, start: int, scope: Scope, *, review: bool) -> None:
    """One paragraph → one task, or several when sentences assign work to different leads."""
    start, end = _trimmed(ctx, start, node.paragraph.end)
    if not ctx.doc.text[start:end] or review:
        return
    purpose = _purpose_actor(ctx, start, end)
    if purpose is None:
        _span_tasks(ctx, node, start, end, scope)
        return
    cut, doer, dated = purpose
    _span_tasks(ctx, node, start, cut, scope)
    section = section_number(node)
    lead = _to_units(ctx, [doer], "lead")
    _add_task(ctx, (doer.start, end), section, lead, [], dated, "task.purpose_actor", "lead.subject")


def _span_tasks(ctx: Context, node: Section, start: int, end: int, scope: Scope) -> None:
    content = ctx.doc.text[start:end]
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
