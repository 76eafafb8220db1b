"""Who does the work a sentence gives: the assigned unit ("giao X", "yêu cầu X"), else the subject
("X tham mưu …"); units after "phối hợp với" support; a unit's list ("A, B và C") goes with it."""

from __future__ import annotations

import re

from dondoc import langdata
from dondoc.extract.context import Context, _rest_start, _sentences, _units_in
from dondoc.extract.cues import Cues
from dondoc.model import Section
from dondoc.textutil import fold
from dondoc.units.scanner import UnitMatch, is_vague

_CHAIN = re.compile(r"^\s*(?:,|;|và|cùng|với)?\s*$", re.IGNORECASE)
_CHAIN_SEPARATOR = re.compile(r"^\s*(?:,|;|và|cùng|với)\s*", re.IGNORECASE)


def _listed_after(ctx: Context, gap: str) -> bool:
    """Is the text between two units a list separator, a title of the next unit's head allowed after
    it ("Sở A, Giám đốc Công ty B, Chủ tịch UBND C")?"""
    if _CHAIN.match(gap):
        return True
    sep = _CHAIN_SEPARATOR.match(gap)
    return sep is not None and not ctx.cues.prefix.sub("", gap[sep.end() :], count=1).strip()


def _chain_ends(ctx: Context, units: list[UnitMatch]) -> list[int]:
    """For each unit, the index of the last unit of the list that begins with it ("A, B và C"), in one
    pass from the end: a sentence that names a unit thousands of times is read in linear time."""
    ends = list(range(len(units)))
    for k in range(len(units) - 2, -1, -1):
        if _listed_after(ctx, ctx.text[units[k].end : units[k + 1].start]):
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


# "yêu cầu đơn vị nêu trên …", "các doanh nghiệp kể trên": the enterprises the document has named.
_NAMED_ABOVE = re.compile(
    rf"(?<!\w)(?:các\s+)?{langdata.phrase_alternation('tasks', 'named_above_nouns')}\s+"
    rf"{langdata.phrase_alternation('tasks', 'named_above_markers')}(?!\w)",
    re.IGNORECASE,
)


def _named_above(ctx: Context, start: int, end: int) -> list[UnitMatch]:
    """Mentions that refer back to the enterprises named earlier, when the document names a few
    (``MemberLists.enterprises``); they stand for those (``expand_group``)."""
    if not ctx.members.enterprises.get("dn") or "trên" not in ctx.text[start:end]:
        return []
    return [
        UnitMatch(m.group(), m.start(), m.end(), "dn", "unit.named_above", group_key="dn")
        for m in _NAMED_ABOVE.finditer(ctx.text, start, end)
    ]


def _overlap(a: UnitMatch, b: UnitMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _explicit_uncached(ctx: Context, start: int, end: int) -> tuple[list[UnitMatch], list[UnitMatch], str]:
    c = ctx.cues
    units = _units_in(ctx, start, end)
    above = [a for a in _named_above(ctx, start, end) if not any(_overlap(a, u) for u in units)]
    if above:
        units = sorted(units + above, key=lambda u: u.start)
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
