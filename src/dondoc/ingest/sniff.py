"""Identify a file's format from its magic bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import io
import zipfile
import zlib

from dondoc.errors import EmptyFileError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
ODT = "application/vnd.oasis.opendocument.text"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENCRYPTED_OFFICE = "application/x-encrypted-office"
ZIP = "application/zip"
TEXT = "text/plain"
IMAGE = "image/*"
RTF = "application/rtf"
BINARY = "application/octet-stream"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def sniff(data: bytes, filename: str = "") -> str:
    """Return the media type of ``data``."""
    if not data:
        raise EmptyFileError()
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(_OLE):
        # Password-protected .docx/.xlsx are OLE containers holding an "EncryptedPackage" stream.
        return ENCRYPTED_OFFICE if "EncryptedPackage".encode("utf-16-le") in data else DOC
    if head.startswith(b"{\\rtf"):
        return RTF
    if any(head.startswith(m) for m in _IMAGES) or head[4:12] in (b"ftypheic", b"ftypavif"):
        return IMAGE
    if _looks_like_text(data):
        return TEXT
    return BINARY


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            # An OpenDocument package starts with its uncompressed "mimetype" member.
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
    except (zlib.error, zipfile.BadZipFile, OSError, ValueError, EOFError, IndexError, NotImplementedError):
        # A broken archive that claims to be Office Open XML is still reported as a corrupt docx/xlsx.
        head = data[:4096]
        if b"xl/" in head and b"word/" not in head:
            return XLSX
        return DOCX if b"word/" in head or b"[Content_Types].xml" in head else ZIP
    if "word/document.xml" in names or (
        "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    ):
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if mimetype == ODT.encode():
        return ODT
    return ZIP


_PRINTABLE_AND_SPACE = bytes([9, 10, 12, 13, *range(32, 256)])


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in sample:
        return False
    # Control characters other than whitespace are rare in text of any 8-bit encoding.
    controls = len(sample.translate(None, _PRINTABLE_AND_SPACE))
    return controls <= len(sample) * 0.01
