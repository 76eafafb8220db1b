"""Rejoin hard-wrapped lines, and paragraphs split by page breaks, into paragraphs."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from dondoc.model import Cell, Layout, RawLine
from dondoc.textutil import is_upper_text

# The start of a list item or numbered section: "1.", "2.1.", "IV.", "a)", "-", "+", "•".
MARKER = re.compile(
    r"^(?:(?:[IVXL]{1,5}|\d{1,2}(?:\.\d{1,2}){0,3})[.)]|[a-zđ][.)]|[-+•–—*●▪]|\(\d{1,2}\)|\([a-zđ]\))(?:\s|$)"
)
_PARA_START = re.compile(
    r"^(?:(?:Ngày|Vào ngày|Sáng|Chiều|Hôm nay,?)\s+(?:ngày\s+)?\d|Căn cứ\b|Kính gửi\b|Nơi nhận\b"
    r"|Số\s*:|V/v\b|Xét\b|(?:TM|KT|TL|TUQ)\.)"
)
_ABBREV_END = re.compile(r"\b(TP|Tp|TX|TT|ThS|TS|PGS|GS|Ths|Đ/c|đ/c|St|No)\.$")


@dataclass(slots=True)
class Block:
    text: str
    page: int
    in_table: bool
    cell: Cell | None = None


def estimate_width(lines: list[RawLine]) -> float:
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if not lengths:
        return 0.0
    return float(lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))])


def detect_layout(lines: list[RawLine]) -> Layout:
    """Plain text from a PDF is hard-wrapped: its line lengths cluster below a modest width, and
    many of its lines go on in lower case from the line before."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if len(texts) < 8:
        return Layout.PARAGRAPHS
    width = estimate_width(lines)
    full = sum(1 for t in texts if len(t) >= 0.7 * width) / len(texts)
    pairs = list(itertools.pairwise(texts))
    carried = sum(1 for a, b in pairs if _starts_lower(b) and not _hard_end(a)) / max(1, len(pairs))
    return Layout.WRAPPED if width <= 140 and full >= 0.3 and carried >= 0.12 else Layout.PARAGRAPHS


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


_CLOSERS = "\"”'’»)"
_TERMINALS = (".", "!", "?", ":", "…")


def _hard_end(text: str) -> bool:
    """The line ends a sentence: a terminal mark (. ! ? : …, also "./." and ".)"), then only closing
    quotes or brackets; and not with an abbreviation ("TP."). Checked from the end, without a scan."""
    body = (text[:-1] if text.endswith("\n") else text).rstrip(_CLOSERS)
    return body.endswith(_TERMINALS) and not _ABBREV_END.search(text, max(0, len(text) - 6))


def should_join(prev: str, cur: RawLine, layout: Layout, width: float, hinted: bool = False) -> bool:
    """Does ``cur`` continue the paragraph whose last line is ``prev``?

    ``hinted``: the parser marks paragraph starts (PDF indents and gaps), so a line it does not
    mark continues a full previous line even after a full stop or when it opens with a dash.
    """
    text = cur.text.strip()
    if _PARA_START.match(text):
        return False
    if is_upper_text(prev) and not _starts_lower(text):
        return False  # header lines, the document type, authority lines
    wrapped_on = layout is Layout.WRAPPED and not cur.starts_paragraph and len(prev) >= 0.9 * width
    if MARKER.match(text):
        # "… Trung tâm Văn hóa" / "– Thể thao thành phố": a name broken at its dash.
        short = len(text) < 0.6 * width
        wrapped_on = layout is Layout.WRAPPED and not cur.starts_paragraph and len(prev) >= 0.8 * width
        return (
            wrapped_on and not re.search(r"[.;:,]$", prev) and (text[0] in "–—" or (text[0] == "-" and short))
        )
    if _hard_end(prev):
        return hinted and wrapped_on and not prev.endswith((":", ";", "./."))
    if _starts_lower(text):
        return True
    if layout is Layout.WRAPPED and not cur.starts_paragraph:
        # With paragraph starts marked by the parser, an unmarked line after an open sentence goes on
        # even when a long token ("10/2/2025") broke the line early; without marks, only after a full line.
        return len(prev) >= (0.5 if hinted else 0.8) * width
    return False


def reflow(lines: list[RawLine], layout: Layout) -> list[Block]:
    """Group lines into paragraphs. Blank lines carry no meaning here: real input puts them
    between every line (PDF text) or inside paragraphs (page breaks)."""
    if layout is Layout.UNKNOWN:
        layout = detect_layout(lines)
    width = estimate_width(lines)
    hinted = any(line.starts_paragraph for line in lines)
    blocks: list[Block] = []
    last_line = ""
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            continue
        if (
            layout is Layout.WRAPPED
            and blocks
            and line.cell is not None
            and line.cell == blocks[-1].cell
            and not line.starts_paragraph
        ):
            blocks[-1].text += " " + text  # a table cell's visual lines (PDF): wrapped in its narrow column
        elif (
            blocks
            and not line.in_table
            and not blocks[-1].in_table
            and (layout is not Layout.PARAGRAPHS or not line.starts_paragraph)
            and should_join(last_line, line, layout, width, hinted)
        ):
            blocks[-1].text += " " + text
        else:
            blocks.append(Block(text, line.page, line.in_table, line.cell))
        last_line = text
    return blocks
