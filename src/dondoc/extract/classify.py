"""What a paragraph of the body is: a task, a lead-in, a heading (of units or of a topic), a review of
past work, a preamble, an approval, a closing formula, a statement, a note, a field of a meeting."""

from __future__ import annotations

import re

from dondoc import langdata
from dondoc.extract.context import Context, _own_deadlines, _rest_start, _sentences, _text, _units_in
from dondoc.extract.roles import _explicit, _is_issuer
from dondoc.extract.tables import column_kind
from dondoc.model import Section
from dondoc.textutil import VI_LOWER, VI_UPPER, is_upper_text
from dondoc.units.scanner import UnitMatch, is_vague

_HEADING_FILLER = re.compile(rf"^{langdata.phrase_alternation('tasks', 'heading_fillers')}\s*", re.IGNORECASE)


_LEAD_IN_FILLER = re.compile(
    rf"(?<!\w)(?:{langdata.phrase_alternation('tasks', 'lead_in_fillers')})(?!\w)|[^\w\s]+", re.IGNORECASE
)


_INTRO_END = re.compile(rf"{langdata.phrase_alternation('tasks', 'intro_endings')}\s*:\s*$", re.IGNORECASE)


# "… Nghị định số 193 quy định:" quotes; "… nộp các nghĩa vụ theo quy định: …" lists what is required.
_QUOTATION_INTRO = re.compile(
    rf"(?<!theo\s)(?<!đúng\s){langdata.phrase_alternation('tasks', 'quotation_intros')}\s*:", re.IGNORECASE
)


# "phải chịu trách nhiệm trước pháp luật" warns of a consequence; it asks for no work.
_OBLIGATION = re.compile(
    rf"(?<!\w){langdata.phrase_alternation('tasks', 'obligation_words')}(?!\w)(?!\s+chịu\b)", re.IGNORECASE
)


# A request: the verb before its object ("đề nghị Sở X …"), or ending a lead-in after its subject
# ("Phòng Giáo dục và Đào tạo yêu cầu:"), not the heading "Yêu cầu:" of a plan's aims.
_REQUEST = re.compile(
    r"(?<!\w)(?:đề nghị|yêu cầu|giao)\s|(?<=\w\s)(?:đề nghị|yêu cầu)\s*:\s*$", re.IGNORECASE
)
# "đề nghị của Sở X", "yêu cầu tại Công văn số …": the noun (a proposal, a requirement), not a request.
_NOUN_REQUEST = re.compile(r"(?:của|tại|số|ngày|đã|nêu|trên|này|đó)\b", re.IGNORECASE)


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


_OF_WHAT = re.compile(r"\s+của\s", re.IGNORECASE)


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
    # "1. Nhà đầu tư của 02 dự án …:": what the unit is of qualifies it; the heading ends with the unit.
    of = _OF_WHAT.match(ctx.text, units[0].end, head_end)
    if of is not None:
        head_end, units = units[0].end, units[:1]
    # The heading must be (almost) only unit names: "2.1. Đội Thuế …", "1. Đối với các xã:".
    residue = ctx.text[start:head_end]
    for u in reversed(units):
        residue = residue[: u.start - start] + residue[u.end - start :]
    residue = re.sub(r"\stheo\b.*$", "", residue, flags=re.IGNORECASE)  # "Sở X (theo …)", not "Theo hồ sơ …"
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


def _classify(ctx: Context, node: Section, review: bool) -> str:
    c = ctx.cues
    text = _text(ctx, node)
    low = text.lower()  # for the cue patterns, which run over lower-cased text
    if len(text) < 400 and text.rstrip().endswith(("./.", "/.", ".")) and c.closing.search(text, lowered=low):
        if not _names_specific_unit_assignment(ctx, node):
            return "closing"
    if c.bare_request.search(text, lowered=low) and (len(text) < 400 or _closes_after_first(ctx, text)):
        return "closing"
    if c.citation.match(text, lowered=low) and not _has_assignment(ctx, node):
        return "citation"
    if c.liability.match(text, lowered=low):
        return "statement"
    if c.logistics.match(text, lowered=low) or _is_field_line(text):
        return "label"  # "Thời gian: 9 giờ …", "Địa điểm: …", "Chủ trì: Lãnh đạo Sở": a field of a meeting
    if text.startswith("(") and text.rstrip(" .;").endswith(")"):
        return "note"  # "(Có nội dung chi tiết kèm theo)": a note on the items, not work
    lead_in = text.endswith(":") and (
        node.children
        or c.directive_opener.match(text, lowered=low)
        or _REQUEST.search(text)  # "… đề nghị Thủ trưởng đơn vị thực hiện:"
        or _has_assignment(ctx, node)
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
        # "Sau khi được cho thuê đất, đề nghị đơn vị sử dụng đất đúng ranh giới …": the request after
        # the setting clause is the work.
        request = _REQUEST.search(text, 0, 300)
        if request and request.start() > 0 and not _NOUN_REQUEST.match(text, request.end()):
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


def _closes_after_first(ctx: Context, text: str) -> bool:
    """Is what follows the first sentence a closing formula ("Trong quá trình thực hiện, nếu có vướng
    mắc, đề nghị phản ánh về Sở …./.")?"""
    period = text.find(". ")
    rest = text[period + 2 :] if period > 0 else ""
    return len(rest) < 400 and bool(rest) and ctx.cues.closing.search(rest, lowered=rest.lower()) is not None


def _is_field_line(text: str) -> bool:
    """ "Thời gian hoàn thành: Quý III/2025", "Cơ quan phối hợp: Sở X": a labelled field of an item (the
    task-table column titles), read by the item it belongs to."""
    colon = text.find(":", 0, 31)
    label = text[:colon]
    if colon <= 0 or "," in label:
        return False
    return column_kind(label.strip(" -+•")) in ("lead", "support", "deadline")


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
