"""The single addressee of "Kính gửi:" as the lead of paragraphs that name no other doer, and the
short forms that refer back to it ("Công ty", "các tổ chức")."""

from __future__ import annotations

import re
from itertools import pairwise

from dondoc.extract.context import Context, _to_units, _trimmed, _units_in
from dondoc.extract.roles import _strip_prefix_tail
from dondoc.model import Field, Unit
from dondoc.textutil import fold
from dondoc.units.scanner import UnitMatch, is_vague


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
