"""Drop text that is not the document: web chrome, signature stamps, page numbers."""

from __future__ import annotations

from dataclasses import dataclass

from dondoc import langdata
from dondoc.model import RawLine


@dataclass(slots=True)
class Removal:
    rule: str
    text: str


def drop_noise(lines: list[RawLine]) -> tuple[list[RawLine], list[Removal]]:
    """Remove noise lines; cut everything after a tail marker (e.g. "Văn bản cùng lĩnh vực")."""
    drop_all, drop_cheap, gates = langdata.gated("noise", "drop_lines")
    tail = langdata.combined("noise", "tail_markers")
    pages = langdata.combined("noise", "page_numbers")
    kept: list[RawLine] = []
    removed: list[Removal] = []
    for index, line in enumerate(lines):
        text = " ".join(line.text.split())
        if not text:
            kept.append(line)
            continue
        m = tail.match(text)
        tail_rule = langdata.rule_id(m.lastgroup) if m else None
        if tail_rule:
            removed.append(Removal(tail_rule, " / ".join(x.text for x in lines[index:] if x.text.strip())))
            break
        low = text.lower()
        drop = drop_all if any(g in low for g in gates) else drop_cheap
        m = drop.match(text)
        if m is None and _isolated(lines, index):
            m = pages.match(text)
        rule = langdata.rule_id(m.lastgroup) if m else None
        if rule:
            removed.append(Removal(rule, text))
            continue
        kept.append(line)
    return kept, removed


def _isolated(lines: list[RawLine], index: int) -> bool:
    """A page number stands alone: not inside a table, and not between two list lines."""
    return not lines[index].in_table
