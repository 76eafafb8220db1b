"""PDF (placeholder: being written)."""

from __future__ import annotations

from dondoc.errors import CorruptFileError
from dondoc.ingest.base import register
from dondoc.ingest.sniff import PDF
from dondoc.model import RawDocument


class PdfParser:
    name = "pdf"
    media_types = (PDF,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        raise CorruptFileError(detail="pdf parser not written yet")


register(PdfParser())
