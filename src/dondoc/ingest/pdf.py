"""PDF with a text layer, read with pypdfium2 (PDFium): one ``RawLine`` per visual line, in reading order.

How a page is read:

1. Every character's loose box (its advance width on its baseline) is read once; consecutive glyphs on
   one baseline make a *run*. Rotated glyphs (digital-signature stamps, margin notes) are dropped; a page
   whose text all runs at one right angle (a landscape page made with /Rotate) is turned upright first.
2. Runs on the same baseline make a *row*; a row is cut into *segments* at gaps that are clearly column
   gaps: at least two font sizes wide and either very wide (a quarter of the page) or confirmed by a
   neighbouring row (a gap at the same place, or a line centred under one side of it). Word gaps of
   justified text are not: the lines around them run across.
3. A run of rows with two segments (the NĐ 30/2020 header, the signature block) is read column by
   column: the left column top to bottom, then the right one. Lines under one column that do not reach
   into the other (the "V/v …" lines, the end of the "Nơi nhận:" list, the signer's name) go with it.
4. Digital-signature stamp lines ("Ký bởi: …", "Thời gian ký: …" and the lines boxed with them) go.
   A ruled table (three vertical rules or more, two row rules or more, however the rules are drawn:
   ``pdf_tables``) is read cell by cell, row by row, as ``in_table`` lines; the first line of each cell
   starts a paragraph. A row rule missing under a column makes a merged cell (``merged_cells``). A row
   that a page break split is joined again (its part on the next page, under the repeated header, goes
   on the cells of its first part).
5. A page whose text layer is missing (a scan) or unreadable (fonts without a Unicode map) is reported:
   the whole document fails with ``NeedsOcrError`` when no page has text, else a warning names the pages.

Lines are visual lines (``Layout.WRAPPED``): the normalizer rejoins them into paragraphs. A line gets
``starts_paragraph`` only on clear layout evidence: a first-line indent or a vertical gap noticeably
larger than the line spacing.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from dondoc.errors import CorruptFileError, EncryptedFileError, NeedsOcrError, NoTextError, NoTextInImageError
from dondoc.ingest import ocr, textlayer
from dondoc.ingest.base import register
from dondoc.ingest.pdf_tables import SNAP as _SNAP_PT
from dondoc.ingest.pdf_tables import Table, find_tables
from dondoc.ingest.sniff import PDF
from dondoc.model import Cell, Layout, RawDocument, RawLine

# --- tuning (distances are in units of the font size unless named otherwise) -------------------------
_RUN_JOIN = 0.15  # glyphs closer than this continue a run
_RUN_BACK = 0.35  # a glyph may start this far left of the run end (kerning, combining marks)
_BASE_TOL = 0.25  # baseline tolerance inside a run
_ROW_TOL = 0.35  # baseline tolerance inside a row
_SPACE_GAP = 0.1  # a gap wider than this between runs is a space
_COLUMN_GAP = 2.0  # the smallest gap that may separate two columns
_WIDE_GAP = 0.25  # of the page width: a gap this wide separates columns on its own
_ALIGN_DIST = 2.5  # rows this close may confirm each other's column gap
_REGION_GAP = 6.0  # the largest vertical gap inside a two-column block
_ANGLE_TOL = 0.02  # radians
_FEW_LETTERS = 40  # a page with fewer letters and a page-sized image is a scan
# Every kind of blank or control character becomes a plain space, one for one (indexes must not move).
# PDFium reports a hyphen that ends a line as U+0002 (U+FFFE in extracted text): Vietnamese words are
# never hyphenated, so it is a real hyphen (in a code or a web address) and stays one.
_BLANKS = {
    c: " "
    for c in [
        *range(33),
        *range(0x7F, 0xA1),
        0x1680,
        *range(0x2000, 0x200C),
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
        0xFEFF,
        0xFFFF,
    ]
} | {0x02: "-", 0xFFFE: "-"}
# Fonts converted from the old Vietnamese encodings map ư/Ư to ƣ/Ƣ (U+01A3/U+01A2, "oi", a letter that
# Vietnamese does not use): "hƣớng dẫn", "BỘ CÔNG THƢƠNG".
_BLANKS |= {0x01A3: "ư", 0x01A2: "Ư"}
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?[\s\-–—]*$", re.IGNORECASE)

# Digital-signature stamp labels, matched on text folded to ASCII lowercase. A strong label marks a stamp
# on its own; a weak one only next to a strong one (in the same stamp box).
_STAMP_STRONG = re.compile(
    r"^\W*(?:duoc\s+)?(?:ky\s+(?:so\s+)?boi|nguoi\s+ky|thoi\s+gian\s+ky|ngay\s+ky|signed\s+by|signing\s+time"
    r"|signature\s+valid)\s*:"
)
_STAMP_WEAK = re.compile(r"^\W*(?:e-?mail|co\s+quan|chuc\s+vu|to\s+chuc|thoi\s+gian|don\s+vi|ngay)\s*:")


@dataclass(slots=True)
class _Run:
    """Consecutive glyphs on one baseline, in content-stream order."""

    x0: float
    x1: float
    base: float  # the baseline
    bottom: float  # the bottom of the first glyph's loose box
    size: float
    text: str
    space_before: bool = False


@dataclass(slots=True)
class _Seg:
    """A part of a row between column gaps: the text of one visual line of one column."""

    x0: float
    x1: float
    base: float
    size: float
    text: str

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class _Row:
    base: float
    size: float
    runs: list[_Run]
    pieces: list[list[_Run]] = field(default_factory=list)
    segs: list[_Seg] = field(default_factory=list)

    @property
    def is_page_number(self) -> bool:
        return len(self.runs) <= 3 and bool(_PAGE_NUMBER.match(" ".join(run.text for run in self.runs)))


@dataclass(slots=True)
class _Line:
    seg: _Seg
    page: int = 0
    column: int = 0  # 0 for the page's flow, else the id of the column of a two-column block
    starts: bool = False
    in_table: bool = False
    cell: Cell | None = None  # (table on its page, row, column) of a ruled table; renumbered per document


@dataclass(slots=True)
class _PageResult:
    lines: list[_Line]
    garbage: bool = False  # the text layer is glyph garbage
    ocr: bool = False  # the lines come from OCR of the page image
    broken_layer: bool = False  # OCR'd because the text layer was unreadable
    merged: set[Cell] = field(default_factory=set)  # (table on the page, row, column): merged with above
    columns: list[list[float]] = field(default_factory=list)  # the column rules of each table on the page


# --- errors and document handling ---------------------------------------------------------------------


def _open(data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) or "password" in str(exc).lower():
            raise EncryptedFileError(detail=str(exc)) from None
        raise CorruptFileError(detail=str(exc)) from None
    except (ValueError, OSError) as exc:
        raise CorruptFileError(detail=str(exc)) from None


def _pages_label(pages: list[int]) -> str:
    numbers = ", ".join(str(p + 1) for p in pages)
    return f"Trang {numbers}" if len(pages) == 1 else f"Các trang {numbers}"


class PdfParser:
    name = "pdf"
    media_types: tuple[str, ...] = (PDF,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        pdf = _open(data)
        try:
            n_pages = len(pdf)
            if n_pages <= 0:
                raise CorruptFileError(detail="PDF has no pages")
            results: list[_PageResult | None] = []
            has_content: list[bool] = []
            for index in range(n_pages):
                page = None
                try:
                    page = pdf[index]
                    result, content = _read_page(page)
                except pdfium.PdfiumError:
                    result, content = None, False
                finally:
                    if page is not None:
                        page.close()
                results.append(result)
                has_content.append(content)
            scanned = _needs_ocr(results, has_content)
            images: dict[int, bytes] = {}
            if scanned and ocr.enabled():
                images = _ocr_pages(pdf, scanned, results)
        finally:
            pdf.close()
        doc = _assemble(results, has_content)
        if images:
            doc.page_images = images
            doc.warnings.insert(0, _ocr_warning(scanned, results))
        return doc


def _baseline(words: list[ocr.OcrWord]) -> tuple[float, float]:
    """The slope of a Tesseract line's word centres (a skewed scan) and its centre at the first word: the
    median of the slopes between word pairs (robust to a dot below or a descender) and of the offsets."""
    xs = [(w.left + w.right) / 2 - words[0].left for w in words]
    slopes = sorted(
        (words[j].top + words[j].bottom - words[i].top - words[i].bottom) / 2 / (xs[j] - xs[i])
        for i in range(len(words))
        for j in range(i + 1, min(len(words), i + 6))
        if xs[j] - xs[i] > 1
    )
    slope = slopes[len(slopes) // 2] if slopes else 0.0
    offsets = sorted((w.top + w.bottom) / 2 - slope * x for w, x in zip(words, xs, strict=True))
    return slope, offsets[len(offsets) // 2]


def _needs_ocr(results: list[_PageResult | None], has_content: list[bool]) -> list[int]:
    """The pages without a readable text layer: scans, and layers of glyph garbage."""
    return [
        index
        for index, result in enumerate(results)
        if result is not None and (result.garbage or (not result.lines and has_content[index]))
    ]


def _ocr_pages(pdf: Any, pages: list[int], results: list[_PageResult | None]) -> dict[int, bytes]:
    """OCR the given pages in place of their text layer; return their page images (PNG, for review)."""
    settings = ocr.OcrSettings.from_env()
    ocr.check_page_limit(len(pages), settings)
    images: dict[int, bytes] = {}

    def rendered() -> Iterator[tuple[Any, float]]:
        for index in pages:
            page = pdf[index]
            try:
                image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
            finally:
                page.close()
            images[index] = ocr.preview_png(image)
            yield image, float(ocr.DPI)

    for index, read in zip(pages, ocr.read_pages(rendered(), settings), strict=True):
        result = results[index]
        garbage = result.garbage if result is not None else False
        results[index] = _PageResult(lines=ocr_lines(read), ocr=True, broken_layer=garbage)
    return images


def _ocr_warning(pages: list[int], results: list[_PageResult | None]) -> str:
    broken = [index for index in pages if (r := results[index]) is not None and r.broken_layer]
    note = f"{_pages_label(pages)} được nhận dạng ký tự (OCR) từ ảnh trang: hãy đối chiếu với bản gốc."
    if broken:
        note += (
            f" Lớp chữ của {_pages_label(broken).lower()} bị lỗi (phông không có bảng mã Unicode hoặc chữ "
            "không đọc được), đã bỏ qua lớp chữ đó."
        )
    return note


def assemble_ocr(pages: list[ocr.OcrPage], media_type: str, parser: str) -> RawDocument:
    """The document of OCR'd page images (an image file), laid out as the pages of a PDF."""
    results: list[_PageResult | None] = [_PageResult(lines=ocr_lines(page), ocr=True) for page in pages]
    doc = _assemble(results, [True] * len(results))
    doc.media_type, doc.parser = media_type, parser
    doc.warnings.insert(0, "Văn bản được nhận dạng ký tự (OCR) từ ảnh: hãy đối chiếu với ảnh gốc.")
    return doc


