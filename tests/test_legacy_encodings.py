"""TCVN3 (ABC) and VNI: the tables letter by letter (all 134 precomposed Vietnamese letters, both cases)
against the code charts of the standards written out here independently of the data files; fonts;
detection; and real text converted in a .txt and in the runs of a .docx."""

from __future__ import annotations

import io
import unicodedata

import docx
import pytest

from dondoc.ingest import ingest_bytes, legacy
from dondoc.ingest.text import decode_text

# TCVN 5712:1993, VN3: the code chart, as runs of consecutive bytes from a first byte.
TCVN3_CHART = [
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"),
    (0xB5, "àảãáạ"),
    (0xBB, "ằẳẵắ"),
    (0xC6, "ặầẩẫấậè"),
    (0xCE, "ẻẽéẹềểễếệìỉ"),
    (0xDC, "ĩíịò"),
    (0xE1, "ỏõóọồổỗốộờởỡớợù"),
    (0xF1, "ủũúụừửữứựỳỷỹýỵ"),
]
TCVN3_CODES = {letter: chr(first + k) for first, letters in TCVN3_CHART for k, letter in enumerate(letters)}

# VNI-Windows: the byte after the base vowel for each (vowel mark, tone), lowercase; capitals are the
# capitals of the same bytes. i, ơ, ư, đ and ỵ are single bytes.
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
VNI_MARKS = {
    ("", _ACUTE): "ù", ("", _GRAVE): "ø", ("", _HOOK): "û", ("", _TILDE): "õ", ("", _DOT): "ï",
    ("\u0302", ""): "â", ("\u0302", _ACUTE): "á", ("\u0302", _GRAVE): "à", ("\u0302", _HOOK): "å",
    ("\u0302", _TILDE): "ã", ("\u0302", _DOT): "ä",
    ("\u0306", ""): "ê", ("\u0306", _ACUTE): "é", ("\u0306", _GRAVE): "è", ("\u0306", _HOOK): "ú",
    ("\u0306", _TILDE): "ü", ("\u0306", _DOT): "ë",
}  # fmt: skip
VNI_SINGLE = {"í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ơ": "ô", "ư": "ö", "ỵ": "î", "đ": "ñ"}


def vni_code(letter: str) -> str:
    lower = letter.lower()
    nfd = unicodedata.normalize("NFD", lower)
    base, marks = nfd[0], nfd[1:]
    vowel_mark = "".join(m for m in marks if m in "\u0302\u0306\u031b")  # circumflex, breve, horn
    tone = "".join(m for m in marks if m not in vowel_mark)
    if lower in VNI_SINGLE:
        code = VNI_SINGLE[lower]
    elif vowel_mark == "\u031b":  # ơ, ư with a tone: their own byte, then the tone's
        code = VNI_SINGLE[unicodedata.normalize("NFC", base + vowel_mark)] + VNI_MARKS[("", tone)]
    else:
        code = base + VNI_MARKS[(vowel_mark, tone)]
    return code.upper() if letter.isupper() else code


