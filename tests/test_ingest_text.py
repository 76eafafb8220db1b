"""Plain text: how the bytes are decoded (UTF-8, UTF-16 with a BOM, Windows-1258), what is refused
(a legacy-looking text that no TCVN3/VNI table reads), and what is kept with a warning (UTF-8 with a few damaged bytes)."""

from __future__ import annotations

import unicodedata

import pytest

from dondoc.errors import LegacyFormatError
from dondoc.ingest.text import decode_text
from dondoc.pipeline import extract_bytes

SENTENCE = "Đề nghị Sở Tài chính rà soát, báo cáo UBND tỉnh trước ngày 30/6/2025."
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Windows-1258 writes a tone as a combining mark after the letter (the letter keeps ă, â, ê, ô, ơ, ư)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SENTENCE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"), "utf-8-sig"),
        (SENTENCE.encode("utf-16"), "utf-16"),
        (windows_1258(SENTENCE), "cp1258"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "windows-1258"],
)
def test_decoded_to_the_same_nfc_text(data: bytes, encoding: str) -> None:
    text, found, _damaged = decode_text(data)
    assert found == encoding
    assert unicodedata.normalize("NFC", text) == SENTENCE


def test_tcvn3_is_converted_to_unicode() -> None:
    tcvn3 = "Th«ng b¸o kÕt luËn cña Chñ tÞch Uû ban nh©n d©n tØnh vÒ viÖc triÓn khai.\n" * 20
    decoded = decode_text(tcvn3.encode("latin-1"))
    assert decoded.encoding == "tcvn3"
    assert decoded.text.startswith("Thông báo kết luận của Chủ tịch Uỷ ban nhân dân tỉnh về việc triển khai.\n")


def test_legacy_looking_text_that_is_no_known_table_is_refused_with_a_vietnamese_message() -> None:
    # The shape of TCVN3 words, but letters no Vietnamese syllable has: no table reads it.
    text = "Thq« bz¸o kÕxt lqËn cñz Chñx tÞqch Uû bzn nh©q d©z tØqh vÒx viÖq.\n" * 20
    with pytest.raises(LegacyFormatError) as caught:
        decode_text(text.encode("latin-1"))
    assert "bảng mã cũ" in str(caught.value)


def test_utf8_with_a_few_damaged_bytes_is_kept_and_the_user_is_told() -> None:
    body = ("ỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM\nSố: 12/UBND-KT\nKính gửi: Sở Tài chính.\n" + SENTENCE + "\n") * 3
    data = bytearray(body.encode("utf-8"))
    data[60] = 0xFF  # two bytes spoiled, e.g. by a cut copy
    data[200] = 0xFE
    result = extract_bytes(bytes(data), "cong-van.txt")
    assert any("ký tự hỏng" in w for w in result.warnings)
    assert "\ufffd" in result.normalized.text
    assert any(t.lead and t.lead[0].name == "Sở Tài chính" for t in result.tasks or [])
