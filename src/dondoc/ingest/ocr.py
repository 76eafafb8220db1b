"""OCR of page images with Tesseract's Vietnamese model (``tesseract-ocr-vie``), page by page.

Each page is read twice, with automatic page segmentation (``--psm 3``) and as one uniform block of text
(``--psm 6``): on real signed scans the automatic mode sometimes drops whole paragraphs without its
confidence showing it, and the uniform block sometimes loses tone marks. The reading kept is the one with
more plausible words (Vietnamese syllables and codes read with confidence). A page that reads as almost
nothing is checked for orientation (``--psm 0``) and read again upright.

Pages run in parallel Tesseract processes (``OMP_THREAD_LIMIT=1``: one thread per process is faster on a
small machine). Settings: ``DONDOC_OCR_MAX_PAGES`` (default 100), ``DONDOC_OCR_TIMEOUT`` (seconds for a
whole document, default 900), ``DONDOC_OCR_WORKERS`` (default: the number of CPUs, at most 4).
The result is words with their boxes; ``pdf.ocr_lines`` lays them out like a PDF text layer.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Final

from PIL import Image

from dondoc.errors import DondocError, OcrLimitError, OcrTimeoutError, OcrUnavailableError
from dondoc.ingest import textlayer

LANGUAGE: Final = "vie"  # never "vie+eng": the English model strips the diacritics
DPI: Final = 300
_MODES: Final = (3, 6)
_MIN_CONFIDENCE: Final = 45.0
_FEW_WORDS: Final = 15  # a page with fewer plausible words is checked for orientation
_ROTATE: Final = re.compile(r"Rotate:\s*(\d+)")


@dataclass(frozen=True)
class OcrSettings:
    max_pages: int = 100
    timeout: float = 900.0
    workers: int = 2

    @classmethod
    def from_env(cls) -> OcrSettings:
        def number(name: str, default: float) -> float:
            value = os.environ.get(name, "").strip()
            try:
                return float(value) if value else default
            except ValueError:
                return default

        cpus = os.cpu_count() or 1
        return cls(
            max_pages=max(1, int(number("DONDOC_OCR_MAX_PAGES", 100))),
            timeout=max(0.01, number("DONDOC_OCR_TIMEOUT", 900.0)),
            workers=max(1, int(number("DONDOC_OCR_WORKERS", min(cpus, 4)))),
        )


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word and its box in pixels; ``line`` numbers the words of one Tesseract line on the page."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    line: int
    line_top: int
    line_bottom: int


@dataclass(slots=True)
class OcrPage:
    width: int  # pixels
    height: int
    dpi: float
    words: list[OcrWord] = field(default_factory=list)
    mode: int = 0  # the page segmentation kept
    rotation: int = 0  # degrees the page was turned to read it

    @property
    def score(self) -> int:
        return sum(w.conf >= _MIN_CONFIDENCE and textlayer.plausible_word(w.text) for w in self.words)


PREVIEW_WIDTH: Final = 1240  # pixels of a page image kept for review (150 dpi on A4)


_NOISE_CONFIDENCE: Final = 40.0
_LEADER: Final = re.compile(r"[0689]{10,}")


def is_noise(word: OcrWord) -> bool:
    """A speck, a stroke of a signature or of a stamp read as a word (low confidence and no word), a
    dotted leader line ("Số:............") read as a long string of 0, 6, 8, 9, or a vertical stroke."""
    if _LEADER.search(word.text) or not word.text.strip("|¦ "):
        return True  # a dotted leader, or a rule, a fold or the scan's edge read as "|"
    if word.conf >= _NOISE_CONFIDENCE:
        return False
    letters = sum(ch.isalnum() for ch in word.text)
    return letters == 0 or (letters <= 2 and not textlayer.plausible_word(word.text))


def is_noise_line(words: list[OcrWord]) -> bool:
    """A line of a few marks with nothing readable (what is left of a signature or a seal)."""
    good = sum(w.conf >= _MIN_CONFIDENCE and textlayer.plausible_word(w.text) for w in words)
    return good == 0 and sum(len(w.text) for w in words) < 12


def available() -> bool:
    return shutil.which("tesseract") is not None


def enabled() -> bool:
    """OCR runs unless ``DONDOC_OCR=0`` (then scans are reported as needing OCR, as before)."""
    return os.environ.get("DONDOC_OCR", "1").strip().lower() not in ("0", "false", "no", "off")


def preview_png(image: Image.Image) -> bytes:
    """A page image small enough to show in the review screen (greyscale PNG)."""
    preview = image.convert("L")
    if preview.width > PREVIEW_WIDTH:
        preview = preview.resize(
            (PREVIEW_WIDTH, round(preview.height * PREVIEW_WIDTH / preview.width)), Image.Resampling.BILINEAR
        )
    buffer = io.BytesIO()
    preview.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def check_page_limit(pages: int, settings: OcrSettings) -> None:
    if pages > settings.max_pages:
        raise OcrLimitError(
            f"Bản quét có {pages} trang cần nhận dạng ký tự (OCR), vượt giới hạn {settings.max_pages} trang "
            "(thiết lập DONDOC_OCR_MAX_PAGES): hãy tách tệp thành nhiều phần nhỏ hơn rồi tải lên lại."
        )


def _tesseract(image: bytes, args: list[str], deadline: float) -> str:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OcrTimeoutError()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", *args],
            input=image,
            capture_output=True,
            timeout=remaining,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrTimeoutError() from None
    except OSError as exc:
        raise OcrUnavailableError(detail=str(exc)) from None
    if done.returncode != 0:
        raise OcrUnavailableError(detail=done.stderr.decode("utf-8", "replace")[-300:])
    return done.stdout.decode("utf-8", "replace")


def _words(tsv: str) -> list[OcrWord]:
    """Tesseract's TSV: level 4 rows are lines, level 5 rows are their words."""
    words: list[OcrWord] = []
    line = 0
    line_top = line_bottom = 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        level, left, top, width, height = (int(c) for c in (cols[0], *cols[6:10]))
        if level == 4:
            line += 1
            line_top, line_bottom = top, top + height
        elif level == 5 and cols[11].strip():
            words.append(
                OcrWord(
                    cols[11].strip(), left, top, left + width, top + height,
                    float(cols[10]), line, line_top, line_bottom,
                )
            )  # fmt: skip
    return words


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # uncompressed: nothing to spend on encoding
    return buffer.getvalue()


