"""Word .docx (placeholder: being written)."""

from __future__ import annotations

from dondoc.errors import CorruptFileError
from dondoc.ingest.base import register
from dondoc.ingest.sniff import DOCX
from dondoc.model import RawDocument


class DocxParser:
    name = "docx"
    media_types = (DOCX,)

    def parse(self, data: bytes, filename: str) -> RawDocument:
        raise CorruptFileError(detail="docx parser not written yet")


register(DocxParser())
