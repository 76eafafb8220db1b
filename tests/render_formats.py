"""Render a plain-text directive document (.txt) as the .docx and .pdf an office would have issued.

The held-out documents arrive as native Word files and as PDFs printed from them; the real corpus we can
score (../shared) is plain text. This module rebuilds, from one .txt, a .docx laid out the way Vietnamese
offices lay out a document under Nghị định 30/2020:

* the header block (issuer lines, ``Số: …``, ``V/v …`` on the left; the national motto and the
  ``<place>, ngày … tháng … năm …`` line on the right) as a borderless two-column table, found by content
  in the lines before the document type / title / ``Kính gửi`` (two-column lines merged into one text
  line, ``a | b |`` markdown cells and one-item-per-line forms are all split back into two columns);
* the document type and the trích yếu as centred bold paragraphs;
* ``Kính gửi:`` as a centred paragraph (one addressee) or a borderless two-column table (a list);
* the body as justified paragraphs, hard-wrapped PDF text rejoined first; numbered and bulleted items
  ("I.", "1.", "2.1.", "a)", "-", "+") use real Word automatic numbering (``numbering.xml``, lvlText
  "%1.", "%1.%2.", "%1)", bullets "-" and "+"), the literal marker removed from the text; a list restarts
  (a new ``w:num`` with ``w:startOverride``) wherever the text's numbers do not follow on, so that the
  numbers Word displays are the ones in the text;
* the ``Nơi nhận:`` list and the authority / signer block as a borderless two-column table;
* optionally a digital-signature stamp ("Ký bởi: …", "Cơ quan: …", "Thời gian ký: …") on the first page,
  as a floating text box or as small paragraphs above the header.

Web-page chrome (loading messages, site titles, reader comments…), markdown markup and separator rules are
dropped. ``to_pdf`` prints .docx files with LibreOffice, all files of a directory in one call.

    python tests/render_formats.py SRC_DIR OUT_DIR [--no-pdf] [--stamp auto|none|box|para]

writes OUT_DIR/<stem>.docx (and .pdf) for every SRC_DIR/*.txt, for inspection.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from docx_factory import DocxFactory, Level, bullet

STAMP_KINDS = ("box", "para")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# ----------------------------------------------------------------------------------------------- text


def fold(text: str) -> str:
    """Lowercase, diacritics dropped, đ → d, one character per character (so positions carry over)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base.lower()) == 1 else ch)
    return "".join(out)


_CHROME_LINE = re.compile(
    r"^(he thong phap luat( viet nam)?|dang tai noi dung.*|skip to (main )?content|</?xml.*"
    r"|(in van ban|tai ve|chia se|bao loi|gui gop y|dang nhap|dang ky)( .{0,30})?)$"
)
_CHROME_TAIL = re.compile(r"^(y kien ban doc|van ban (cung linh vuc|lien quan|moi)|nhap vao nut tai moi o)")
_SEPARATOR = re.compile(r"^[-_=—–.·*\s]{3,}$")
_DOC_TYPES = (
    "thong bao",
    "bao cao",
    "ke hoach",
    "quyet dinh",
    "cong van",
    "chi thi",
    "to trinh",
    "giay moi",
    "ket luan",
    "cong dien",
    "nghi quyet",
    "chuong trinh",
)
_BODY_OPENING = re.compile(
    r"^(ngay \d|can cu|thuc hien|xet |sau khi|tai (cuoc|buoi|phien)|theo |trong (tuan|thang|nam)|ve (de nghi|viec)"
    r"|van phong|uy ban|ubnd|chu tich|pho chu tich|dong chi)"
)
_MOTTO_1 = re.compile(r"cong hoa xa h\S*i")
_MOTTO_2 = re.compile(r"\S+\s+\S+\s*-\s*\S+\s+do\s*-\s*\S+\s+phuc")
_DATE_LINE = re.compile(r",\s*ng\S{1,3}\s+\S*\s*th\S{2,3}g\s+\S+\s+n\S{1,2}m\s+\d{4}")
_NUMBER_LINE = re.compile(r"^s\S{0,2}\s*:")
_VV = re.compile(r"(?:^|\s)(v/v\s)")
_AUTHORITY = re.compile(r"^(kt|tl|tm|q|t/m|tuq)\.?\s+\S")
_RECIPIENTS = re.compile(r"^n\S{1,2}i nh\S{1,2}n\s*:")
_KINH_GUI = re.compile(r"^k\S{1,2}nh g\S{1,2}i\s*:?")

