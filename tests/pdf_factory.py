"""Build test PDFs with reportlab and a Vietnamese-capable TrueType font (DejaVu Sans).

The documents imitate the Nghị định 30/2020 layout: a two-column header, a centred title, justified
body paragraphs with a first-line indent, page numbers from page 2 and a two-column signature block.
Every builder returns the PDF bytes; ``build_nd30`` also returns the visual lines it drew so that a
test can compare the parser's output with what is really on the page.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_PATH = FONT_DIR / "DejaVuSans.ttf"
_STYLE_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
LEFT, RIGHT = 85.0, 538.0  # 3 cm left margin, 2 cm right margin
TOP, BOTTOM = 800.0, 70.0

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 123/UBND-XD"]
HEADER_RIGHT = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lào Cai, ngày 12 tháng 3 năm 2025",
]
VV_LINES = ["V/v đôn đốc thực hiện kết luận", "của Chủ tịch UBND tỉnh"]
#: The header in reading order: the left column (with the "V/v" lines under it), then the right column.
HEADER_ORDER = HEADER_LEFT + VV_LINES + HEADER_RIGHT
TITLE = [
    "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp",
    "về tiến độ các dự án đầu tư công năm 2025",
]

BODY_PARAGRAPHS = [
    "Ngày 10 tháng 3 năm 2025, đồng chí Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp nghe báo cáo "
    "tiến độ thực hiện các dự án đầu tư công trên địa bàn tỉnh. Tham dự cuộc họp có lãnh đạo các sở, "
    "ban, ngành và Ủy ban nhân dân các huyện, thị xã, thành phố.",
    "Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí Chủ tịch Ủy ban nhân dân tỉnh kết luận "
    "như sau:",
    "1. Sở Xây dựng chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan rà soát, tổng hợp khó "
    "khăn, vướng mắc trong công tác giải phóng mặt bằng, báo cáo Ủy ban nhân dân tỉnh trước ngày "
    "30 tháng 4 năm 2025.",
    "2. Sở Kế hoạch và Đầu tư tham mưu điều chỉnh kế hoạch vốn đầu tư công năm 2025 đối với các dự "
    "án chậm giải ngân; đề xuất điều chuyển vốn sang các dự án có khả năng hấp thụ vốn tốt hơn, "
    "hoàn thành trong tháng 5 năm 2025.",
    "3. Ủy ban nhân dân các huyện, thị xã, thành phố khẩn trương hoàn thiện hồ sơ bồi thường, hỗ trợ, "
    "tái định cư; tập trung đối thoại, vận động người dân bàn giao mặt bằng để nhà thầu thi công.",
    "4. Sở Tài nguyên và Môi trường hướng dẫn các địa phương xác định giá đất cụ thể, bảo đảm đúng "
    "quy định của pháp luật và phù hợp với thực tế; giải quyết dứt điểm các kiến nghị của người dân.",
    "5. Kho bạc Nhà nước tỉnh phối hợp chặt chẽ với các chủ đầu tư, kiểm soát chi nhanh gọn, đúng quy "
    "định; định kỳ hằng tháng báo cáo tình hình giải ngân về Sở Tài chính để tổng hợp.",
    "6. Các chủ đầu tư chịu trách nhiệm toàn diện về tiến độ, chất lượng công trình; xử lý nghiêm các "
    "nhà thầu vi phạm hợp đồng, chậm tiến độ theo quy định.",
    "7. Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện các nội dung trên và tổng hợp "
    "kết quả, báo cáo Chủ tịch Ủy ban nhân dân tỉnh tại phiên họp thường kỳ tháng 6 năm 2025.",
    "8. Các đơn vị cập nhật kết quả thực hiện trên Cổng dịch vụ công của tỉnh tại địa chỉ "
    "https://dichvucong.laocai.gov.vn/portal/p/home/tra-cuu-ho-so-du-an.html trước ngày 25 hằng tháng.",
    "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
]
RECIPIENTS = ["Nơi nhận:", "- Như trên;", "- TT. UBND tỉnh (b/c);", "- Lãnh đạo Văn phòng;", "- Lưu: VT, XD."]
SIGNATURE = ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Văn A"]

STAMP_LINES = [
    "Ký bởi: Ủy ban Nhân dân tỉnh Lào Cai",
    "Email: ubnd@laocai.gov.vn",
    "Cơ quan: Tỉnh Lào Cai",
    "Thời gian ký: 12.03.2025 09:15:22 +07:00",
]
STAMP_LINES_ASCII = ["Ky boi: So Xay dung tinh Lao Cai", "Thoi gian ky: 12.03.2025 09:15:22 +07:00"]
ROTATED_TEXT = "Văn bản điện tử được xác thực"


def font_available() -> bool:
    return FONT_PATH.is_file()


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for style, file in _STYLE_FILES.items():
        name = "DejaVu" + style
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        path = FONT_DIR / file
        pdfmetrics.registerFont(TTFont(name, str(path if path.is_file() else FONT_PATH)))


def font(style: str = "") -> str:
    _register_fonts()
    return "DejaVu" + style


def width(text: str, style: str = "", size: float = 13) -> float:
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, font(style), size))


@dataclass
class Doc:
    """A canvas wrapper that remembers where it is, for flowing text over pages."""

    encrypt: Any = None
    canvas: Any = None
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    page: int = 1

    def __post_init__(self) -> None:
        from reportlab.pdfgen.canvas import Canvas

        _register_fonts()
        self.canvas = Canvas(self.buffer, pagesize=(PAGE_W, PAGE_H), encrypt=self.encrypt)

    def text(
        self, x: float, y: float, s: str, *, size: float = 13, style: str = "", align: str = "left"
    ) -> None:
        c = self.canvas
        c.setFont(font(style), size)
        if align == "center":
            c.drawCentredString(x, y, s)
        elif align == "right":
            c.drawRightString(x, y, s)
        else:
            c.drawString(x, y, s)

    def justified(self, y: float, words: list[str], x0: float, x1: float, size: float) -> None:
        """Draw one justified line word by word, spreading the free space over the word gaps."""
        widths = [width(w, "", size) for w in words]
        gaps = len(words) - 1
        spare = (x1 - x0) - sum(widths)
        step = spare / gaps if gaps else 0.0
        x = x0
        for word, w in zip(words, widths, strict=True):
            self.text(x, y, word, size=size)
            x += w + step

    def rotated(self, x: float, y: float, s: str, angle: float, *, size: float = 9) -> None:
        c = self.canvas
        c.saveState()
        c.translate(x, y)
        c.rotate(angle)
        c.setFont(font(), size)
        c.drawString(0, 0, s)
        c.restoreState()

    def stamp(self, x: float, y: float, lines: list[str], *, size: float = 6.5) -> None:
        """A digital-signature box: a rectangle with small label lines inside."""
        c = self.canvas
        w = max(width(s, "", size) for s in lines) + 8
        h = len(lines) * (size + 2) + 6
        c.rect(x, y - h, w, h)
        for i, s in enumerate(lines):
            self.text(x + 4, y - 4 - (i + 1) * (size + 2) + 2, s, size=size)

    def image(self, x: float, y: float, w: float, h: float) -> None:
        """A grey bitmap with dark bars, like a scanned page (no text layer)."""
        from PIL import Image, ImageDraw
        from reportlab.lib.utils import ImageReader

        img = Image.new("L", (400, 560), 235)
        draw = ImageDraw.Draw(img)
        for row in range(40, 520, 18):
            draw.rectangle((40, row, 360 - (row * 7) % 90, row + 8), fill=40)
        self.canvas.drawImage(ImageReader(img), x, y, w, h)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1

    def bytes(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def wrap(text: str, first_width: float, width_: float, size: float) -> list[list[str]]:
    """Greedy word wrap: a list of lines, each a list of words."""
    lines: list[list[str]] = []
    current: list[str] = []
    limit = first_width
    for word in text.split():
        trial = " ".join([*current, word])
        if current and width(trial, "", size) > limit:
            lines.append(current)
            current = [word]
            limit = width_
        else:
            current.append(word)
    if current:
        lines.append(current)
    return lines


@dataclass
class Built:
    data: bytes
    header: list[str]
    title: list[str]
    body_lines: list[str]  # the visual lines of the body, in order (page numbers excluded)
    body_starts: list[bool]  # whether each body line is the first line of its paragraph
    page_numbers: list[str]
    recipients: list[str]
    signature: list[str]
    pages: int


def draw_header(doc: Doc, drift: float = 0.0) -> float:
    """The NĐ 30 header (two columns on the same baselines) and the title; returns the next y.

    ``drift`` moves the right column's second and third lines down, as when the two cells of a Word
    table have different line heights: then only the first lines share a baseline.
    """
    left_c, right_c = 160.0, 395.0
    styles_l = ["", "B", ""]
    styles_r = ["B", "B", "I"]
    sizes_r = [12.0, 13.0, 12.0]
    ys = [790.0, 774.0, 748.0]
    for i, y in enumerate(ys):
        doc.text(left_c, y, HEADER_LEFT[i], size=12.5, style=styles_l[i], align="center")
        y_right = y - (drift if i else 0.0)
        doc.text(right_c, y_right, HEADER_RIGHT[i], size=sizes_r[i], style=styles_r[i], align="center")
    doc.canvas.line(left_c - 30, 768, left_c + 30, 768)  # the rules under the second header lines
    doc.canvas.line(right_c - 90, 768, right_c + 90, 768)
    for j, s in enumerate(VV_LINES):
        doc.text(left_c, 734 - j * 13, s, size=10.5, align="center")
    centre = (LEFT + RIGHT) / 2
    doc.text(centre, 672, TITLE[0], size=14, style="B", align="center")
    doc.text(centre, 655, TITLE[1], size=13, style="B", align="center")
    doc.text(centre, 639, TITLE[2], size=13, style="B", align="center")
    return 610.0


def build_nd30(
    *,
    stamp: bool = False,
    stamp_ascii: bool = False,
    rotated: bool = False,
    encrypt: Any = None,
    body: list[str] | None = None,
    header_drift: float = 0.0,
) -> Built:
    """A Thông báo kết luận over two pages: header, title, body, page number "2", signature block."""
    size, pitch, indent, para_gap = 13.0, 18.0, 28.0, 6.0
    doc = Doc(encrypt=encrypt)
    y = draw_header(doc, header_drift)
    if stamp:
        doc.stamp(400, 836, STAMP_LINES)
    if rotated:
        doc.rotated(40, 300, ROTATED_TEXT, 90)
    body_lines: list[str] = []
    body_starts: list[bool] = []
    page_numbers: list[str] = []
    for paragraph in body or BODY_PARAGRAPHS:
        lines = wrap(paragraph, RIGHT - LEFT - indent, RIGHT - LEFT, size)
        for i, words in enumerate(lines):
            if y < BOTTOM:
                doc.new_page()
                page_numbers.append(str(doc.page))
                doc.text((LEFT + RIGHT) / 2, 815, str(doc.page), size=12, align="center")
                y = TOP - 10
            x0 = LEFT + (indent if i == 0 else 0.0)
            if i == len(lines) - 1:
                doc.text(x0, y, " ".join(words), size=size)
            else:
                doc.justified(y, words, x0, RIGHT, size)
            body_lines.append(" ".join(words))
            body_starts.append(i == 0)
            y -= pitch
        y -= para_gap
    # The signature block: two columns whose line pitches differ, as in a Word table.
    y -= 10
    for i, s in enumerate(RECIPIENTS):
        doc.text(LEFT, y - i * 13, s, size=12 if i == 0 else 11, style="BI" if i == 0 else "")
    right_c = 400.0
    doc.text(right_c, y, SIGNATURE[0], size=13, style="B", align="center")
    doc.text(right_c, y - 16, SIGNATURE[1], size=13, style="B", align="center")
    doc.text(right_c, y - 92, SIGNATURE[2], size=13, style="B", align="center")
    if stamp_ascii:
        doc.stamp(330, y - 30, STAMP_LINES_ASCII, size=7)
    pages = doc.page
    return Built(
        data=doc.bytes(),
        header=HEADER_ORDER,
        title=TITLE,
        body_lines=body_lines,
        body_starts=body_starts,
        page_numbers=page_numbers,
        recipients=RECIPIENTS,
        signature=SIGNATURE,
        pages=pages,
    )


def build_pages(pages: list[str], *, encrypt: Any = None) -> bytes:
    """One page per entry:

    - ``text:<paragraph>``: the paragraph, wrapped to the text width;
    - ``lines:<line>|<line>|…``: one line each, at the left margin; a tab in a line becomes a gap of 40 pt;
    - ``justified:<line>|<line>|…``: one line each, justified over the whole text width;
    - ``place:<x>;<y>;<size>;<align>;<text>|…``: each text where it is told (align: left, center, right);
    - ``garbage:<string>``: the string drawn twelve times (a text layer of glyph garbage);
    - ``image``: a page-sized bitmap and no text (a scan);
    - ``scan``: a page-sized bitmap with a typed page number (a scan with a few words of text);
    - ``rotated:<line>|<line>|…``: lines turned by 90 degrees (a landscape page drawn sideways);
    - ``blank``: nothing.
    """
    doc = Doc(encrypt=encrypt)
    for n, spec in enumerate(pages):
        if n:
            doc.new_page()
        kind, _, payload = spec.partition(":")
        if kind in ("image", "scan"):
            doc.image(LEFT, 150, RIGHT - LEFT, 600)
            if kind == "scan":
                doc.text((LEFT + RIGHT) / 2, 815, str(n + 1), size=12, align="center")
        elif kind == "rotated":
            for k, line in enumerate(payload.split("|")):
                doc.rotated(100 + 18 * k, 80, line, 90, size=13)
        elif kind == "justified":
            for k, line in enumerate(payload.split("|")):
                doc.justified(TOP - 18 * k, line.split(), LEFT, RIGHT, 13)
        elif kind == "place":
            for item in payload.split("|"):
                x, y, size, align, text = item.split(";")
                doc.text(float(x), float(y), text, size=float(size), align=align)
        elif kind in ("text", "garbage", "lines"):
            if kind == "text":
                lines = [" ".join(words) for words in wrap(payload, RIGHT - LEFT, RIGHT - LEFT, 13)]
            else:
                lines = payload.split("|") if kind == "lines" else [payload] * 12
            for k, line in enumerate(lines):
                first, _, second = line.partition("\t")
                doc.text(LEFT, TOP - 18 * k, first, size=13)
                if second:
                    doc.text(LEFT + width(first, "", 13) + 40, TOP - 18 * k, second, size=13)
        elif kind != "blank":
            raise ValueError(spec)
    return doc.bytes()


TASK_TABLE = [
    ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
    [
        "1",
        "Rà soát, tổng hợp khó khăn, vướng mắc trong công tác giải phóng mặt bằng các dự án trọng điểm",
        "Sở Xây dựng",
        "30/4/2025",
    ],
    ["2", "Điều chỉnh kế hoạch vốn đầu tư công năm 2025", "Sở Tài chính", "Tháng 5/2025"],
    ["3", "Hướng dẫn xác định giá đất cụ thể", "Sở Tài nguyên và Môi trường", "Thường xuyên"],
]
TABLE_BEFORE = "Giao nhiệm vụ cụ thể cho các cơ quan, đơn vị như sau:"
TABLE_AFTER = "Các cơ quan, đơn vị triển khai thực hiện nghiêm túc./."


def build_table() -> bytes:
    """A paragraph, a ruled task table whose cells wrap over several lines, and a paragraph."""
    from reportlab.lib.colors import black
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    doc = Doc()
    doc.text(LEFT, TOP, TABLE_BEFORE, size=13)
    style = ParagraphStyle("cell", fontName=font(), fontSize=11, leading=14)
    table = Table(
        [[Paragraph(cell, style) for cell in row] for row in TASK_TABLE], colWidths=[35, 230, 110, 78]
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    _, height = table.wrapOn(doc.canvas, RIGHT - LEFT, 600)
    table.drawOn(doc.canvas, LEFT, TOP - 12 - height)
    doc.text(LEFT, TOP - 36 - height, TABLE_AFTER, size=13)
    return doc.bytes()


def build_superscript() -> bytes:
    """A line with a superscript ("m²" drawn as a raised small "2") and a footnote mark."""
    doc = Doc()
    doc.text(LEFT, TOP, "Diện tích đất ở là 250 m", size=13)
    x = LEFT + width("Diện tích đất ở là 250 m", "", 13)
    doc.text(x, TOP + 5, "2", size=8)
    doc.text(x + width("2", "", 8) + width(" ", "", 13), TOP, "mỗi hộ gia đình.", size=13)
    doc.text(LEFT, TOP - 18, "Dòng tiếp theo của đoạn văn.", size=13)
    return doc.bytes()


# --- LibreOffice: a real-world-like PDF from a .docx built with python-docx -------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def build_docx(path: Path) -> None:
    """A .docx with the NĐ 30 header as a borderless two-column table, as most offices type it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def cell_par(
        cell: Any, text: str, *, bold: bool = False, italic: bool = False, first: bool = False
    ) -> None:
        par = cell.paragraphs[0] if first else cell.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.space_after = Pt(0)
        run = par.add_run(text)
        run.bold, run.italic = bold, italic

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Cm(6), Cm(10)
    left.width, right.width = Cm(6), Cm(10)
    for i, s in enumerate(HEADER_LEFT):
        cell_par(left, s, bold=i == 1, first=i == 0)
    for s in VV_LINES:
        cell_par(left, s)
    for i, s in enumerate(HEADER_RIGHT):
        cell_par(right, s, bold=i < 2, italic=i == 2, first=i == 0)
    for i, s in enumerate(TITLE):
        par = document.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.space_before = Pt(12 if i == 0 else 0)
        par.add_run(s).bold = True
    for s in BODY_PARAGRAPHS:
        par = document.add_paragraph(s)
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        par.paragraph_format.first_line_indent = Cm(1)
        par.paragraph_format.space_after = Pt(6)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    for i, s in enumerate(RECIPIENTS):
        par = left.paragraphs[0] if i == 0 else left.add_paragraph()
        run = par.add_run(s)
        run.bold = run.italic = i == 0
        run.font.size = Pt(12 if i == 0 else 11)
    cell_par(right, SIGNATURE[0], bold=True, first=True)
    cell_par(right, SIGNATURE[1], bold=True)
    for _ in range(4):
        cell_par(right, "")
    cell_par(right, SIGNATURE[2], bold=True)
    document.save(str(path))


