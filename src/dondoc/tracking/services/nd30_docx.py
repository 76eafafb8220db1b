"""Layout helpers for documents the office issues, in the form of Nghị định 30/2020/NĐ-CP (Phụ lục I):
A4 paper and margins, Times New Roman, the two-column header (issuer | Quốc hiệu, Tiêu ngữ), Số and
place/date, the type and trích yếu, tables, landscape sections, Nơi nhận and the signature block.

Shared by every .docx the tracking app writes (the periodic report; the follow-up công văn, with its
trích yếu under the Số and its Kính gửi): each builds its body with these functions and nothing else
knows the layout. Python-docx only, no template file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
A4_SHORT_MM = 210
A4_LONG_MM = 297
# NĐ 30/2020 Phụ lục I: lề trên, dưới 20-25 mm; lề trái 30-35 mm; lề phải 15-20 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_MM = 0.8


@dataclass(frozen=True)
class Letterhead:
    """Who issues: the governing body (cơ quan chủ quản), the issuing office, its abbreviation in the
    number (Số: …/BC-VP), the place name of the date line, the signer's authority and position."""

    parent: str = "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM"
    issuer: str = "VĂN PHÒNG"
    symbol: str = "VP"
    place: str = "Hòa Lâm"
    authority: str = "KT. CHÁNH VĂN PHÒNG"
    position: str = "PHÓ CHÁNH VĂN PHÒNG"
    signer: str = ""
    recipients: tuple[str, ...] = field(default=("Lãnh đạo UBND tỉnh (b/c)", "Các sở, ban, ngành", "Lưu: VT"))


def letterhead_from_env() -> Letterhead:
    """The office's letterhead: ``DONDOC_ORG_PARENT``, ``DONDOC_ORG_NAME``, ``DONDOC_ORG_SYMBOL``,
    ``DONDOC_ORG_PLACE``, ``DONDOC_ORG_SIGNER`` (defaults: the demo province)."""
    base = Letterhead()
    env = os.environ.get
    return Letterhead(
        parent=env("DONDOC_ORG_PARENT", base.parent),
        issuer=env("DONDOC_ORG_NAME", base.issuer),
        symbol=env("DONDOC_ORG_SYMBOL", base.symbol),
        place=env("DONDOC_ORG_PLACE", base.place),
        authority=base.authority,
        position=base.position,
        signer=env("DONDOC_ORG_SIGNER", base.signer),
        recipients=base.recipients,
    )


def long_date(day: dt.date) -> str:
    """``ngày 07 tháng 12 năm 2026``: a day below 10 and the months 1 and 2 take a leading zero (NĐ 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def new_document() -> Any:
    """An empty A4 portrait document with the NĐ 30 margins and Times New Roman 14 pt."""
    doc = new_docx()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)
    _page(doc.sections[0], landscape=False)
    return doc


def _page(section: Any, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (A4_LONG_MM, A4_SHORT_MM) if landscape else (A4_SHORT_MM, A4_LONG_MM)
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"] if not landscape else 20)
    section.right_margin = Mm(MARGINS_MM["right"])


def landscape_section(doc: Any) -> Any:
    """Start a new page in landscape (an annex, a wide table)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    return section


def text_width_mm(doc: Any) -> float:
    section = doc.sections[-1]
    return float((section.page_width - section.left_margin - section.right_margin) / Mm(1))


def paragraph(
    target: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: str = "left",
    space_before: float = 0,
    space_after: float = 0,
    indent_first_mm: float = 0,
) -> Any:
    """A paragraph in ``target`` (the document or a table cell's first empty paragraph)."""
    para = _fresh_paragraph(target)
    if text:
        run = para.add_run(text)
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = para.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if indent_first_mm:
        fmt.first_line_indent = Mm(indent_first_mm)
    return para


def _fresh_paragraph(target: Any) -> Any:
    """A cell starts with one empty paragraph: use it first, then add new ones."""
    if hasattr(target, "_tc"):
        paras = target.paragraphs
        # untouched: no run and no paragraph properties (``paragraph`` always sets the alignment)
        if len(paras) == 1 and not paras[0].runs and paras[0]._p.pPr is None:
            return paras[0]
    return target.add_paragraph()


def _borderless(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _rule(target: Any, column_mm: float, rule_mm: float) -> None:
    """The short solid line under the issuer, the Tiêu ngữ and the trích yếu (NĐ 30): the bottom border
    of a tiny empty paragraph, indented so that it is ``rule_mm`` long in a ``column_mm`` column."""
    para = paragraph(target, "", align="center")
    para.paragraph_format.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)
    side_twips = str(max(0, int((column_mm - rule_mm) / 2 * TWIPS_PER_MM)))
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), side_twips)
    ind.set(qn("w:right"), side_twips)
    ppr.append(ind)


