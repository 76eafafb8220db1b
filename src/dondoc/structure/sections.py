"""The body as a section tree: ``I.``, ``1.``, ``1.1.``, ``a)``, ``-``, ``+`` and plain paragraphs."""

from __future__ import annotations

import re

from dondoc.model import Paragraph, Section

_MARKER = re.compile(
    r"^(?P<marker>(?P<roman>[IVXL]{1,5})[.)]|(?P<dec>\d{1,2}(?:\.\d{1,2}){0,3})[.)]?(?=\s)|"
    r"(?P<letter>[a-zđ])[.)]|\((?P<pletter>[a-zđ])\)|(?P<dash>[-–—•●▪*])|(?P<plus>\+))\s*"
)
# Rank of each kind: a smaller rank encloses a larger one.
_RANK = {"roman": 1, "dec": 2, "letter": 7, "dash": 8, "plus": 9, "none": 10}


def parse_marker(text: str) -> tuple[str, str, str | None, str, int]:
    """(marker, kind, number, rest, rank) of a paragraph."""
    m = _MARKER.match(text)
    if not m or (m.end() == len(text) and m.group("dash")):
        return "", "none", None, text, _RANK["none"]
    rest = text[m.end() :]
    if m.group("roman"):
        return m.group("marker"), "roman", m.group("roman"), rest, _RANK["roman"]
    if m.group("dec") is not None:
        number = m.group("dec")
        # "2025 …" or "30/5" are not section numbers; a bare number needs its dot unless it is "1)".
        if not m.group("marker").endswith((".", ")")) and "." not in number:
            return "", "none", None, text, _RANK["none"]
        return m.group("marker"), "decimal", number, rest, _RANK["dec"] + number.count(".")
    if m.group("letter") or m.group("pletter"):
        letter = m.group("letter") or m.group("pletter")
        return m.group("marker"), "letter", letter, rest, _RANK["letter"]
    if m.group("dash"):
        return m.group("marker"), "dash", None, rest, _RANK["dash"]
    return m.group("marker"), "plus", None, rest, _RANK["plus"]


def build_tree(paragraphs: list[Paragraph]) -> list[Section]:
    """Nest paragraphs by marker rank. Plain paragraphs belong to the nearest open section;
    duplicate numbers ("8.1." twice) simply open a new sibling."""
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for paragraph in paragraphs:
        marker, kind, number, rest, rank = parse_marker(paragraph.text)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        section = Section(
            marker=marker,
            kind=kind,
            number=number,
            paragraph=paragraph,
            heading_text=rest.strip(),
            level=len(stack),
            parent=parent,
        )
        if parent is None:
            roots.append(section)
        else:
            parent.children.append(section)
        stack.append((rank, section))
    return roots


def section_number(section: Section) -> str | None:
    """The number of the nearest enclosing numbered section ("2.1", "8.1", "4")."""
    node: Section | None = section
    while node is not None:
        if node.kind in ("decimal", "roman") and node.number:
            return node.number
        node = node.parent
    return None
