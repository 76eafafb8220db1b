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
from dondoc.textutil import clean_chars

__all__ = ["normalize"]


def normalize(raw: RawDocument) -> NormalizedDocument:
    lines = [
        RawLine(text, line.page, line.in_table, line.starts_paragraph, line.cell)
        for line, text in zip(raw.lines, _clean_lines([line.text for line in raw.lines]), strict=True)
    ]
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
            Paragraph(
                len(paragraphs), offset, offset + len(text), text, block.page, block.in_table, block.cell
            )
        )
        parts.append(text)
        offset += len(text) + 1
    return NormalizedDocument(
        text="\n".join(parts),
        paragraphs=paragraphs,
        removed=[f"{r.rule}: {r.text}" for r in removed],
        merged_cells=raw.merged_cells,
    )


def _clean_lines(texts: list[str]) -> list[str]:
    """``clean_chars`` of every line, done on the whole text at once: neither NFC nor the lookalike
    table touches a line break, so the cleaned text splits back into the cleaned lines."""
    joined = "\n".join(texts)
    cleaned = clean_chars(joined)
    if cleaned == joined:
        return texts
    parts = cleaned.split("\n")
    return parts if len(parts) == len(texts) else [clean_chars(t) for t in texts]  # a line held a "\n"