def _read(image: Image.Image, dpi: float, deadline: float, rotation: int = 0) -> OcrPage:
    data = _encode(image)
    best = OcrPage(image.width, image.height, dpi)
    for mode in _MODES:
        args = ["-l", LANGUAGE, "--psm", str(mode), "--dpi", str(round(dpi)), "tsv"]
        tsv = _tesseract(data, args, deadline)
        page = OcrPage(image.width, image.height, dpi, _words(tsv), mode, rotation)
        if page.score > best.score or not best.words:
            best = page
    return best


def _orientation(image: Image.Image, deadline: float) -> int:
    try:
        out = _tesseract(_encode(image), ["--psm", "0", "-l", "osd"], deadline)
    except OcrUnavailableError:
        return 0  # too little text to tell the orientation
    match = _ROTATE.search(out)
    return int(match.group(1)) % 360 if match else 0


def read_page(image: Image.Image, dpi: float, deadline: float) -> OcrPage:
    """OCR one page image (greyscale); a page that reads as almost nothing is tried upright."""
    image = image.convert("L")
    page = _read(image, dpi, deadline)
    if page.score < _FEW_WORDS:
        rotation = _orientation(image, deadline)
        if rotation:
            turned = _read(image.rotate(-rotation, expand=True), dpi, deadline, rotation)
            if turned.score > page.score:
                return turned
    return page


def read_pages(
    images: Iterable[tuple[Image.Image, float]],
    settings: OcrSettings | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[OcrPage]:
    """OCR page images (each with its resolution) in parallel, in order. ``images`` may be a generator
    that renders pages lazily: at most twice as many pages as workers wait in memory."""
    settings = settings or OcrSettings.from_env()
    if not available():
        raise OcrUnavailableError()
    deadline = time.monotonic() + settings.timeout
    results: list[OcrPage] = []
    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        pending: list[Future[OcrPage]] = []
        try:
            for image, dpi in images:
                pending.append(pool.submit(read_page, image, dpi, deadline))
                while len(pending) >= 2 * settings.workers:
                    results.append(pending.pop(0).result())
                    if progress:
                        progress(len(results))
            for future in pending:
                results.append(future.result())
                if progress:
                    progress(len(results))
        except DondocError:
            for future in pending:
                future.cancel()
            raise
    return results