def build_table_docx(path: Path) -> None:
    """A .docx with the ruled task table of ``build_table`` (Word's "Table Grid" style)."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    document.add_paragraph(TABLE_BEFORE)
    table = document.add_table(rows=len(TASK_TABLE), cols=len(TASK_TABLE[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, TASK_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph(TABLE_AFTER)
    document.save(str(path))


def convert_to_pdf(source: Path, outdir: Path) -> Path:
    exe = soffice()
    assert exe is not None
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{outdir / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (source.stem + ".pdf")


# --- a hand-drawn ruled table over several pages --------------------------------------------------------


@dataclass
class Grid:
    """A ruled table drawn line by line, so that a test decides how its rules are written.

    ``borders``: ``lines`` (one path object a rule, as reportlab and LibreOffice write them), ``cells``
    (each cell a stroked rectangle) or ``one_path`` (the whole page's grid in one path object).
    ``merged``: the cells (data row, column) merged with the cell above: no rule between them, the text
    of the merged area in the top cell (or in its middle with ``middle``). A row that does not fit at the
    bottom of a page is split there when ``split_rows`` (its lines go on under the repeated header).
    """

    head: list[str]
    rows: list[list[str]]
    widths: list[float]
    borders: str = "lines"
    merged: frozenset[tuple[int, int]] = frozenset()
    middle: bool = False
    split_rows: bool = True
    repeat_header: bool = True
    size: float = 11.0
    leading: float = 14.0
    top: float = TOP
    bottom: float = BOTTOM
    landscape: bool = False  # each page portrait with /Rotate 90, the content drawn sideways
    form: bool = False  # each page's content inside a form XObject, drawn scaled (as signing tools do)


def _start_page(doc: Doc, grid: Grid) -> None:
    c = doc.canvas
    if grid.landscape:
        c.setPageRotation(90)
        c.translate(PAGE_W, 0)
        c.rotate(90)  # from here x runs along the long side: a landscape page of PAGE_H by PAGE_W
    if grid.form:
        c.beginForm(f"page{doc.page}")


def _end_page(doc: Doc, grid: Grid) -> None:
    if grid.form:
        c = doc.canvas
        c.endForm()
        c.saveState()
        c.transform(0.95, 0, 0, 0.95, 12, 20)
        c.doForm(f"page{doc.page}")
        c.restoreState()


def _cell_lines(grid: Grid, row: list[str]) -> list[list[str]]:
    """Each cell's lines: its text wrapped to the cell, a "\n" forcing a new line."""
    return [
        [" ".join(words) for part in text.split("\n") for words in wrap(part, w - 8, w - 8, grid.size)]
        for text, w in zip(row, grid.widths, strict=True)
    ]


class _GridPainter:
    def __init__(self, doc: Doc, grid: Grid) -> None:
        self.doc, self.grid = doc, grid
        self.xs = [LEFT]
        for w in grid.widths:
            self.xs.append(self.xs[-1] + w)
        self.cells: list[list[tuple[float, float, float, float]]] = []  # each cell's edges

    def flush(self) -> None:
        """Draw the page's rules: one path a rule, a path a cell, or one path for all."""
        c = self.doc.canvas
        c.setLineWidth(0.5)
        if self.grid.borders == "lines":
            for x0, y0, x1, y1 in {seg for cell in self.cells for seg in cell}:
                c.line(x0, y0, x1, y1)
        else:
            groups = (
                self.cells if self.grid.borders == "cells" else [[s for cell in self.cells for s in cell]]
            )
            for group in groups:
                path = c.beginPath()
                for x0, y0, x1, y1 in group:
                    path.moveTo(x0, y0)
                    path.lineTo(x1, y1)
                c.drawPath(path, stroke=1, fill=0)
        self.cells = []

    def band(
        self, y: float, cells: list[list[str]], height: float, open_above: set[int], open_below: set[int]
    ) -> None:
        """One row band: its text and its cells' edges, but for the rules under or over merged cells."""
        g = self.grid
        for col, lines in enumerate(cells):
            x0, x1 = self.xs[col], self.xs[col + 1]
            for k, line in enumerate(lines):
                self.doc.text(x0 + 4, y - 4 - g.size - k * g.leading, line, size=g.size)
            edges = [(x0, y, x0, y - height), (x1, y, x1, y - height)]
            if col not in open_above:
                edges.append((x0, y, x1, y))
            if col not in open_below:
                edges.append((x0, y - height, x1, y - height))
            self.cells.append(edges)


def build_grid(grid: Grid, before: Sequence[str] = (), after: Sequence[str] = ()) -> bytes:
    """The table ``grid`` between the lines ``before`` and ``after``, over as many pages as it needs."""
    doc = Doc()
    _start_page(doc, grid)
    painter = _GridPainter(doc, grid)
    top = grid.top
    for line in before:
        doc.text(LEFT, top, line, size=13)
        top -= 18
    head = _cell_lines(grid, grid.head)
    head_h = max(map(len, head)) * grid.leading + 8

    def header(at: float = grid.top) -> float:
        painter.band(at, head, head_h, set(), set())
        return at - head_h

    y = header(top)
    pending = [_cell_lines(grid, row) for row in grid.rows]
    if grid.middle:  # the text of a cell merged over two rows sits on the rule that is not drawn
        for r, col in grid.merged:
            pending[r][col], pending[r - 1][col] = pending[r - 1][col], []
    for r, cells in enumerate(pending):
        height = max(1, *map(len, cells)) * grid.leading + 8
        open_above = {col for (row, col) in grid.merged if row == r}
        open_below = {col for (row, col) in grid.merged if row == r + 1}
        if y - height < grid.bottom:
            room = int((y - grid.bottom - 8) // grid.leading)
            if grid.split_rows and room >= 1:
                painter.band(y, [lines[:room] for lines in cells], room * grid.leading + 8, open_above, set())
                cells = [lines[room:] for lines in cells]
                height = max(1, *map(len, cells)) * grid.leading + 8
            painter.flush()
            _end_page(doc, grid)
            doc.new_page()
            _start_page(doc, grid)
            y = header() if grid.repeat_header else grid.top
            open_above = set()
        painter.band(y, cells, height, open_above, open_below)
        y -= height
    painter.flush()
    for k, line in enumerate(after):
        doc.text(LEFT, y - 24 - 18 * k, line, size=13)
    _end_page(doc, grid)
    return doc.bytes()
