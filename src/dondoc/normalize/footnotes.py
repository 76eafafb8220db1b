"""Find footnote bodies that PDF text extraction dropped into the middle of the body."""

from __future__ import annotations

import re

from dondoc.model import RawLine
from dondoc.normalize.noise import Removal
from dondoc.normalize.reflow import MARKER

# A footnote starts with its marker and a capital, a quotation mark or a clause number: it cites a
# document ("1 Công điện số 65/CĐ-TTg …"), explains ("1 Lý do: …") or quotes ("2 “đ) Bản sao …").
# Only a mark that appears glued to a word earlier ("minh chứng1") starts one (``_has_reference``).
_START = re.compile(r"^\s*(?P<mark>\d{1,2}|[!*¹²³†‡])\s+(?P<body>(?:[“\"(]|\d{1,3}\.\s|[^\W\d_]).*)")


def _footnote_start(text: str) -> re.Match[str] | None:
    m = _START.match(text)
    return m if m and not m.group("body")[0].islower() else None


def drop_footnotes(lines: list[RawLine], width: float) -> tuple[list[RawLine], list[Removal], set[str]]:
    """Remove footnote bodies; return the kept lines, the removals and the footnote marks found.

    A footnote body is a run of lines that starts with a marker and a document citation right after
    a blank line, and ends at its first short line (footnote lines are set in a smaller font, so they
    run longer than body lines) or at a page boundary.
    """
    kept: list[RawLine] = []
    removed: list[Removal] = []
    marks: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _footnote_start(line.text)
        prev_blank = i == 0 or not lines[i - 1].text.strip() or line.starts_paragraph
        if m and prev_blank and not line.in_table and _has_reference(kept, m.group("mark")):
            body = [line.text.strip()]
            j = i + 1
            # The body runs on while its lines are long; blank lines inside it are skipped.
            last_len = len(line.text.strip())
            while j < len(lines) and last_len >= 0.8 * width:
                nxt = lines[j]
                if nxt.page != line.page or _footnote_start(nxt.text):
                    break
                if nxt.text.strip():
                    if MARKER.match(nxt.text.strip()):
                        break
                    body.append(nxt.text.strip())
                    last_len = len(nxt.text.strip())
                    if body[-1].endswith("."):
                        j += 1
                        break
                j += 1
            marks.add(m.group("mark"))
            removed.append(Removal("footnote.body", " ".join(body)))
            i = j
            continue
        kept.append(line)
        i += 1
    return kept, removed, marks


def _has_reference(kept: list[RawLine], mark: str) -> bool:
    """A digit mark must appear glued to a word earlier ("Chính phủ1."); symbols are accepted."""
    if not mark.isdigit():
        return True
    rx = _glued_mark(mark)
    return any(rx.search(line.text) for line in kept[-40:])


def _glued_mark(mark: str) -> re.Pattern[str]:
    """A digit mark glued to the letter before it, and followed by a space, a mark or the end. The pattern
    opens with the digit itself (the letter is checked behind it), so the engine skips to the digits."""
    digits = re.escape(mark)
    return re.compile(rf"{digits}(?<=[^\W\d_]{digits})(?=[\s.,;:)]|$)")


def strip_reference_marks(text: str, marks: set[str]) -> str:
    for mark in marks:
        if mark.isdigit():
            text = _glued_mark(mark).sub("", text)
    return text
