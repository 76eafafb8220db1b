"""Images of pages (PNG, JPEG, TIFF with one or more pages, GIF, BMP): phone photos and scans, read by OCR.

The photo's EXIF orientation is applied, the image is made greyscale, and a small image is scaled up to
about 300 dpi on an A4 page (Tesseract reads text best at that size). Each frame of a multi-page TIFF
is a page.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Final

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from dondoc.errors import CorruptFileError, NeedsOcrError, NoTextInImageError
from dondoc.ingest import ocr
from dondoc.ingest.base import register
from dondoc.ingest.pdf import assemble_ocr
from dondoc.ingest.sniff import IMAGE
from dondoc.model import RawDocument

_A4_WIDTH_INCHES: Final = 8.27
_MIN_DPI: Final = 250.0
_MAX_PIXELS: Final = 80_000_000  # a larger image is a decompression bomb, not a page


def _dpi(image: Image.Image) -> float:
    """The page's resolution: as if the image spans an A4 page's shorter side (photos carry no real dpi)."""
    return min(image.width, image.height) / _A4_WIDTH_INCHES


def _pages(image: Image.Image) -> Iterator[tuple[Image.Image, float]]:
    for frame in ImageSequence.Iterator(image):
        page = ImageOps.exif_transpose(frame.convert("L") if frame.mode != "L" else frame.copy())
        dpi = _dpi(page)
        if dpi < _MIN_DPI:
            scale = ocr.DPI / dpi
            page = page.resize(
                (round(page.width * scale), round(page.height * scale)), Image.Resampling.BICUBIC
            )
            dpi = float(ocr.DPI)
        yield page, dpi


def _open(data: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptFileError(detail=str(exc)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise CorruptFileError("Ảnh có kích thước quá lớn bất thường: đã từ chối.", detail=str(exc)) from None
    return image


class ImageParser:
    name = "image"
    media_types: tuple[str, ...] = (IMAGE,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        image = _open(data)
        if not ocr.enabled():
            raise NeedsOcrError(
                "Tài liệu là ảnh chụp/bản quét, cần nhận dạng ký tự (OCR) nhưng OCR đang tắt."
            )
        settings = ocr.OcrSettings.from_env()
        ocr.check_page_limit(getattr(image, "n_frames", 1), settings)
        previews: dict[int, bytes] = {}

        def pages() -> Iterator[tuple[Image.Image, float]]:
            for index, (page, dpi) in enumerate(_pages(image)):
                previews[index] = ocr.preview_png(page)
                yield page, dpi

        read = ocr.read_pages(pages(), settings)
        if not any(page.words for page in read):
            raise NoTextInImageError()
        doc = assemble_ocr(read, media_type=IMAGE, parser=self.name)
        doc.page_images = previews
        return doc


register(ImageParser())
