"""Bad inputs of the extraction core end in the project's own errors, each the right one:

- a ZIP (a .docx) whose header claims a version or method ``zipfile`` cannot read is a corrupt file,
  not an internal error;
- random bytes are not reported as a legacy Vietnamese encoding (TCVN3/VNI): that needs a text that
  reads as Vietnamese in one of them.
"""

from __future__ import annotations

import random
import struct

import pytest

from docx_factory import DocxFactory
from dondoc.errors import DondocError
from dondoc.ingest import ingest_bytes
from dondoc.ingest.text import decode_text
from dondoc.pipeline import extract_bytes

_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def _docx() -> bytes:
    f = DocxFactory()
    f.paragraph("Đề nghị Sở Tài chính rà soát, báo cáo UBND tỉnh trước ngày 30/6/2026.")
    return f.to_bytes()


def _set_extract_version(data: bytes, version: int) -> bytes:
    """Every member's "version needed to extract", in the central directory and the local headers."""
    out = bytearray(data)
    start = 0
    while (at := out.find(_CENTRAL, start)) >= 0:
        struct.pack_into("<H", out, at + 6, version)  # after signature and "version made by"
        start = at + 4
    start = 0
    while (at := out.find(_LOCAL, start)) >= 0:
        struct.pack_into("<H", out, at + 4, version)
        start = at + 4
    return bytes(out)


def _set_method(data: bytes, method: int) -> bytes:
    """Every member's compression method (99 = AES, 14 = LZMA in the real world; 77: none at all)."""
    out = bytearray(data)
    for sig, offset in ((_CENTRAL, 10), (_LOCAL, 8)):
        start = 0
        while (at := out.find(sig, start)) >= 0:
            struct.pack_into("<H", out, at + offset, method)
            start = at + 4
    return bytes(out)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: _set_extract_version(d, 99),
        lambda d: _set_extract_version(d, 0xFFFF),
        lambda d: _set_method(d, 77),
    ],
    ids=["version-9.9", "version-6553.5", "method-77"],
)
def test_a_zip_of_an_unsupported_version_is_a_corrupt_file(spoil: object) -> None:
    data = spoil(_docx())  # type: ignore[operator]
    assert data[:4] == _LOCAL and data != _docx()
    with pytest.raises(DondocError) as caught:
        extract_bytes(data, "thong-bao.docx")
    assert caught.value.code == "corrupt_file", f"{caught.value.code}: {caught.value}"
    assert "hỏng" in caught.value.message


def _random_bytes(seed: int) -> bytes:
    rng = random.Random(seed)
    size = rng.randrange(50, 4000)
    kind = seed % 3
    if kind == 0:  # high bytes only: every one a "letter" of some code page
        return bytes(rng.randrange(0x80, 0x100) for _ in range(size))
    if kind == 1:  # a few ASCII letters and spaces among the high bytes
        return bytes(rng.choice(b" anhotuc" + bytes(range(0xA0, 0x100))) for _ in range(size))
    return bytes(rng.randrange(0x20, 0x100) for _ in range(size))  # printable and high bytes


def test_random_bytes_are_not_a_legacy_vietnamese_encoding() -> None:
    codes: dict[str, int] = {}
    for seed in range(150):
        try:
            ingest_bytes(_random_bytes(seed), "van-ban.txt")
            code = "read"
        except DondocError as exc:
            code = exc.code
        codes[code] = codes.get(code, 0) + 1
    assert "legacy_format" not in codes, codes
    assert codes.get("bad_encoding", 0) >= 100, codes  # said as it is: no encoding fits


TCVN3 = "Th«ng b¸o kÕt luËn cña Chñ tÞch Uû ban nh©n d©n tØnh vÒ viÖc triÓn khai, ®¬n vÞ thùc hiÖn.\n"


@pytest.mark.parametrize(("text", "copies"), [(TCVN3, 20), (TCVN3, 1)], ids=["tcvn3", "tcvn3-line"])
def test_real_legacy_text_is_converted(text: str, copies: int) -> None:
    decoded = decode_text((text * copies).encode("cp1252"))
    assert decoded.encoding == "tcvn3"
    assert decoded.text.startswith("Thông báo kết luận của Chủ tịch Uỷ ban nhân dân tỉnh")
