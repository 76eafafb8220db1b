"""Build .docx test files with python-docx, including real Word automatic numbering.

Numbering is written the way Word writes it: ``w:abstractNum`` definitions and ``w:num`` instances in
``numbering.xml``, referenced from paragraphs (``w:pPr/w:numPr``) or from paragraph styles. Nothing of the
number appears in the text runs, so a parser must rebuild it.

    f = DocxFactory()
    outline = f.add_list([Level("decimal", "%1."), Level("decimal", "%1.%2.")])
    f.paragraph("Giao thông", num=outline, ilvl=0)      # "1. Giao thông"
    f.paragraph("Phòng Y tế:", num=outline, ilvl=1)     # "1.1. Phòng Y tế:"
    data = f.to_bytes()
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXTBOX_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    fmt: str = "decimal"  # w:numFmt: decimal, lowerLetter, upperRoman, bullet, …
    text: str = "%1."  # w:lvlText
    start: int = 1
    restart: int | None = None  # w:lvlRestart
    font: str | None = None  # bullet font (Symbol, Wingdings, Courier New)
    pstyle: str | None = None  # the paragraph style linked to this level
    legal: bool = False  # w:isLgl


def bullet(glyph: str = "•", font: str | None = None) -> Level:
    return Level(fmt="bullet", text=glyph, font=font)


class DocxFactory:
    """A small builder around a python-docx ``Document``."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._numbering = self.doc.part.numbering_part.element
        self._next_abstract = 1 + max(
            (int(a.get(qn("w:abstractNumId"))) for a in self._numbering.findall(qn("w:abstractNum"))),
            default=-1,
        )
        self._next_num = 1 + max(
            (int(n.get(qn("w:numId"))) for n in self._numbering.findall(qn("w:num"))), default=0
        )
        self._shape_id = 1
        self._body = self.doc.element.body

    # numbering

    def add_abstract(self, levels: Sequence[Level]) -> int:
        """Write a ``w:abstractNum`` with ``levels`` (level i is ``w:ilvl=i``); return its id."""
        abstract_id = self._next_abstract
        self._next_abstract += 1
        xml = [f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">']
        xml.append(f'<w:multiLevelType w:val="{"multilevel" if len(levels) > 1 else "singleLevel"}"/>')
        for ilvl, level in enumerate(levels):
            xml.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{level.start}"/>')
            xml.append(f'<w:numFmt w:val="{level.fmt}"/>')
            if level.restart is not None:
                xml.append(f'<w:lvlRestart w:val="{level.restart}"/>')
            if level.pstyle:
                xml.append(f'<w:pStyle w:val="{level.pstyle}"/>')
            if level.legal:
                xml.append("<w:isLgl/>")
            xml.append(f'<w:lvlText w:val="{_escape(level.text)}"/><w:lvlJc w:val="left"/>')
            xml.append(f'<w:pPr><w:ind w:left="{360 * (ilvl + 1)}" w:hanging="360"/></w:pPr>')
            if level.font:
                font = _escape(level.font)
                xml.append(f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>')
            xml.append("</w:lvl>")
        xml.append("</w:abstractNum>")
        element = parse_xml("".join(xml))
        existing = self._numbering.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(element)
        else:
            self._numbering.insert(0, element)
        return abstract_id

    def add_num(self, abstract_id: int, start_overrides: Mapping[int, int] | None = None) -> int:
        """Write a ``w:num`` of ``abstract_id``, with a ``w:startOverride`` per level; return its numId."""
        num_id = self._next_num
        self._next_num += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for ilvl, start in (start_overrides or {}).items()
        )
        element = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{overrides}</w:num>"
        )
        self._numbering.append(element)
        return num_id

    def add_list(self, levels: Sequence[Level]) -> int:
        """An abstract list and one instance of it: return the numId to use on paragraphs."""
        return self.add_num(self.add_abstract(levels))

    def add_style(
        self,
        style_id: str,
        *,
        num: int | None = None,
        ilvl: int | None = None,
        based_on: str | None = None,
    ) -> str:
        """A paragraph style (name = id) carrying ``w:numPr`` (numId and optionally ilvl)."""
        style = self.doc.styles.add_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        if based_on is not None:
            style.base_style = self.doc.styles[based_on]
        if num is not None:
            num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
            if ilvl is not None:
                num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num
        return str(style.style_id)

    # content

    def paragraph(
        self,
        text: str = "",
        *,
        num: int | None = None,
        ilvl: int | None = None,
        style: str | None = None,
        container: Any = None,
    ) -> Any:
        """Add a paragraph to the body (or ``container``: a table cell). In ``text``, "\\n" is a line break
        (``w:br``) and "\\t" a tab. ``num``/``ilvl`` write a direct ``w:numPr``."""
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph(style=self.doc.styles[style] if style else None)
        self._fill(paragraph, text)
        if num is not None or ilvl is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            if ilvl is not None:
                num_pr.get_or_add_ilvl().val = ilvl
            if num is not None:
                num_pr.get_or_add_numId().val = num
        return paragraph

    @staticmethod
    def _fill(paragraph: Any, text: str) -> None:
        for index, line in enumerate(text.split("\n")):
            run = paragraph.add_run()
            if index:
                run.add_break()
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    run.add_tab()
                if part:
                    run.add_text(part)

    def table(self, rows: Sequence[Sequence[str | Sequence[str]]], *, container: Any = None) -> Any:
        """A table; each cell is a text (one paragraph) or a sequence of paragraph texts."""
        ncols = max(len(row) for row in rows)
        target = container if container is not None else self.doc
        table = target.add_table(rows=len(rows), cols=ncols)
        for r, row in enumerate(rows):
            for c, content in enumerate(row):
                cell = table.cell(r, c)
                texts = [content] if isinstance(content, str) else list(content)
                first = cell.paragraphs[0]
                for index, text in enumerate(texts):
                    paragraph = first if index == 0 else cell.add_paragraph()
                    self._fill(paragraph, text)
        return table

    def text_box(self, texts: Sequence[str], *, anchor_text: str = "") -> Any:
        """A paragraph anchoring a floating text box (DrawingML, with Word's VML fallback copy)."""
        paragraph = self.paragraph(anchor_text)
        shape_id = self._shape_id
        self._shape_id += 1
        content = "".join(
            f'<w:p><w:r><w:t xml:space="preserve">{_escape(t)}</w:t></w:r></w:p>' for t in texts
        )
        xml = f"""<w:r {_TEXTBOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"
 relativeHeight="{251659264 + shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="2743200" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{shape_id}" name="Text Box {shape_id}"/>
<wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t">
<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape id="Text Box {shape_id}" o:spid="_x0000_s{1025 + shape_id}" type="#_x0000_t202"
 style="position:absolute;margin-left:0;margin-top:0;width:216pt;height:72pt;z-index:{shape_id}">
<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
        paragraph._p.append(parse_xml(xml))
        return paragraph

    def raw_block(self, xml: str) -> None:
        """Append body-level elements written as WordprocessingML (``w:`` and ``r:`` prefixes)."""
        wrapper = parse_xml(f"<w:wrapper {nsdecls('w', 'r')}>{xml}</w:wrapper>")
        for element in list(wrapper):
            self._body.insert(len(self._body) - 1, element)  # before the final w:sectPr

    def raw_paragraph(self, inner_xml: str) -> None:
        """Append a ``w:p`` whose content is ``inner_xml`` (runs with tracked changes, fields, …)."""
        self.raw_block(f"<w:p>{inner_xml}</w:p>")

    # output

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.write_bytes(self.to_bytes())
        return target