def ocr_lines(page: ocr.OcrPage) -> list[_Line]:
    """Lay out OCR words like a text layer: one run per word, in points (y upwards), then the same rows,
    columns and paragraphs as a PDF page. A word sits on its Tesseract line's baseline (the median of its
    words' bottoms) unless it is clearly off it (Tesseract sometimes makes one line of two)."""
    k = 72.0 / page.dpi
    height = page.height * k
    runs: list[_Run] = []
    by_line: dict[int, list[ocr.OcrWord]] = {}
    for word in page.words:
        if ocr.is_noise(word):
            continue
        by_line.setdefault(word.line, []).append(word)
    for words in by_line.values():
        if ocr.is_noise_line(words):
            continue
        heights = sorted(w.bottom - w.top for w in words)
        size = max(4.0, heights[len(heights) // 2] * k / 1.15)
        slope, at = _baseline(words)
        middle = heights[len(heights) // 2]
        for n, w in enumerate(words):
            text = _misread_comma(_clean(w.text), words[n + 1].text if n + 1 < len(words) else "")
            text = _LINE_START_MISREADS.get(text, text) if n == 0 else text
            if not text:
                continue
            fitted = at + slope * ((w.left + w.right) / 2 - words[0].left)
            centre = (w.top + w.bottom) / 2
            # Off the line by most of a line height: a word of the line above or below.
            bottom = at + middle / 2 if abs(centre - fitted) < 0.7 * middle else w.bottom
            base = height - bottom * k
            runs.append(_Run(w.left * k, w.right * k, base, base, size, text, True))
    return _layout(runs, page.width * k)


# What OCR reads at the start of a line for a list mark: "_" for the dash of an item, "HI." for "III.".
_LINE_START_MISREADS: Final = {"_": "-", "HI.": "III."}


def _misread_comma(text: str, following: str) -> str:
    """OCR reads a comma as a period at small sizes: a period after a word, before a lower-case word on
    the same line, is a comma ("các huyện. thành phố"): a Vietnamese sentence starts with a capital."""
    if (
        len(text) > 1
        and text.endswith(".")
        and text[:-1].isalpha()
        and not text[:-1].isupper()
        and following[:1].isalpha()
        and following[:1].islower()
    ):
        return text[:-1] + ","
    return text


def _assemble(results: list[_PageResult | None], has_content: list[bool]) -> RawDocument:
    lines: list[_Line] = []
    needs_ocr: list[int] = []
    broken: list[int] = []
    garbage = 0
    unread: list[int] = []  # OCR'd pages where no text was recognised
    for index, result in enumerate(results):
        if result is None:
            broken.append(index)
            continue
        if result.ocr and not result.lines:
            unread.append(index)
            continue
        if result.garbage or not result.lines:
            if result.garbage or has_content[index]:
                needs_ocr.append(index)
                garbage += result.garbage
            continue
        for line in result.lines:
            line.page = index
            lines.append(line)
    if not lines:
        if unread and not needs_ocr:
            raise NoTextInImageError()
        if broken and not needs_ocr:
            raise CorruptFileError(detail="no page could be loaded")
        if garbage and garbage == len(needs_ocr):
            raise NeedsOcrError(
                "Lớp chữ của tệp PDF bị lỗi phông (không có bảng mã Unicode), không đọc được: "
                "cần OCR để lấy nội dung."
            )
        if needs_ocr:
            raise NeedsOcrError()
        raise NoTextError()
    warnings: list[str] = []
    if needs_ocr:
        warnings.append(
            f"{_pages_label(needs_ocr)} không có lớp chữ đọc được (bản quét hoặc phông chữ lỗi), cần OCR: "
            "nội dung các trang này chưa được trích xuất."
        )
    if broken:
        warnings.append(f"{_pages_label(broken)} bị hỏng, không đọc được.")
    if unread:
        warnings.append(f"{_pages_label(unread)}: không nhận dạng được chữ nào trong ảnh trang.")
    _mark_paragraphs(lines)
    lines = _join_split_rows(lines, results)
    tables: dict[tuple[int, int], int] = {}  # (page, table on the page) → table number in the document
    raw_lines = [
        RawLine(
            x.seg.text,
            page=x.page,
            in_table=x.in_table,
            starts_paragraph=x.starts,
            cell=(tables.setdefault((x.page, x.cell[0]), len(tables)), x.cell[1], x.cell[2])
            if x.cell
            else None,
        )
        for x in lines
    ]
    merged = frozenset(
        (tables[(page, n)], row, col)
        for page, result in enumerate(results)
        if result is not None
        for n, row, col in result.merged
        if (page, n) in tables
    )
    return RawDocument(
        lines=raw_lines,
        media_type=PDF,
        layout=Layout.WRAPPED,
        parser=PdfParser.name,
        warnings=warnings,
        merged_cells=merged,
    )


# --- tables over page breaks -------------------------------------------------------------------------

_Key = tuple[int, int]  # (page, table on the page)


def _row_texts(lines: list[_Line]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for line in lines:
        if line.cell is not None:
            out.setdefault(line.cell[1], []).append(line.seg.text)
    return {row: " ".join(texts) for row, texts in out.items()}


def _continued_row(a: list[_Line], b: list[_Line]) -> int | None:
    """The row of table ``b`` (at the top of a page) that ends the last row of table ``a`` (at the bottom
    of the page before): the first row after the repeated header rows, when its first column is empty
    while the last row of ``a`` has a number there (a row that the page break split)."""
    rows_a, rows_b = _row_texts(a), _row_texts(b)
    first_a, order_b = sorted(rows_a), sorted(rows_b)
    k = 0
    while k < len(order_b) and k < len(first_a) and rows_b[order_b[k]] == rows_a[first_a[k]]:
        k += 1  # a header row repeated on the new page
    if k >= len(order_b):
        return None
    row, last = order_b[k], first_a[-1]
    cells_b = {x.cell[2]: x.seg.text for x in reversed(b) if x.cell is not None and x.cell[1] == row}
    cells_a = {x.cell[2]: x.seg.text for x in a if x.cell is not None and x.cell[1] == last}
    if 0 in cells_b or 0 not in cells_a or len(cells_a) < 2:
        return None
    # The cut runs through a sentence: the part below goes on in lower case, or it continues one cell
    # only, after a line that does not end a sentence. (A row that merely has no number, "- …" under a
    # numbered row, starts a sentence of its own and has cells of its own.)
    both = [col for col in sorted(cells_b) if col in cells_a]
    if not both:
        return None
    above, below = cells_a[both[0]].rstrip(), cells_b[both[0]].lstrip()
    if below[:1].islower():
        return row
    one_cell = len(cells_b) == 1 and not below.startswith(("-", "+", "•", "–"))
    return row if one_cell and not above.endswith((".", ";", ":", "!", "?")) else None


def _join_split_rows(lines: list[_Line], results: list[_PageResult | None]) -> list[_Line]:
    """A table row split by a page break is one row: the lines of its second part (at the top of the next
    page, under the repeated header) go on the cells of its first part."""
    blocks: dict[_Key, list[_Line]] = {}
    order: list[_Key] = []
    for line in lines:
        if line.cell is not None:
            key = (line.page, line.cell[0])
            if key not in blocks:
                order.append(key)
            blocks.setdefault(key, []).append(line)
    moved: list[_Line] = []
    for ka, kb in itertools.pairwise(order):
        ra, rb = results[ka[0]], results[kb[0]]
        if kb[0] != ka[0] + 1 or ra is None or rb is None or not _same_columns(ra, ka[1], rb, kb[1]):
            continue
        position = {id(x): k for k, x in enumerate(lines)}
        between = lines[position[id(blocks[ka][-1])] + 1 : position[id(blocks[kb][0])]]
        if any(not _PAGE_NUMBER.match(x.seg.text) for x in between):
            continue  # text between the two tables: two tables
        row = _continued_row(blocks[ka], blocks[kb])
        if row is None:
            continue
        last = max(x.cell[1] for x in blocks[ka] if x.cell is not None)
        for x in blocks[kb]:
            if x.cell is not None and x.cell[1] == row:
                x.page, x.cell, x.starts = ka[0], (ka[1], last, x.cell[2]), False
                moved.append(x)
    return _insert_moved(lines, moved) if moved else lines


def _insert_moved(lines: list[_Line], moved: list[_Line]) -> list[_Line]:
    """Each moved line after the lines of its cell (or of the cells before it) in its new row."""
    ids = {id(x) for x in moved}
    out = [x for x in lines if id(x) not in ids]
    for x in moved:
        assert x.cell is not None
        page, (table, row, col) = x.page, x.cell
        same_row = [
            (k, y.cell[2])
            for k, y in enumerate(out)
            if y.cell is not None and y.page == page and y.cell[0] == table and y.cell[1] == row
        ]
        before = [k for k, c in same_row if c <= col]
        out.insert(before[-1] + 1 if before else same_row[0][0], x)
    return out


def _same_columns(ra: _PageResult, na: int, rb: _PageResult, nb: int) -> bool:
    if na >= len(ra.columns) or nb >= len(rb.columns):
        return False
    a, b = ra.columns[na], rb.columns[nb]
    return len(a) == len(b) and all(abs(x - y) <= 2 * _SNAP_PT for x, y in zip(a, b, strict=True))


# --- one page -----------------------------------------------------------------------------------------


def _read_page(page: Any) -> tuple[_PageResult, bool]:
    """Read one page; also say whether it has any content at all (for telling scans from blank pages)."""
    textpage = page.get_textpage()
    tables: list[Table] = []
    width = float(page.get_width())
    try:
        runs, upright, rotated = _collect_runs(textpage.raw)
        if rotated > upright and rotated >= 20:
            turned = _turn_upright(page, textpage.raw)
            if turned is not None:  # a landscape page drawn sideways: its objects are turned back
                textpage.close()
                textpage = page.get_textpage()
                width = turned
                runs, upright, rotated = _collect_runs(textpage.raw)
        if rotated > upright and rotated >= 20:
            lines = _fallback_lines(textpage)  # text at odd angles: let PDFium order it
        else:
            tables = find_tables(page)
            lines = _layout(runs, width, tables)
    finally:
        textpage.close()
    letters, bad = _score(lines, hidden=_hidden_share(page) > 0.5)
    result = _PageResult(lines=lines, garbage=bad)
    result.columns = [table.columns for table in tables]
    if tables:
        result.merged = {(n, row, col) for n, table in enumerate(tables) for row, col in table.merged()}
    n_objects = pdfium_c.FPDFPage_CountObjects(page.raw)
    if not bad and 0 < letters < _FEW_LETTERS and _image_share(page) >= 0.5:
        result.lines = []  # a scanned page with a few words of real text (a page number, a stamp)
    elif letters == 0:
        result.lines = []
    return result, n_objects > 0


def _turn_upright(page: Any, raw: Any) -> float | None:
    """Turn every object of a page whose text runs at a right angle (a landscape page made with /Rotate,
    its content drawn sideways) so that the text is upright; return the turned page's width, or None
    when the text has no single right angle."""
    angles: Counter[int] = Counter()
    matrix = pdfium_c.FS_MATRIX()
    n = pdfium_c.FPDFText_CountChars(raw)
    for i in range(0, n, max(1, n // 200)):
        if pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix)):
            angles[round(math.degrees(math.atan2(matrix.b, matrix.a)) / 90) % 4] += 1
    if not angles:
        return None
    quarter, count = angles.most_common(1)[0]
    if quarter == 0 or count < 0.8 * sum(angles.values()):
        return None
    w, h = float(page.get_width()), float(page.get_height())
    # the text turned by +90°, 180°, -90°: turn the page by -90°, 180°, +90°
    turn, width = {1: ((0, -1, 1, 0, 0, w), h), 2: ((-1, 0, 0, -1, w, h), w), 3: ((0, 1, -1, 0, h, 0), h)}[
        quarter
    ]
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        pdfium_c.FPDFPageObj_Transform(pdfium_c.FPDFPage_GetObject(page.raw, k), *turn)
    return width


def _page_text(raw: Any, n: int) -> str:
    """The characters of the page, one per PDFium char index."""
    buffer = (ctypes.c_ushort * (2 * n + 2))()
    got = pdfium_c.FPDFText_GetText(raw, 0, n, buffer)
    if got > 0:
        text = bytes(memoryview(buffer).cast("B")[: 2 * (got - 1)]).decode("utf-16-le", errors="replace")
        if len(text) == n:
            return text
    codes = (pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n))
    return "".join(chr(c) if 0 < c < 0x110000 and not 0xD800 <= c < 0xE000 else "\ufffd" for c in codes)


def _glyph_metrics(raw: Any, i: int, rect: Any, matrix: Any) -> tuple[float, float] | None:
    """(font size, baseline) of the glyph that starts a run; None for a rotated glyph. ``rect`` holds
    its loose box; ``matrix`` is a reusable FS_MATRIX."""
    if not pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix)):
        matrix.a, matrix.b, matrix.c, matrix.d = 1.0, 0.0, 0.0, 1.0
    if abs(math.atan2(matrix.b, matrix.a)) > _ANGLE_TOL:
        return None
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    size = pdfium_c.FPDFText_GetFontSize(raw, i) * scale
    if size <= 1.0:  # no usable font size: the glyph's box height will do
        size = max(rect.top - rect.bottom, 1.0)
    x, y = ctypes.c_double(), ctypes.c_double()
    found = pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
    base = y.value if found else rect.bottom
    return size, base


def _collect_runs(raw: Any) -> tuple[list[_Run], int, int]:
    """Group the page's glyphs into runs; return (runs, upright glyphs, rotated glyphs).

    The loose box of a glyph spans its advance width; vertically it spans the font's ascent and descent
    when the font has them, else only the glyph itself. So the box bottom is a cheap baseline test that
    holds for most glyphs, and the exact origin is asked for only when it fails.
    """
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return [], 0, 0
    text = _page_text(raw, n).translate(_BLANKS)
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    origin_refs = ctypes.byref(origin_x), ctypes.byref(origin_y)
    matrix = pdfium_c.FS_MATRIX()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    char_origin = pdfium_c.FPDFText_GetCharOrigin
    runs: list[_Run] = []
    upright = rotated = 0
    space = False  # a space (real or generated by PDFium) since the last glyph
    # The run being built, in locals for speed: it covers text[start:i].
    start = -1
    x0 = x1 = base = first_bottom = size = tol = back = join = 0.0
    last_bottom, last_x1 = math.nan, math.inf  # the last upright run that PDFium was asked about
    space_before = False
    for i in range(n):
        if not loose_box(raw, i, rect_ref):
            if start >= 0:
                runs.append(_Run(x0, x1, base, first_bottom, size, text[start:i], space_before))
                start, last_x1 = -1, x1
            continue
        left, right, bottom = rect.left, rect.right, rect.bottom
        is_space = text[i] == " "
        if is_space:
            space = True
            if right <= left:  # generated by PDFium (line ends, inferred spaces): no box
                if start >= 0:
                    runs.append(_Run(x0, x1, base, first_bottom, size, text[start:i], space_before))
                    start, last_x1 = -1, x1
                continue
        if start >= 0:
            if x1 - back <= left <= x1 + join and (
                abs(bottom - first_bottom) <= tol
                or (char_origin(raw, i, *origin_refs) and abs(origin_y.value - base) <= tol)
            ):
                if right > x1:
                    x1 = right
                if not is_space:
                    upright += 1
                    space = False
                continue
            runs.append(_Run(x0, x1, base, first_bottom, size, text[start:i], space_before))
            start, last_x1 = -1, x1
        if is_space:
            continue
        if abs(bottom - last_bottom) < 0.01 and left >= last_x1:
            # Further along the last line, in the same font (the next word of justified text): no need
            # to ask PDFium for the orientation, size and baseline again.
            upright += 1
            start, x0, x1, first_bottom, space_before = i, left, right, bottom, space
            space = False
            continue
        # A new run: read the glyph's orientation, size and baseline.
        glyph = _glyph_metrics(raw, i, rect, matrix)
        if glyph is None:
            rotated += 1
            continue
        upright += 1
        size, base = glyph
        start, x0, x1, first_bottom, space_before = i, left, right, bottom, space
        tol, back, join = _BASE_TOL * size, _RUN_BACK * size, _RUN_JOIN * size
        last_bottom = bottom
        space = False
    if start >= 0:
        runs.append(_Run(x0, x1, base, first_bottom, size, text[start:n], space_before))
    return runs, upright, rotated


def _fallback_lines(textpage: Any) -> list[_Line]:
    lines: list[_Line] = []
    n = pdfium_c.FPDFText_CountChars(textpage.raw)
    page_text = _page_text(textpage.raw, n).replace("\ufffe", "-") if n > 0 else ""
    for text in page_text.splitlines():
        text = _clean(text)
        if text and not _STAMP_STRONG.match(_fold(text)):
            lines.append(_Line(_Seg(0.0, 0.0, 0.0, 0.0, text)))  # no geometry: no paragraph marks
    return lines


def _clean(text: str) -> str:
    text = "".join(ch for ch in text if ch >= " " or ch == "\t")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _fold(text: str) -> str:
    """Lowercase ASCII without diacritics, for matching labels written with or without accents."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --- layout: rows, column gaps, reading order ---------------------------------------------------------


def _layout(runs: list[_Run], page_width: float, tables: list[Table] | None = None) -> list[_Line]:
    blocks: list[tuple[float, list[_Line]]] = []  # (top, lines) of each ruled table
    for number, table in enumerate(tables or []):
        inside = [run for run in runs if table.holds(run.x0, run.x1, run.base)]
        lines = _table_lines(table, inside, number)
        if lines:
            taken = {id(run) for run in inside}
            runs = [run for run in runs if id(run) not in taken]
            blocks.append((table.top, lines))
    rows = _rows(runs)
    for row in rows:
        row.pieces = _pieces(row)
    _drop_stamps(rows)
    rows = [row for row in rows if row.pieces]
    _confirm_gaps(rows, page_width)
    lines = _reading_order(rows)
    for top, table_lines in sorted(blocks, key=lambda b: b[0]):
        # Before the first line below the table's top that is not inside a two-column block.
        at = next(
            (
                k
                for k, line in enumerate(lines)
                if line.seg.base < top and (not line.column or (line.column % 2 == 1 and line.starts))
            ),
            len(lines),
        )
        lines[at:at] = table_lines
    return lines


def _rows(runs: list[_Run]) -> list[_Row]:
    runs.sort(key=lambda r: (-r.base, r.x0))
    rows: list[_Row] = []
    for run in runs:
        if rows:
            row = rows[-1]
            if row.base - run.base <= _ROW_TOL * min(row.size, run.size):
                row.runs.append(run)
                if run.size > row.size:
                    row.size = run.size
                continue
        rows.append(_Row(run.base, run.size, [run]))
    # A row of small glyphs just above or below a larger row is a superscript or subscript of it.
    merged: list[_Row] = []
    for row in rows:
        if merged:
            prev = merged[-1]
            big, small = (prev, row) if prev.size >= row.size else (row, prev)
            if big.size >= 1.25 * small.size and prev.base - row.base < 0.6 * big.size and _hugs(small, big):
                big.runs.extend(small.runs)
                merged[-1] = big
                continue
        merged.append(row)
    for row in merged:
        row.runs.sort(key=lambda r: r.x0)
    return merged


def _hugs(small: _Row, big: _Row) -> bool:
    """Superscripts are a few glyphs right next to the text they mark, not a column of their own."""
    left = min(r.x0 for r in big.runs) - big.size
    right = max(r.x1 for r in big.runs) + big.size
    return all(len(r.text.strip()) <= 4 and left <= r.x0 and r.x1 <= right for r in small.runs)


def _pieces(row: _Row) -> list[list[_Run]]:
    """Cut a row's runs at every gap wide enough to be a column gap (confirmed later)."""
    pieces: list[list[_Run]] = []
    end = -math.inf
    prev_size = 0.0
    for run in row.runs:
        if pieces and run.x0 - end < _COLUMN_GAP * max(run.size, prev_size):
            pieces[-1].append(run)
        else:
            pieces.append([run])
        end = max(end, run.x1)
        prev_size = run.size
    return pieces


def _join(runs: list[_Run]) -> _Seg:
    """Join runs sorted by x0 into one line of text, with a space wherever there is a visible gap."""
    first = runs[0]
    parts = [first.text]
    end, size, longest = first.x1, first.size, first
    for run in runs[1:]:
        gap = run.x0 - end
        if gap > _SPACE_GAP * run.size or (run.space_before and gap > -0.2 * run.size):
            parts.append(" ")
        parts.append(run.text)
        if run.x1 > end:
            end = run.x1
        if run.size > size:
            size = run.size
        if len(run.text) > len(longest.text):
            longest = run
    text = " ".join("".join(parts).split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _Seg(first.x0, end, longest.base, size, text)


def _drop_stamps(rows: list[_Row]) -> None:
    """Remove digital-signature stamp lines: lines with a stamp label ("Ký bởi:", "Thời gian ký:"), the
    lines with a weaker label next to them ("Email:", "Cơ quan:"), the continuation lines under them
    and a value set apart from its label on the same line.
    """
    labelled: list[_Seg] = []
    removed: set[int] = set()
    candidates: list[tuple[list[_Run], _Seg, bool]] = []  # (piece, its line, has a weak label)
    for row in rows:
        for piece in row.pieces:
            head = "".join(run.text for run in piece[:4])[:40]
            folded = _fold(head) if ":" in head else ""
            if folded and _STAMP_STRONG.match(folded):
                labelled.append(_join(piece))
                removed.add(id(piece))
            else:
                candidates.append(
                    (piece, _Seg(0.0, 0.0, 0.0, 0.0, ""), bool(folded and _STAMP_WEAK.match(folded)))
                )
    if not labelled:
        return
    candidates = [(piece, _join(piece), weak) for piece, _, weak in candidates]
    grown = True
    while grown:
        grown = False
        for piece, seg, weak in candidates:
            if id(piece) in removed:
                continue
            for s in labelled:
                if not 0.8 <= seg.size / s.size <= 1.25:
                    continue
                below = s.base - seg.base
                if (
                    (weak and abs(below) <= 2.2 * s.size and abs(seg.x0 - s.x0) <= 1.5 * s.size)
                    or (0 < below <= 1.6 * s.size and -0.5 * s.size <= seg.x0 - s.x0 <= 4 * s.size)
                    or (abs(below) <= 0.3 * s.size and 0 <= seg.x0 - s.x1 <= 6 * s.size)  # the value
                ):
                    labelled.append(seg)
                    removed.add(id(piece))
                    grown = True
                    break
    for row in rows:
        row.pieces = [p for p in row.pieces if id(p) not in removed]


def _confirm_gaps(rows: list[_Row], page_width: float) -> None:
    """Keep a cut between pieces only where it is a real column gap; build each row's segments.

    A gap is a column gap when it is very wide, or when a nearby row confirms it: by a gap of its own
    at the same place, or by lying wholly on one side of it and centred like the piece on that side
    (the next line of a centred header column).

    Justified text is guarded twice. A line whose word gaps are all alike has been spread over the width
    (a long word went to the next line): it is never cut. A line that runs exactly from the left to the
    right text margin (after a first-line indent, maybe) is cut only where a neighbouring line has a gap
    at the same place (a header typed with tab stops); the lines around a justified line run across.
    """
    bounds = [[(piece[0].x0, max(r.x1 for r in piece)) for piece in row.pieces] for row in rows]
    gaps = [[(b[k - 1][1], b[k][0]) for k in range(1, len(b))] for b in bounds]
    spans = [(b[0][0], max(x1 for _, x1 in b)) for b in bounds]
    spread = []
    for row_gaps in gaps:
        widths = [right - left for left, right in row_gaps]
        spread.append(len(widths) >= 2 and max(widths) <= 1.3 * min(widths))
    margin_left = _margin([round(x0) for x0, _ in spans], min, support=3)
    margin_right = _margin([round(x1) for _, x1 in spans], max, support=3)
    for i, row in enumerate(rows):
        if len(row.pieces) == 1 or spread[i]:
            row.segs = [seg for seg in [_join([run for piece in row.pieces for run in piece])] if seg.text]
            continue
        keep: list[bool] = []
        tol = 1.5 * row.size
        full_width = (
            abs(spans[i][1] - margin_right) <= 1.5
            and -1.5 <= spans[i][0] - margin_left <= 6 * row.size  # maybe with a first-line indent
        )
        if full_width and all(" " not in _join(piece).text for piece in row.pieces):
            # Two long words spread over the width (a list of web addresses, say): one justified line.
            row.segs = [seg for seg in [_join([run for piece in row.pieces for run in piece])] if seg.text]
            continue
        for k, (left, right) in enumerate(gaps[i]):
            ok = not full_width and right - left >= _WIDE_GAP * page_width
            left_centre = sum(bounds[i][k]) / 2
            right_centre = sum(bounds[i][k + 1]) / 2
            for j in _near(rows, i):
                if ok:
                    break
                x0, x1 = spans[j]
                centre = (x0 + x1) / 2
                ok = (not spread[j] and any(a < right and left < b for a, b in gaps[j])) or (
                    not full_width
                    and not rows[j].is_page_number
                    and (
                        (x1 <= right and abs(centre - left_centre) <= tol)
                        or (x0 >= left and abs(centre - right_centre) <= tol)
                    )
                )
            keep.append(ok)
        groups: list[list[_Run]] = [list(row.pieces[0])]
        for piece, ok in zip(row.pieces[1:], keep, strict=True):
            if ok:
                groups.append(list(piece))
            else:
                groups[-1].extend(piece)
        row.segs = [seg for seg in map(_join, groups) if seg.text]


def _near(rows: list[_Row], i: int) -> list[int]:
    """The indexes of the rows just above and below row ``i`` (within a few font sizes)."""
    reach = _ALIGN_DIST * rows[i].size
    out: list[int] = []
    j = i - 1
    while j >= 0 and rows[j].base - rows[i].base <= reach:
        out.append(j)
        j -= 1
    j = i + 1
    while j < len(rows) and rows[i].base - rows[j].base <= reach:
        out.append(j)
        j += 1
    return out


def _reading_order(rows: list[_Row]) -> list[_Line]:
    lines: list[_Line] = []
    i = 0
    rows = [row for row in rows if row.segs]
    while i < len(rows):
        row = rows[i]
        if len(row.segs) == 2:
            i = _two_columns(rows, i, lines)
            continue
        if len(row.segs) > 2:  # a table or a form: keep rows together, cells left to right
            for k, seg in enumerate(row.segs):
                lines.append(_Line(seg, starts=k == 0, in_table=True))
        else:
            lines.extend(_Line(seg) for seg in row.segs)
        i += 1
    return lines


def _two_columns(rows: list[_Row], start: int, out: list[_Line]) -> int:
    """Read a block of two-column rows column by column; return the index of the first row after it."""
    left_col = [rows[start].segs[0]]
    right_col = [rows[start].segs[1]]
    last_base = rows[start].base
    i = start + 1
    while i < len(rows):
        row = rows[i]
        size = max(s.size for s in row.segs)
        if last_base - row.base > _REGION_GAP * size:
            break
        gutter_left = max(s.x1 for s in left_col)
        gutter_right = min(s.x0 for s in right_col)
        if len(row.segs) == 2:
            a, b = row.segs
            if not (a.x1 <= gutter_right and b.x0 >= gutter_left):
                break
            left_col.append(a)
            right_col.append(b)
        elif len(row.segs) == 1:
            seg = row.segs[0]
            side = None
            if seg.x1 <= gutter_right - 0.1 * size and _aligned(seg, left_col):
                side = left_col
            elif seg.x0 >= gutter_left + 0.1 * size and _aligned(seg, right_col):
                side = right_col
            if side is None:
                break
            side.append(seg)
        else:
            break
        last_base = row.base
        i += 1
    for column_id, column in enumerate((left_col, right_col), start=2 * start + 1):
        for k, seg in enumerate(column):
            out.append(_Line(seg, column=column_id, starts=k == 0))
    return i


def _aligned(seg: _Seg, column: list[_Seg]) -> bool:
    """Whether a line lines up with a column, following the column's own alignment: the same centre
    for a centred column (the header), the same left edge for a left-aligned one ("Nơi nhận:")."""
    tol = 1.5 * seg.size
    half = (len(column) + 1) // 2
    centre = statistics.median(s.center for s in column)
    if sum(abs(s.center - centre) <= tol for s in column) >= half and abs(seg.center - centre) <= tol:
        return True
    left = min(s.x0 for s in column)
    return sum(abs(s.x0 - left) <= tol for s in column) >= half and abs(seg.x0 - left) <= tol


def _mark_paragraphs(lines: list[_Line]) -> None:
    """Set ``starts`` where indentation or spacing shows a new paragraph.

    The margins and the usual line pitch are measured over the whole document (they rarely change
    from page to page); the first line of a page only has its indentation as evidence.
    """
    body = [
        line
        for line in lines
        if line.seg.size > 0 and not line.in_table and not _PAGE_NUMBER.match(line.seg.text)
    ]
    flow = [line for line in body if not line.column]
    pitches: dict[tuple[int, int], list[float]] = {}  # per column of a page; (-1, 0) for the flow
    for above, line in itertools.pairwise(body):
        pitch = above.seg.base - line.seg.base
        size = line.seg.size
        if (
            above.page == line.page
            and above.column == line.column
            and 0.9 * size <= pitch <= 3 * size
            and 0.8 <= above.seg.size / size <= 1.25
        ):
            key = (line.page, line.column) if line.column else (-1, 0)
            pitches.setdefault(key, []).append(pitch)
    typical = {
        key: statistics.quantiles(values, n=4)[0] if len(values) >= 4 else min(values)
        for key, values in pitches.items()
    }
    left = _margin([round(line.seg.x0) for line in flow], min)
    right = _margin([round(line.seg.x1) for line in flow], max)
    prev: _Line | None = None
    after_table = False
    for line in lines:
        seg = line.seg
        if prev is not None and prev.page != line.page:
            prev = None
        if line.in_table:
            prev, after_table = None, True
            continue
        if seg.size <= 0 or _PAGE_NUMBER.match(seg.text):
            prev = None  # what follows a page number at the top of a page may continue a paragraph
            continue
        follows = prev is not None and prev.column == line.column
        if line.column:
            gap = follows and _gap_starts(prev, line, typical.get((line.page, line.column)))
            line.starts = line.starts or gap
        else:
            indent = seg.x0 - left
            indented = 0.7 * seg.size <= indent <= 6 * seg.size and abs(indent - (right - seg.x1)) > seg.size
            after_block = after_table or (prev is not None and prev.column != 0)
            line.starts = (
                indented or after_block or (follows and _gap_starts(prev, line, typical.get((-1, 0))))
            )
        prev, after_table = line, False


def _margin(values: list[int], pick: Any, support: int = 1) -> float:
    """The most common value (the text margin); ties go to the outermost one. NaN when no value is
    shared by ``support`` lines."""
    if not values:
        return 0.0 if support <= 1 else math.nan
    counts = Counter(values)
    best = max(counts.values())
    if best < support:
        return math.nan
    return float(pick(v for v, c in counts.items() if c == best))


def _gap_starts(prev: _Line | None, line: _Line, typical: float | None) -> bool:
    if prev is None:
        return False
    pitch = prev.seg.base - line.seg.base
    size = line.seg.size
    if typical is None:
        return pitch > 2.0 * size
    return pitch > typical + max(0.25 * size, 0.2 * typical)


# --- ruled tables (the grid: pdf_tables) ----------------------------------------------------------------


def _table_lines(table: Table, runs: list[_Run], number: int = 0) -> list[_Line]:
    """The table's text cell by cell, row by row; each cell's visual lines in order."""
    cells: dict[tuple[int, float], list[_Run]] = {}
    for run in runs:
        cells.setdefault(table.cell(run.x0, run.x1, run.base), []).append(run)
    if len({edge for _, edge in cells}) < 2:
        return []  # one column of text: a frame around text, not a table
    lines: list[_Line] = []
    for key in sorted(cells):
        col = table.column(key[1])
        segs = [seg for seg in (_join(row.runs) for row in _rows(cells[key])) if seg.text]
        if not segs:
            continue
        width = table.right_of(key[1], segs[0].base) - key[1]
        starts = _cell_breaks(segs, key[1], width)
        lines += [
            _Line(seg, starts=start, in_table=True, cell=(number, key[0], col))
            for seg, start in zip(segs, starts, strict=True)
        ]
    return lines


def _cell_breaks(segs: list[_Seg], left: float, width: float) -> list[bool]:
    """Which visual lines of a cell start a paragraph: the first, and a line in capitals (or a bullet)
    whose first word would have fitted at the end of the line above, so that the line above was ended on
    purpose (one name a line in a "Người thực hiện" cell). The room of a line is the cell's width less its
    padding on both sides, measured on the left (an overestimate for centred text: fewer breaks)."""
    out = [True] + [False] * (len(segs) - 1)
    if len(segs) < 2:
        return out
    room = width - 2 * max(0.0, min(seg.x0 for seg in segs) - left)
    for k in range(1, len(segs)):
        above, line = segs[k - 1], segs[k]
        if not (line.text[:1].isupper() or line.text[:1] in "-+•–"):
            continue
        word = line.text.split(" ", 1)[0]
        word_width = (line.x1 - line.x0) * len(word) / max(1, len(line.text))
        out[k] = (above.x1 - above.x0) + 0.3 * line.size + word_width + line.size < room  # with room to spare
    return out


# --- text quality -------------------------------------------------------------------------------------


def _score(lines: list[_Line], hidden: bool = False) -> tuple[int, bool]:
    """Return (letters and digits, unreadable): unreadable text comes from fonts without a Unicode map,
    or from a hidden layer (someone else's OCR) that is mostly broken words."""
    verdict = textlayer.quality(" ".join(line.seg.text for line in lines))
    if verdict.characters == 0:
        return 0, False
    garbage = verdict.unreadable(hidden=hidden)
    return (0 if garbage else verdict.letters), garbage


def _hidden_share(page: Any) -> float:
    """The share of the page's text objects drawn invisibly (render mode 3: an OCR layer over a scan)."""
    raw = page.raw
    text = hidden = 0
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT:
            text += 1
            hidden += pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
    return hidden / text if text else 0.0


def _image_share(page: Any) -> float:
    """The share of the page area covered by images (top-level image and form objects)."""
    raw = page.raw
    area = 0.0
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        if pdfium_c.FPDFPageObj_GetType(obj) not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            area += max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
    page_area = float(page.get_width()) * float(page.get_height())
    return area / page_area if page_area > 0 else 0.0


register(PdfParser())
