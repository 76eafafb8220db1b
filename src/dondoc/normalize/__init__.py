"""Normalize: NFC text, page furniture and web noise removed, hard wraps rejoined.

The result is the reference text of the document: one paragraph per line, and every evidence
offset of the later stages points into it.
"""

from __future__ import annotations

from dondoc.model import Layout, NormalizedDocument, Paragraph, RawDocument, RawLine
from dondoc.normalize.footnotes import drop_footnotes, strip_reference_marks
from dondoc.normalize.glue import looks_glued, unglue
from dondoc.normalize.noise import drop_noise
from dondoc.normalize.reflow import detect_layout, estimate_width, reflow
from dondoc.textutil import clean_chars, is_clean

__all__ = ["normalize"]


def normalize(raw: RawDocument) -> NormalizedDocument:
    # Most documents are clean already: one check of the whole text instead of one per line.
    clean = clean_chars if not is_clean("\n".join(line.text for line in raw.lines)) else str
    lines = [RawLine(clean(line.text), line.page, line.in_table, line.starts_paragraph) for line in raw.lines]
    if looks_glued("\n".join(line.text for line in lines)):
        for line in lines:
            line.text = unglue(line.text)
    lines, removed = drop_noise(lines)
    layout = raw.layout if raw.layout is not Layout.UNKNOWN else detect_layout(lines)
    marks: set[str] = set()
    if layout is Layout.WRAPPED:
        lines, notes, marks = drop_footnotes(lines, estimate_width(lines))
        removed += notes
    blocks = reflow(lines, layout)
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    for block in blocks:
        text = strip_reference_marks(block.text, marks) if marks else block.text
        paragraphs.append(
            Paragraph(len(paragraphs), offset, offset + len(text), text, block.page, block.in_table)
        )
        parts.append(text)
        offset += len(text) + 1
    return NormalizedDocument(
        text="\n".join(parts), paragraphs=paragraphs, removed=[f"{r.rule}: {r.text}" for r in removed]
    )