def test_the_letters_are_the_134_precomposed_vietnamese_letters() -> None:
    assert len(legacy.LETTERS) == len(set(legacy.LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", ch) and not ch.isascii() for ch in legacy.LETTERS)
    assert len(TCVN3_CODES) == 74


@pytest.mark.parametrize("letter", list(legacy.LETTERS))
def test_tcvn3_letter(letter: str) -> None:
    if letter in TCVN3_CODES:  # the lowercase letters and Ă Â Ê Ô Ơ Ư Đ have codes of their own
        assert legacy.table("tcvn3").codes[letter] == TCVN3_CODES[letter]
        assert legacy.decode(TCVN3_CODES[letter], "tcvn3") == letter
    else:  # the other capitals: the lowercase code in an H font (.VnTimeH)
        assert letter.isupper() and letter not in legacy.table("tcvn3").codes
        assert legacy.decode(TCVN3_CODES[letter.lower()], "tcvn3", upper=True) == letter
        # in a text without fonts: its capital base letter, then the lowercase code ("Ủ" → "U" + "ñ")
        base = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", letter) if c in "AEIOUY\u0302\u0306\u031b")
        )
        pair = TCVN3_CODES.get(base, base) + TCVN3_CODES[letter.lower()]
        assert legacy.encode(letter, "tcvn3") == pair
        assert legacy.decode(pair, "tcvn3") == letter
        return
    assert legacy.encode(letter, "tcvn3") == TCVN3_CODES[letter]


@pytest.mark.parametrize("letter", list(legacy.LETTERS))
def test_vni_letter(letter: str) -> None:
    code = vni_code(letter)
    assert legacy.table("vni").codes[letter] == code
    assert legacy.encode(letter, "vni") == code
    assert legacy.decode(code, "vni") == letter
    assert legacy.decode(f"x{code}x", "vni") == f"x{letter}x"


@pytest.mark.parametrize(
    ("text", "encoding", "unicode"),
    [
        ("Th«ng b¸o kÕt luËn cña Chñ tÞch", "tcvn3", "Thông báo kết luận của Chủ tịch"),
        ("tr\xadíc ngµy 30/6/2025, ®¬n vÞ", "tcvn3", "trước ngày 30/6/2025, đơn vị"),
        ("Thoâng baùo keát luaän cuûa Chuû tòch", "vni", "Thông báo kết luận của Chủ tịch"),
        ("tröôùc ngaøy 30/6/2025, ñôn vò. ÑEÀ NGHÒ Sôû", "vni", "trước ngày 30/6/2025, đơn vị. ĐỀ NGHỊ Sở"),
        ("Aù", "vni", "Á"),  # a capital base with a lowercase mark byte
    ],
)
def test_real_text(text: str, encoding: str, unicode: str) -> None:
    assert legacy.decode(text, encoding) == unicode


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", ("tcvn3", False)),
        (".VnTimeH", ("tcvn3", True)),
        (".VnArial NarrowH", ("tcvn3", True)),
        (".vnarial", ("tcvn3", False)),
        ("VNI-Times", ("vni", False)),
        ("VNI-Helve-Condense", ("vni", False)),
        ("Times New Roman", None),
        ("Vni Sans", None),
        (None, None),
    ],
)
def test_font_encoding(font: str | None, expected: tuple[str, bool] | None) -> None:
    assert legacy.font_encoding(font) == expected


UNICODE = (
    "ỦY BAN NHÂN DÂN TỈNH HÒA LÂM\nTHÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban.\n"
    "Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát, hoàn thành trước ngày 30/6/2026.\n"
)


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_detect(encoding: str) -> None:
    assert legacy.detect(legacy.encode(UNICODE, encoding)) == encoding
    assert legacy.detect(UNICODE) is None
    assert legacy.detect("Café «crème» à la française, naïve façade, señor.") is None
    assert legacy.detect("plain ASCII text only") is None


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
@pytest.mark.parametrize("transport", ["bytes", "utf-8"])
def test_a_legacy_text_file_is_converted(encoding: str, transport: str) -> None:
    text = legacy.encode(UNICODE, encoding)
    data = text.encode("latin-1") if transport == "bytes" else text.encode("utf-8")  # or pasted into UTF-8
    decoded = decode_text(data)
    assert decoded.text == UNICODE
    assert decoded.encoding.endswith(encoding)
    doc = ingest_bytes(data, "van-ban.txt")
    assert "bảng mã cũ" in doc.warnings[0]


def _legacy_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    document = docx.Document()
    for text, font in paragraphs:
        run = document.add_paragraph().add_run(text)
        run.font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_runs_are_converted_by_their_font() -> None:
    lines = UNICODE.strip().split("\n")
    data = _legacy_docx(
        [
            (legacy.encode(lines[0].lower(), "tcvn3"), ".VnTimeH"),  # capitals typed in the H font
            (legacy.encode(lines[1], "vni"), "VNI-Times"),
            (legacy.encode(lines[2], "tcvn3"), ".VnTime"),
            (lines[3], "Times New Roman"),  # a Unicode paragraph stays as it is
            ("Th«ng b¸o", "Arial"),  # not a legacy font: its characters are not converted
        ]
    )
    doc = ingest_bytes(data, "x.docx")
    assert [line.text for line in doc.lines] == [*lines, "Th«ng b¸o"]
    assert any("phông chữ cũ" in w for w in doc.warnings)


def test_a_docx_of_legacy_text_in_an_unknown_font_is_converted_not_imported_as_mojibake() -> None:
    lines = UNICODE.strip().split("\n")
    data = _legacy_docx([(legacy.encode(line, "tcvn3"), "Times New Roman") for line in lines])
    doc = ingest_bytes(data, "x.docx")
    assert [line.text for line in doc.lines] == lines
    assert any("TCVN3" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("THÔNG BáO", "THÔNG BÁO"),  # a capital line: its TCVN3 letters read lowercase
        ("ủY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("Số: 12/TB-UBND", "Số: 12/TB-UBND"),  # codes in capitals do not make the line a capital one
        ("thông báo đểBộ Kế hoạch", "thông báo đểBộ Kế hoạch"),  # two words without their space
    ],
)
def test_restore_capitals(read: str, restored: str) -> None:
    assert legacy.restore_capitals(read) == restored
