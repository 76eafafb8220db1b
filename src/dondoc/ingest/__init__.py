"""Ingest: read a file's bytes into a ``RawDocument`` through the parser registered for its type."""

from __future__ import annotations

from pathlib import Path

from dondoc.errors import EncryptedFileError, UnsupportedFormatError
from dondoc.ingest import sniff as _sniff
from dondoc.ingest.base import Parser, parser_for, register, registered
from dondoc.model import RawDocument

__all__ = ["Parser", "ingest_bytes", "ingest_path", "parser_for", "register", "registered"]

_loaded = False


def _load_builtin_parsers() -> None:
    """Import the built-in parsers once; each registers itself."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from dondoc.ingest import docx, images, office, pdf, text, xlsx  # noqa: F401


def ingest_bytes(data: bytes, filename: str = "") -> RawDocument:
    media_type = _sniff.sniff(data, filename)
    if media_type == _sniff.ENCRYPTED_OFFICE:
        raise EncryptedFileError()
    if media_type in (_sniff.ZIP, _sniff.BINARY):
        raise UnsupportedFormatError()
    return parser_for(media_type).parse(data, filename)


def ingest_path(path: str | Path) -> RawDocument:
    p = Path(path)
    return ingest_bytes(p.read_bytes(), p.name)
