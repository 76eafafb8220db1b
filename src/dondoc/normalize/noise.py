"""Drop text that is not the document: web chrome, signature stamps, page numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dondoc import langdata
from dondoc.caseless import Caseless
from dondoc.model import RawLine


@dataclass(slots=True)
class Removal:
    rule: str
    text: str


@cache
def _line_rules() -> tuple[Caseless, Caseless, tuple[str, ...], dict[str, str]]:
    """The tail markers, the noise lines and the page numbers as one regex, tried once per line (in that
    order: the first alternative that matches wins, as when they were tried one after the other).

    Returns (with every noise rule, with the rules without a ``requires`` gate, the gates, group name →
    "tail" | "drop" | "page")."""
    drop_all, drop_cheap, gates = langdata.gated("noise", "drop_lines")
    tail = langdata.combined("noise", "tail_markers")
    pages = langdata.combined("noise", "page_numbers")
    kinds = (
        dict.fromkeys(tail.groupindex, "tail")
        | dict.fromkeys(drop_all.groupindex, "drop")
        | dict.fromkeys(pages.groupindex, "page")
    )

    def joined(drop: re.Pattern[str]) -> Caseless:
        return Caseless(f"{tail.pattern}|{drop.pattern}|{pages.pattern}")

    return joined(drop_all), joined(drop_cheap), gates, kinds


def drop_noise(lines: list[RawLine]) -> tuple[list[RawLine], list[Removal]]:
    """Remove noise lines; cut everything after a tail marker (e.g. "Văn bản cùng lĩnh vực")."""
    rules_all, rules_cheap, gates, kinds = _line_rules()
    kept: list[RawLine] = []
    removed: list[Removal] = []
    for index, line in enumerate(lines):
        text = " ".join(line.text.split())
        if not text:
            kept.append(line)
            continue
        low = text.lower()
        m = (rules_all if any(map(low.__contains__, gates)) else rules_cheap).match(text, lowered=low)
        group = m.lastgroup if m else None
        kind = kinds.get(group or "")
        if kind == "tail":
            rule = langdata.rule_id(group)
            removed.append(Removal(rule, " / ".join(x.text for x in lines[index:] if x.text.strip())))
            break
        if kind == "drop" or (kind == "page" and _isolated(lines, index)):
            removed.append(Removal(langdata.rule_id(group), text))
            continue
        kept.append(line)
    return kept, removed


def _isolated(lines: list[RawLine], index: int) -> bool:
    """A page number stands alone: not inside a table, and not between two list lines."""
    return not lines[index].in_table