def header_block(doc: Any, head: Letterhead, number: str, day: dt.date, *, summary: str = "") -> None:
    """Ô 1-4 of the NĐ 30 layout: issuer (left) and Quốc hiệu, Tiêu ngữ (right); Số and place, date.
    ``summary``: a công văn's trích yếu ("V/v …", ô 5b), 12 pt under the Số."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    width = text_width_mm(doc)
    widths = (width * 0.4, width * 0.6)
    _column_widths(table, widths)
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Mm(w)
    left, right = table.rows[0].cells
    paragraph(left, head.parent.upper(), size=13, align="center")
    paragraph(left, head.issuer.upper(), bold=True, size=13, align="center")
    _rule(left, widths[0], 25)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align="center")
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align="center")
    _rule(right, widths[1], 62)
    num, place = table.rows[1].cells
    paragraph(num, f"Số: {number}", size=13, align="center", space_before=6)
    if summary:
        paragraph(num, summary, size=12, align="center")
    paragraph(place, f"{head.place}, {long_date(day)}", italic=True, size=14, align="center", space_before=6)


def title_block(doc: Any, kind: str, summary: str) -> None:
    """Ô 5: the document type in capitals, bold, and its trích yếu under it, with a short rule."""
    paragraph(doc, kind.upper(), bold=True, size=14, align="center", space_before=18)
    paragraph(doc, summary, bold=True, size=14, align="center")
    _rule(doc, text_width_mm(doc), 30)
    paragraph(doc, "", space_after=6)


def addressee_block(doc: Any, recipients: Sequence[str]) -> None:
    """A công văn's "Kính gửi: X." on one line, or "Kính gửi:" then one "- X;" line a recipient."""
    if len(recipients) == 1:
        paragraph(doc, f"Kính gửi: {recipients[0]}.", size=14, align="center", space_before=12, space_after=6)
        return
    paragraph(doc, "Kính gửi:", size=14, align="center", space_before=12)
    _dash_lines(doc, recipients, size=14, align="center")
    paragraph(doc, "", space_after=6)


def _dash_lines(target: Any, lines: Sequence[str], *, size: float, align: str = "left") -> None:
    """One "- line;" paragraph a line, the last ending with a full stop (recipient lists)."""
    last = len(lines) - 1
    for i, line in enumerate(lines):
        paragraph(target, f"- {line}{'.' if i == last else ';'}", size=size, align=align)


def heading(doc: Any, text: str) -> Any:
    return paragraph(doc, text, bold=True, align="justify", space_before=6, space_after=3, indent_first_mm=10)


def body(doc: Any, text: str, *, bold: bool = False) -> Any:
    return paragraph(doc, text, bold=bold, align="justify", space_after=3, indent_first_mm=10)


def grid_table(
    doc: Any,
    header_rows: Sequence[Sequence[str | None]],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    bold_rows: Sequence[int] = (),
    center_cols: Sequence[int] = (),
    size: float = TABLE_PT,
) -> Any:
    """A bordered table: header rows (``None`` merges with the cell to its left; the same text right
    below a header cell merges vertically), then the rows; a row of one value spans the whole width
    in bold (a group heading). Cells are ``size`` pt, the header bold, centred, repeated on every
    page."""
    ncols = len(widths_mm)
    table = doc.add_table(rows=len(header_rows) + len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, CELL_MARGIN_MM)
    for r, header in enumerate(header_rows):
        _fill_header_row(table, r, header, header_rows, size)
        _repeat_header(table.rows[r])
    for i, values in enumerate(rows):
        row = table.rows[len(header_rows) + i]
        if len(values) == 1 and ncols > 1:
            paragraph(row.cells[0].merge(row.cells[ncols - 1]), values[0], size=size, bold=True)
            continue
        for c, value in enumerate(values):
            align = "center" if c in center_cols else "left"
            paragraph(row.cells[c], value, size=size, bold=i in bold_rows, align=align)
    _column_widths(table, widths_mm)
    for row in table.rows:
        for c, w in enumerate(widths_mm):
            row.cells[c].width = Mm(w)
    return table


def _cell_margins(table: Any, mm: float) -> None:
    """Narrow left/right cell margins, so that short headers ("Không thời hạn") break between words."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(mm * TWIPS_PER_MM)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


def _column_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """The table grid's column widths (LibreOffice lays out by them, Word by the cell widths)."""
    for column, w in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(w)


def _fill_header_row(
    table: Any, r: int, header: Sequence[str | None], all_rows: Sequence[Any], size: float
) -> None:
    row = table.rows[r]
    start = 0
    for c, value in enumerate(header):
        if value is None:
            row.cells[start].merge(row.cells[c])
            continue
        start = c
        above = all_rows[r - 1][c] if r > 0 else None
        if r > 0 and value == above:
            table.rows[r - 1].cells[c].merge(row.cells[c])
            continue
        paragraph(row.cells[c], value, bold=True, size=size, align="center")


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def closing_block(doc: Any, head: Letterhead) -> None:
    """Ô 9: Nơi nhận (left, 12 pt bold italic, then 11 pt lines) and the signature (right)."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    width = text_width_mm(doc)
    left, right = table.rows[0].cells
    _column_widths(table, (width * 0.5, width * 0.5))
    left.width, right.width = Mm(width * 0.5), Mm(width * 0.5)
    paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12, space_before=12)
    _dash_lines(left, head.recipients, size=11)
    paragraph(right, head.authority, bold=True, size=14, align="center", space_before=12)
    paragraph(right, head.position, bold=True, size=14, align="center")
    paragraph(right, "", size=14, space_after=60)
    paragraph(right, head.signer, bold=True, size=14, align="center")