#: (kind, pattern) of list markers at the start of a paragraph.
_MARKERS = (
    ("roman", re.compile(r"^(?P<m>(?P<v>[IVX]{1,5})\.)\s+(?=\S)")),
    ("decimal", re.compile(r"^(?P<m>(?P<v>\d{1,2}(?:\.\d{1,2}){1,3})\.?)\s+(?=\D)")),
    ("decimal", re.compile(r"^(?P<m>(?P<v>\d{1,2})\.)\s+(?=\S)")),
    ("letter", re.compile(r"^(?P<m>(?P<v>[a-zđ])\))\s+(?=\S)")),
    ("dash", re.compile(r"^(?P<m>[-–•])\s*(?=\S)")),
    ("plus", re.compile(r"^(?P<m>\+)\s*(?=\S)")),
)
_ROMAN = {"I": 1, "V": 5, "X": 10}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _roman_value(text: str) -> int | None:
    total, previous = 0, 0
    for ch in reversed(text):
        value = _ROMAN[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if 0 < total <= 30 else None


@dataclass
class Line:
    text: str
    bold: bool = False
    cells: list[str] | None = None

    @property
    def folded(self) -> str:
        return fold(self.text.strip())


@dataclass
class Para:
    text: str
    kind: str = "body"  # body | item
    marker: str | None = None  # the literal marker ("2.1.", "a)", "-")
    list_kind: str | None = None  # roman | decimal | letter | dash | plus
    values: tuple[int, ...] = ()
    bold: bool = False
    #: (offset in ``text``, note text): footnotes referenced from this paragraph
    footnotes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Layout:
    """The parts of a document, as they will be laid out."""

    header_left: list[str] = field(default_factory=list)
    header_right: list[str] = field(default_factory=list)
    doc_type: str | None = None
    titles: list[str] = field(default_factory=list)
    kinh_gui: list[str] = field(default_factory=list)  # ["Kính gửi: X"] or ["Kính gửi:", "- A;", …]
    body: list[Para] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:" first
    signature: list[str] = field(default_factory=list)  # authority lines, then the signer
    signer: str | None = None
    issued: tuple[int, int, int] | None = None  # (day, month, year) from the header
    hard_wrapped: bool = False

    def paragraphs(self) -> list[str]:
        """Every text in reading order (a self-check: the renderer must not lose the text)."""
        out = [*self.header_left, *self.header_right]
        out += [self.doc_type] if self.doc_type else []
        out += self.titles + self.kinh_gui
        out += [f"{p.marker} {p.text}" if p.marker else p.text for p in self.body]
        out += [note for p in self.body for _, note in p.footnotes]
        return out + self.recipients + self.signature


def clean_lines(text: str) -> list[Line]:
    """NFC lines with markdown markup, web chrome and separator rules removed; blank lines kept as ""."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[Line] = []
    for raw in text.split("\n"):
        line = raw.replace("\xa0", " ").replace("\u200b", "").rstrip()
        stripped = line.strip()
        folded = fold(stripped)
        if _CHROME_TAIL.match(folded):
            break
        if _CHROME_LINE.match(folded) or _SEPARATOR.match(stripped):
            out.append(Line(""))
            continue
        stripped = re.sub(
            r"\\([-+*_#.()\[\]])", lambda m: "\x00" if m.group(1) == "*" else m.group(1), stripped
        )
        bold = False
        if stripped.startswith("#"):
            stripped = stripped.lstrip("#").strip()
            bold = True
        if "*" in stripped:
            bare = stripped.replace("*", "").strip()
            bold = bold or (stripped.startswith("**") and bare != "")
            stripped = bare
        stripped = stripped.replace("\x00", "*")
        cells = None
        if "|" in stripped and not stripped.startswith("- "):
            parts = [c.strip() for c in stripped.strip("|").split("|")]
            if len(parts) >= 2 or stripped.startswith("|"):
                cells = parts if len(parts) >= 2 else ["", parts[0]]
                stripped = " ".join(c for c in cells if c)
        out.append(Line(stripped, bold=bold, cells=cells))
    while out and not out[-1].text:
        out.pop()
    return out


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _doc_type(line: Line) -> str | None:
    folded = re.sub(r"[^a-z ]", "", line.folded).strip()
    if folded in _DOC_TYPES and _is_upper(line.text):
        return line.text.strip()
    return None


def _marker(text: str) -> tuple[str, str, tuple[int, ...], str] | None:
    """(list kind, literal marker, values, text after the marker) of a list item, or None."""
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end() :].strip()
        if not rest:
            continue
        if kind == "roman":
            value = _roman_value(m.group("v"))
            if value is None:
                continue
            return kind, m.group("m"), (value,), rest
        if kind == "decimal":
            return kind, m.group("m"), tuple(int(v) for v in m.group("v").split(".")), rest
        if kind == "letter":
            letter = m.group("v")
            value = _LETTERS.index("d") + 1 if letter == "đ" else _LETTERS.index(letter) + 1
            return kind, m.group("m"), (value,), rest
        return kind, m.group("m"), (), rest
    return None


# ------------------------------------------------------------------------------------------- layout


def _split_header_line(line: Line) -> tuple[list[str], list[str]]:
    """Split one header text line into its left-column and right-column pieces."""
    if line.cells:
        left, right = line.cells[0], " ".join(line.cells[1:])
        return ([left] if left else []), ([right] if right else [])
    text = line.text.strip()
    folded = fold(text)
    cut = None
    for pattern in (_MOTTO_1, _MOTTO_2):
        m = pattern.search(folded)
        if m:
            cut = m.start()
            break
    if cut is None:
        m = _DATE_LINE.search(folded)
        if m:
            if _NUMBER_LINE.match(folded):
                # "Số: 184/UBND Châu Thành, ngày …": the number is the tokens with a digit or a slash
                tokens = list(re.finditer(r"\S+", text))
                end = tokens[0].end()
                for tok in tokens[1:]:
                    if re.search(r"[\d/]", tok.group()) and tok.start() < m.start():
                        end = tok.end()
                    else:
                        break
                cut = end
            else:
                cut = 0
    if cut is None:
        return [text], []
    left, right = text[:cut].strip(), text[cut:].strip()
    return ([left] if left else []), ([right] if right else [])


def _header(lines: list[Line]) -> tuple[list[str], list[str]]:
    left: list[str] = []
    right: list[str] = []
    vv_open = False
    for line in lines:
        if not line.text.strip():
            continue
        lparts, rparts = _split_header_line(line)
        right.extend(rparts)
        for piece in lparts:
            m = _VV.search(fold(piece))
            if m and m.start(1) > 0:
                left.append(piece[: m.start(1)].strip())
                piece = piece[m.start(1) :].strip()
            if fold(piece).startswith("v/v"):
                left.append(piece)
                vv_open = True
            elif vv_open and not _NUMBER_LINE.match(fold(piece)):
                left[-1] = f"{left[-1]} {piece}"
            else:
                left.append(piece)
    return left, right


def _complete_motto(right: list[str]) -> None:
    """Every document under NĐ 30 carries the national motto: put back the lines the text lost."""
    has_1 = any(_MOTTO_1.search(fold(t)) for t in right)
    has_2 = any(_MOTTO_2.search(fold(t)) for t in right)
    if not has_2:
        at = next((k + 1 for k, t in enumerate(right) if _MOTTO_1.search(fold(t))), 0)
        right.insert(at, MOTTO[1])
    if not has_1:
        right.insert(0, MOTTO[0])


def _recipient_split(text: str) -> tuple[str, str | None]:
    """A recipients line that swallowed a signature-column line ("- TT Tỉnh ủy; PHÓ CHÁNH VĂN PHÒNG")."""
    folded = fold(text)
    m = re.search(r"\s((kt|tl|tm)\.\s.*)$", folded)
    if m and m.start(1) > 0:
        return text[: m.start(1)].strip(), text[m.start(1) :].strip()
    words = text.split()
    run = 0
    for word in reversed(words):
        if word.isalpha() and word.isupper() and len(word) >= 2:
            run += 1
        else:
            break
    if run >= 2 and run < len(words) and sum(len(w) for w in words[-run:]) >= 8:
        return " ".join(words[:-run]), " ".join(words[-run:])
    return text, None


def _closing(lines: list[Line]) -> tuple[list[str], list[str], str | None]:
    """The recipients list ("Nơi nhận:" first) and the signature column (authority lines, signer)."""
    recipients: list[str] = []
    signature: list[str] = []
    in_signature = False
    for line in lines:
        if line.cells and len(line.cells) >= 2:
            if line.cells[0]:
                recipients.append(line.cells[0])
            signature.extend(c for c in line.cells[1:] if c)
            in_signature = in_signature or bool(signature)
            continue
        text = line.text.strip()
        if not text:
            continue
        folded = fold(text)
        if (
            recipients
            and re.match(r"^[-–]\s*luu\b", fold(recipients[-1]))
            and not text.startswith(("-", "–"))
        ):
            in_signature = True
        if not in_signature and (_RECIPIENTS.match(folded) or text.startswith(("-", "–")) or not recipients):
            if not recipients and not _RECIPIENTS.match(folded) and _AUTHORITY.match(folded):
                in_signature = True
                signature.append(text)
                continue
            left, right = _recipient_split(text)
            if recipients and recipients[-1] in ("-", "–"):
                recipients[-1] = f"- {left}"
            else:
                recipients.append(left)
            if right:
                signature.append(right)
            continue
        if not in_signature and (_AUTHORITY.match(folded) or (_is_upper(text) and len(text) > 3)):
            in_signature = True
        if in_signature:
            if signature and len(signature[-1]) <= 4 and _is_upper(signature[-1]) and _is_upper(text):
                signature[-1] = f"{signature[-1]} {text}"  # "PHÓ" / "CHỦ NHIỆM"
            else:
                signature.append(text)
            continue
        # a continuation of the previous recipient
        if recipients:
            prev = recipients[-1]
            glue = "" if re.search(r"\s\w$", prev) and text[:1].islower() else " "
            recipients[-1] = prev + glue + text if prev not in ("-", "–") else f"- {text}"
        else:
            recipients.append(text)
    signer = None
    for text in reversed(signature):
        if not _is_upper(text):
            signer = text
            break
    return recipients, signature, signer


def _wrap_width(lines: Sequence[str]) -> int:
    lengths = sorted(len(t) for t in lines if t)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _is_hard_wrapped(texts: Sequence[str]) -> bool:
    """PDF text: many lines end mid-sentence and the next line goes on in lowercase."""
    nonblank = [t for t in texts if t]
    if len(nonblank) < 6:
        return False
    joins = sum(
        1
        for a, b in itertools.pairwise(nonblank)
        if not a.rstrip().endswith((".", ":", ";")) and b.lstrip()[:1].islower()
    )
    return joins >= 0.2 * len(nonblank)


def rejoin(texts: Sequence[str], hard_wrapped: bool) -> list[str]:
    """Lines → paragraphs.

    Hard-wrapped (PDF) text: a line goes on with the paragraph when it starts in lowercase, or when the
    previous line was full (the next word would not have fitted on it) and did not end a sentence; a list
    marker always starts an item. Other text has one paragraph per line, except that a line going on in
    lowercase after a line that does not end in . : ; continues a paragraph cut by a page break.
    """
    width = _wrap_width(texts)
    paragraphs: list[str] = []
    last_line = ""
    for raw in texts:
        text = raw.strip()
        if not text:
            continue
        starts_item = _marker(text) is not None
        lower = text[:1].islower()
        if not paragraphs or starts_item:
            new = True
        elif hard_wrapped:
            first_word = text.split()[0]
            full = len(last_line) + 1 + len(first_word) > 0.85 * width
            new = not lower and (last_line.endswith((".", ":", ";", "!", "?")) or not full)
        else:
            new = not (lower and not last_line.endswith((".", ":", ";", "!", "?")))
        if new:
            paragraphs.append(text)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        last_line = text
    return paragraphs


def parse(text: str) -> Layout:
    lines = clean_lines(text)
    layout = Layout()
    texts = [line.text for line in lines]
    layout.hard_wrapped = _is_hard_wrapped(texts)

    # the first part that is not header: the document type, "Kính gửi", or a body opening
    nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
    doc_type_at = next((i for i in nonblank[:15] if _doc_type(lines[i])), None)
    kinh_gui_at = next((i for i in nonblank[:25] if _KINH_GUI.match(lines[i].folded)), None)
    closing_at = next(
        (i for i in nonblank if _RECIPIENTS.match(lines[i].folded)),
        None,
    )
    if closing_at is None:
        closing_at = next(
            (
                i
                for i in nonblank
                if i > (kinh_gui_at or doc_type_at or 0)
                and (
                    (lines[i].cells and _AUTHORITY.match(fold(lines[i].cells[-1] or lines[i].cells[0])))
                    or (_AUTHORITY.match(lines[i].folded) and _is_upper(lines[i].text))
                )
            ),
            len(lines),
        )
    starts = [i for i in (doc_type_at, kinh_gui_at) if i is not None]
    header_end = min(starts) if starts else 0
    if not starts:
        # no type line and no "Kính gửi": the header is the leading run of header-looking lines
        for i in nonblank:
            f = lines[i].folded
            if (
                _MOTTO_1.search(f)
                or _MOTTO_2.search(f)
                or _NUMBER_LINE.match(f)
                or _DATE_LINE.search(f)
                or f.startswith("v/v")
            ):
                header_end = i + 1
            elif i > header_end + 2:
                break
    layout.header_left, layout.header_right = _header(lines[:header_end])
    if layout.header_left or layout.header_right:
        _complete_motto(layout.header_right)
    for piece in layout.header_right:
        m = re.search(r"ng\S{1,3}\s+(\d{1,2})\s+th\S{2,3}g\s+(\d{1,2})\s+n\S{1,2}m\s+(\d{4})", fold(piece))
        if m:
            layout.issued = (int(m.group(1)), int(m.group(2)), int(m.group(3)))

    i = header_end
    if doc_type_at is not None and doc_type_at >= header_end:
        layout.doc_type = lines[doc_type_at].text.strip()
        i = doc_type_at + 1
        title_lines: list[str] = []
        while i < closing_at and len(title_lines) < 5:
            line = lines[i]
            text = line.text.strip()
            if not text:
                i += 1
                continue
            if title_lines and (
                (_BODY_OPENING.match(line.folded) and text[:1].isupper())
                or _marker(text)
                or _KINH_GUI.match(line.folded)
                or (not layout.hard_wrapped and not text.startswith("("))
            ):
                break
            title_lines.append(text)
            i += 1
        for text in title_lines:
            if text.startswith("(") or not layout.titles:
                layout.titles.append(text)
            else:
                layout.titles[-1] = f"{layout.titles[-1]} {text}"

    if kinh_gui_at is not None and kinh_gui_at >= i - 1 and kinh_gui_at < closing_at:
        line = lines[kinh_gui_at]
        i = kinh_gui_at + 1
        if line.cells:
            layout.kinh_gui = [line.cells[0], *[c for c in line.cells[1:] if c]]
        else:
            text = line.text.strip()
            layout.kinh_gui = [text]
            m = _KINH_GUI.match(fold(text))
            if m and not text[m.end() :].strip():
                while i < closing_at:
                    t = lines[i].text.strip()
                    if not t:
                        i += 1
                        continue
                    if t.startswith(("-", "–", "+")):
                        layout.kinh_gui.append(t)
                        i += 1
                        continue
                    break
        # "Kính gửi: | - Các Bộ; |" followed by more items
        if line.cells:
            while i < closing_at and lines[i].text.strip().startswith(("-", "–")):
                layout.kinh_gui.append(lines[i].text.strip())
                i += 1

    body_lines = lines[i:closing_at]
    bold_texts = {line.text.strip() for line in body_lines if line.bold}
    for text in rejoin([line.text for line in body_lines], layout.hard_wrapped):
        marker = _marker(text)
        bold = text in bold_texts
        if marker:
            kind, literal, values, rest = marker
            layout.body.append(Para(rest, "item", literal, kind, values, bold=bold))
        else:
            layout.body.append(Para(text, bold=bold))
    _move_footnotes(layout.body)
    layout.recipients, layout.signature, layout.signer = _closing(lines[closing_at:])
    return layout


def _move_footnotes(body: list[Para]) -> None:
    """A footnote that PDF text dropped into the body ("… Chính phủ1." then "1 Công điện số …") goes back
    to a real footnote of the paragraph that references it."""
    k = 0
    while k < len(body):
        para = body[k]
        m = re.match(r"^(\d{1,2})\s+(?=[^\W\d_])", para.text)
        if para.marker is None and m and para.text[m.end() :][:1].isupper():
            number = m.group(1)
            ref = re.compile(rf"(?<=[^\W\d_]){number}(?=[.,;:)]?(\s|$))")
            for j in range(k - 1, max(-1, k - 4), -1):
                hits = list(ref.finditer(body[j].text))
                if hits:
                    at = hits[-1].start()
                    target = body[j]
                    target.text = target.text[:at] + target.text[at + len(number) :]
                    target.footnotes.append((at, para.text[m.end() :]))
                    del body[k]
                    break
            else:
                k += 1
            continue
        k += 1


# --------------------------------------------------------------------------------------------- docx

FONT = "Times New Roman"
_BORDERLESS = (
    '<w:tblBorders {ns}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
    '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
)


class _Lists:
    """Word numbering for the body: one outline list (%1. / %1.%2. / …), roman, letter and bullet lists.

    Counters are simulated as Word keeps them (per abstract list, deeper levels restarting); where the
    text's number is not the next one, a new ``w:num`` with start overrides makes Word show it anyway.
    With ``styles``, the outline levels and bullets are paragraph styles linked to the lists (as offices'
    templates do), and a paragraph carries a direct ``w:numPr`` only after a restart.
    """

    STYLE_IDS: Final = {
        ("decimal", 0): "Muc1",
        ("decimal", 1): "Muc2",
        ("decimal", 2): "Muc3",
        ("decimal", 3): "Muc4",
        ("bullet", 0): "GachDau",
        ("bullet", 1): "DauCong",
    }

    def __init__(self, factory: DocxFactory, *, styles: bool = False) -> None:
        self.f = factory
        self.abstract = {
            "decimal": factory.add_abstract(
                [
                    Level("decimal", "%1."),
                    Level("decimal", "%1.%2."),
                    Level("decimal", "%1.%2.%3."),
                    Level("decimal", "%1.%2.%3.%4."),
                ]
            ),
            "roman": factory.add_abstract([Level("upperRoman", "%1.")]),
            "letter": factory.add_abstract([Level("lowerLetter", "%1)")]),
            "bullet": factory.add_abstract([bullet("-", font=FONT), bullet("+", font=FONT)]),
        }
        for abstract_id in self.abstract.values():
            self._vietnamese_indent(abstract_id)
        self.current: dict[str, int] = {}
        self.counters: dict[str, list[int]] = {}
        self.restarts = 0
        self.styles = styles
        self.style_num: dict[str, int] = {}
        if styles:
            for kind in ("decimal", "bullet"):
                self.style_num[kind] = self.current[kind] = factory.add_num(self.abstract[kind])
            for (kind, ilvl), style_id in self.STYLE_IDS.items():
                factory.add_style(style_id, num=self.style_num[kind], ilvl=ilvl, based_on="Normal")

    def _vietnamese_indent(self, abstract_id: int) -> None:
        """Number inline with a first-line indent and a space after it, as Vietnamese documents do."""
        numbering = self.f._numbering
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) != str(abstract_id):
                continue
            for lvl in abstract.findall(qn("w:lvl")):
                lvl_text = lvl.find(qn("w:lvlText"))
                lvl_text.addprevious(parse_xml(f'<w:suff {nsdecls("w")} w:val="space"/>'))
                ppr = lvl.find(qn("w:pPr"))
                for ind in ppr.findall(qn("w:ind")):
                    ppr.remove(ind)
                ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="0" w:firstLine="567"/>'))

    def num_for(self, para: Para) -> tuple[str, int, int]:
        """(list, numId, ilvl) for a list item."""
        kind = para.list_kind or "dash"
        if kind in ("dash", "plus"):
            if "bullet" not in self.current:
                self.current["bullet"] = self.f.add_num(self.abstract["bullet"])
            return "bullet", self.current["bullet"], 0 if kind == "dash" else 1
        values = list(para.values)
        level = len(values) - 1
        counters = self.counters.get(kind, [])
        expected = [
            *(counters[:level] + [1] * level)[:level],
            (counters[level] if len(counters) > level else 0) + 1,
        ]
        if kind not in self.current or expected != values:
            overrides = dict(enumerate(values))
            self.current[kind] = self.f.add_num(self.abstract[kind], start_overrides=overrides)
            if kind in self.counters:
                self.restarts += 1
        self.counters[kind] = values
        return kind, self.current[kind], level

    def apply(self, paragraph: Any, para: Para) -> None:
        kind, num_id, ilvl = self.num_for(para)
        style_id = self.STYLE_IDS.get((kind, ilvl)) if self.styles else None
        if style_id:
            paragraph.style = self.f.doc.styles[style_id]
            if num_id == self.style_num[kind]:
                return
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(_BORDERLESS.format(ns=nsdecls("w"))))


def _fmt(
    paragraph: Any, *, align: Any = None, before: float = 0, after: float = 0, indent: float | None = None
) -> None:
    pf = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = 1.0
    if indent is not None:
        pf.first_line_indent = Cm(indent)


def _run(
    paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> Any:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _cell_paragraph(cell: Any, first: list[bool]) -> Any:
    if first[0]:
        first[0] = False
        return cell.paragraphs[0]
    return cell.add_paragraph()


def _two_columns(factory: DocxFactory, widths: tuple[float, float], rows: int = 1) -> tuple[Any, Any, Any]:
    """A borderless two-column table; returns it with the cells of its first row."""
    table = factory.doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    left, right = table.rows[0].cells
    return table, left, right


def _stamp_lines(layout: Layout) -> list[str]:
    """The text of a digital-signature stamp: signer, agency (the header's agency lines), signing time."""
    agency = " ".join(t for t in layout.header_left if _is_upper(t) and not _NUMBER_LINE.match(fold(t)))
    day, month, year = layout.issued or (15, 6, 2025)
    lines = [f"Ký bởi: {layout.signer or agency}"] if layout.signer or agency else []
    lines += [f"Cơ quan: {agency}"] if agency else []
    return [*lines, f"Thời gian ký: {day:02d}.{month:02d}.{year} 16:42:07 +07:00"] if lines else []


def _stamp_box(factory: DocxFactory, texts: Sequence[str]) -> None:
    """A floating, outlined text box in the top-right corner of the first page (DrawingML + VML)."""
    paragraph = factory.doc.add_paragraph()
    _fmt(paragraph)
    content = "".join(
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
        f'<w:t xml:space="preserve">{t.replace("&", "&amp;").replace("<", "&lt;")}</w:t></w:r></w:p>'
        for t in texts
    )
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    )
    cx, cy = 2880000, 540000  # 8 cm × 1.5 cm
    xml = f"""<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264"
 behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>4320000</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>144000</wp:posOffset></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="900" name="Chữ ký số"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>
<a:ln w="9525"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="45720" tIns="22860" rIns="45720" bIns="22860" anchor="t">
<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="Chu ky so" o:spid="_x0000_s2049" type="#_x0000_t202" strokecolor="#c00000"
 style="position:absolute;margin-left:340pt;margin-top:11pt;width:227pt;height:43pt;z-index:1;
 mso-position-horizontal-relative:page;mso-position-vertical-relative:page">
<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
    paragraph._p.append(parse_xml(xml))


FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Footnotes:
    """word/footnotes.xml, written when the first footnote is referenced."""

    def __init__(self, factory: DocxFactory) -> None:
        self.f = factory
        self.notes: list[str] = []

    def reference(self, paragraph: Any, note: str) -> None:
        self.notes.append(note)
        paragraph._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
            )
        )

    def write(self) -> None:
        if not self.notes:
            return
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        tight = '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        xml = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">']
        xml.append(
            f'<w:footnote w:type="separator" w:id="-1"><w:p>{tight}<w:r><w:separator/></w:r></w:p></w:footnote>'
        )
        xml.append(
            f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{tight}'
            "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        )
        for number, note in enumerate(self.notes, 1):
            xml.append(
                f'<w:footnote w:id="{number}"><w:p>{tight}'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {_esc(note)}</w:t></w:r>'
                "</w:p></w:footnote>"
            )
        xml.append("</w:footnotes>")
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_CT,
            "".join(xml).encode("utf-8"),
            self.f.doc.part.package,
        )
        self.f.doc.part.relate_to(part, RT.FOOTNOTES)


def _page_numbers(factory: DocxFactory) -> None:
    """A centred PAGE field in the page header from page 2 on (NĐ 30: no number on the first page)."""
    section = factory.doc.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Cm(1)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {ns}><w:t>2</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"))))


@dataclass(frozen=True)
class Variant:
    """How one office happens to type its documents (the details vary from office to office)."""

    stamp: str | None = None  # None | "box" | "para": a digital-signature stamp on page 1
    header_breaks: bool = False  # header lines of one column in one paragraph, split by line breaks
    header_rows: bool = False  # a two-row header table: agency | motto, then number and V/v | place, date
    list_styles: bool = False  # list numbering carried by paragraph styles ("Muc1", "GachDau", …)
    font: str = FONT  # a wider font ("DejaVu Serif") wraps the header column: issuer, motto and date

    def describe(self) -> str:
        parts = [f"stamp={self.stamp or 'none'}"]
        parts += ["header-breaks"] if self.header_breaks else []
        parts += ["header-rows"] if self.header_rows else []
        parts += ["list-styles"] if self.list_styles else []
        parts += [f"font={self.font}"] if self.font != FONT else []
        return " ".join(parts)


def variant_for(stem: str) -> Variant:
    """The variant a document gets by default, fixed by its name: a third of the documents have no stamp,
    a third a text-box stamp, a third a paragraph stamp; the other choices about half each."""
    h = int(hashlib.sha1(stem.encode("utf-8")).hexdigest(), 16)
    return Variant(
        stamp=(None, "box", "para")[h % 3],
        header_breaks=bool(h >> 4 & 1),
        list_styles=bool(h >> 5 & 1),
        header_rows=bool(h >> 6 & 1),
    )


def build_docx(layout: Layout, variant: Variant | None = None) -> DocxFactory:
    variant = variant or Variant()
    f = DocxFactory()
    doc = f.doc
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = variant.font
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), variant.font)
    lists = _Lists(f, styles=variant.list_styles)
    footnotes = _Footnotes(f)
    _page_numbers(f)

    stamp_texts = _stamp_lines(layout) if variant.stamp else []
    if variant.stamp == "box" and stamp_texts:
        _stamp_box(f, stamp_texts)
    elif variant.stamp == "para" and stamp_texts:
        for text in stamp_texts:
            p = doc.add_paragraph()
            _fmt(p, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _run(p, text, italic=True, size=8)

    if layout.header_left or layout.header_right:
        left_lines, right_lines = layout.header_left, layout.header_right
        # the row split: the agency lines over "Số: …", the motto over the place and date
        cut_left = next(
            (k for k, t in enumerate(left_lines) if not _is_upper(t) or _NUMBER_LINE.match(fold(t))), 0
        )
        cut_right = next(
            (k for k, t in enumerate(right_lines) if _DATE_LINE.search(fold(t))), len(right_lines)
        )
        two_rows = variant.header_rows and cut_left > 0 and 0 < cut_right < len(right_lines)
        table, left, right = _two_columns(f, (6.0, 10.0), rows=2 if two_rows else 1)
        if two_rows:
            cells = table.rows[1].cells
            _header_cell(left, _header_groups(left_lines[:cut_left], variant.header_breaks), left_column=True)
            _header_cell(
                right, _header_groups(right_lines[:cut_right], variant.header_breaks), left_column=False
            )
            _header_cell(
                cells[0], _header_groups(left_lines[cut_left:], False), left_column=True, agency_lines=1
            )
            _header_cell(cells[1], _header_groups(right_lines[cut_right:], False), left_column=False)
        else:
            _header_cell(left, _header_groups(left_lines, variant.header_breaks), left_column=True)
            _header_cell(right, _header_groups(right_lines, variant.header_breaks), left_column=False)

    if layout.doc_type:
        p = doc.add_paragraph()
        _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=18)
        _run(p, layout.doc_type, bold=True)
    for text in layout.titles:
        p = doc.add_paragraph()
        _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(p, text, bold=True)

    if layout.kinh_gui:
        if len(layout.kinh_gui) == 1:
            p = doc.add_paragraph()
            _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12)
            _run(p, layout.kinh_gui[0])
        else:
            _fmt(doc.add_paragraph())  # the space above the table
            _, left, right = _two_columns(f, (4.0, 12.0))
            p = left.paragraphs[0]
            _fmt(p, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _run(p, layout.kinh_gui[0])
            for index, text in enumerate(layout.kinh_gui[1:]):
                p = right.paragraphs[0] if index == 0 else right.add_paragraph()
                _fmt(p, align=WD_ALIGN_PARAGRAPH.LEFT)
                _run(p, text)

    for para in layout.body:
        p = doc.add_paragraph()
        _fmt(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=0, after=6, indent=None if para.marker else 1.0)
        if para.marker:
            lists.apply(p, para)
        start = 0
        for at, note in sorted(para.footnotes):
            _run(p, para.text[start:at], bold=para.bold)
            footnotes.reference(p, note)
            start = at
        _run(p, para.text[start:], bold=para.bold)

    if layout.recipients or layout.signature:
        _fmt(doc.add_paragraph())  # the space above the table
        _, left, right = _two_columns(f, (7.5, 8.5))
        for index, text in enumerate(layout.recipients):
            p = left.paragraphs[0] if index == 0 else left.add_paragraph()
            _fmt(p)
            head = index == 0 and bool(_RECIPIENTS.match(fold(text)))
            _run(p, text, bold=head, italic=head, size=12 if head else 11)
        for index, text in enumerate(layout.signature):
            p = right.paragraphs[0] if index == 0 else right.add_paragraph()
            if text == layout.signer:
                for _ in range(3):  # the room for the signature and the seal
                    _fmt(p)
                    p = right.add_paragraph()
            _fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER)
            _run(p, text, bold=True)
    footnotes.write()
    f.restarts = lists.restarts  # type: ignore[attr-defined]
    return f


def _header_groups(texts: Sequence[str], breaks: bool) -> list[list[str]]:
    """Header lines as paragraphs; with ``breaks``, runs of agency or motto lines share one paragraph."""
    groups: list[list[str]] = []
    for text in texts:
        folded = fold(text)
        joinable = _is_upper(text) or _MOTTO_2.search(folded)
        joinable = joinable and not _NUMBER_LINE.match(folded) and not _DATE_LINE.search(folded)
        if breaks and groups and joinable and groups[-1][-1] and _joinable(groups[-1][-1]):
            groups[-1].append(text)
        else:
            groups.append([text])
    return groups


def _joinable(text: str) -> bool:
    folded = fold(text)
    return bool((_is_upper(text) or _MOTTO_2.search(folded)) and not _NUMBER_LINE.match(folded))


def _header_cell(cell: Any, groups: list[list[str]], *, left_column: bool, agency_lines: int = 0) -> None:
    for index, group in enumerate(groups):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        folded = fold(group[0])
        is_vv = folded.startswith("v/v")
        is_date = bool(_DATE_LINE.search(folded))
        _fmt(
            p,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=6 if is_vv or is_date or _NUMBER_LINE.match(folded) else 0,
        )
        for k, text in enumerate(group):
            if k:
                p.runs[-1].add_break()
            if left_column:
                agency = _is_upper(text) and not _NUMBER_LINE.match(fold(text))
                _run(p, text, bold=agency and agency_lines > 0, size=12 if is_vv else 13)
                agency_lines += agency
            else:
                _run(p, text, bold=not is_date, italic=is_date, size=14 if is_date else 13)


# ------------------------------------------------------------------------------------------ rendering


def render_docx(txt_path: Path, out_dir: Path, variant: Variant | None = None) -> Path:
    """Write ``out_dir/<stem>.docx`` for ``txt_path`` (``variant``: the document's own by default)."""
    layout = parse(txt_path.read_text(encoding="utf-8"))
    target = out_dir / f"{txt_path.stem}.docx"
    out_dir.mkdir(parents=True, exist_ok=True)
    build_docx(layout, variant or variant_for(txt_path.stem)).save(target)
    return target


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_files: Iterable[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """Print .docx files to PDF with LibreOffice, in one call (a private profile per process)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    files = [str(p) for p in docx_files]
    out_dir.mkdir(parents=True, exist_ok=True)
    if not files:
        return []
    profile = Path(tempfile.gettempdir()) / f"lo_profile_{os.getpid()}"
    try:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *files,
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    made = [out_dir / (Path(p).stem + ".pdf") for p in files]
    missing = [p.name for p in made if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return made


def render_dir(
    src: Path, out: Path, *, pdf: bool = True, stamp: str | None = "auto"
) -> list[tuple[Path, Variant]]:
    """Render every ``src/*.txt`` into ``out``; ``stamp`` "auto" keeps each document's own variant."""
    made = []
    for path in sorted(src.glob("*.txt")):
        variant = variant_for(path.stem)
        if stamp != "auto":
            variant = dataclasses.replace(variant, stamp=stamp)
        made.append((render_docx(path, out, variant), variant))
    if pdf and soffice():
        to_pdf([docx for docx, _ in made], out)
    return made


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="directory of .txt documents")
    ap.add_argument("out", type=Path, help="directory for the .docx / .pdf files")
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--stamp", choices=("auto", "none", *STAMP_KINDS), default="auto")
    args = ap.parse_args(argv)
    stamp = None if args.stamp == "none" else args.stamp
    for docx_path, variant in render_dir(args.src, args.out, pdf=not args.no_pdf, stamp=stamp):
        pdf_path = docx_path.with_suffix(".pdf")
        print(f"{docx_path}{'  ' + pdf_path.name if pdf_path.exists() else ''}  ({variant.describe()})")
    if not args.no_pdf and not soffice():
        print("soffice not found: no PDF written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
