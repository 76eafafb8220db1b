"""The pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI: their tables, their fonts, and detection.

A text in one of them arrives as the characters a Windows-1252 program shows for its bytes («Th«ng b¸o»
for «Thông báo» in TCVN3, «Thoâng baùo» in VNI): in a .txt read byte for byte, in a .docx/.doc/.rtf run
whose font is a legacy font (``.VnTime``, ``VNI-Times``), or pasted into a Unicode file. ``decode`` turns
such text into Unicode by the encoding's table (``data/tcvn3.yaml``, ``data/vni.yaml``: letter → code);
``font_encoding`` names the encoding of a font; ``detect`` tells whether a text is legacy mojibake and in
which encoding.

TCVN3 has no codes for the capitals with a tone mark: they are typed in an "H" font, whose glyphs are
capitals. A text whose font is unknown (a .txt) is read as lowercase, and a word whose other letters are
all capitals ("THÔNG B¸O" → "THÔNG BáO") is put back in capitals (``restore_capitals``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Final

from dondoc import langdata
from dondoc.langdata import LanguageDataError

TCVN3: Final = "tcvn3"
VNI: Final = "vni"
ENCODINGS: Final = (TCVN3, VNI)

_TONES_ORDER: Final = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
#: The 67 lowercase Vietnamese letters outside ASCII (12 vowels x 5 tones, ă â ê ô ơ ư đ), NFC.
LOWERCASE_LETTERS: Final = (
    "".join(
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưy"
        for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
        if base + tone not in ("a", "e", "i", "o", "u", "y")
    )
    + "đ"
)
LETTERS: Final = LOWERCASE_LETTERS + LOWERCASE_LETTERS.upper()
_TONES: Final = _TONES_ORDER
_TONED: Final = frozenset(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in _TONES)


@dataclass(frozen=True, slots=True)
class Table:
    """One legacy encoding: letter → code, code → letter, and its fonts."""

    name: str
    label: str
    codes: dict[str, str]  # Unicode letter → code
    letters: dict[str, str]  # code → Unicode letter (with the mixed-case VNI pairs)
    pattern: re.Pattern[str]  # any code, longest first
    font_prefixes: tuple[str, ...]
    upper_font_suffix: str


@cache
def table(name: str) -> Table:
    """The table of ``name`` (``tcvn3`` or ``vni``), validated: every entry is a Vietnamese letter, codes
    are one or two characters of Latin-1, and no two letters share a code."""
    data = langdata.load(name)
    codes = data.get("letters")
    if not isinstance(codes, dict) or not codes:
        raise LanguageDataError(f"{name}.yaml: 'letters' must map letters to codes")
    letters: dict[str, str] = {}
    for letter, code in codes.items():
        if letter not in LETTERS or not isinstance(code, str) or not 1 <= len(code) <= 2:
            raise LanguageDataError(f"{name}.yaml: bad entry {letter!r}: {code!r}")
        if any(ord(ch) > 0xFF for ch in code) or code in letters:
            raise LanguageDataError(
                f"{name}.yaml: code {code!r} of {letter!r} is not Latin-1 or is not unique"
            )
        letters[code] = letter
    for code, letter in list(letters.items()):
        if len(code) == 2 and code[0].isascii():
            # "Aù" (a capital base, a lowercase mark byte) is a capital too; "aÙ" a lowercase letter.
            mixed = code[0] + code[1].swapcase()
            if mixed not in letters:
                letters[mixed] = letter.upper() if code[0].isupper() else letter.lower()
    prefixes = data.get("font_prefixes")
    suffix = data.get("upper_font_suffix", "")
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and p for p in prefixes):
        raise LanguageDataError(f"{name}.yaml: 'font_prefixes' must be a list of strings")
    alternation = "|".join(re.escape(code) for code in sorted(letters, key=len, reverse=True))
    return Table(
        name=name,
        label=str(data.get("name", name)),
        codes=dict(codes),
        letters=letters,
        pattern=re.compile(alternation),
        font_prefixes=tuple(p.lower() for p in prefixes),
        upper_font_suffix=str(suffix).lower(),
    )


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, uppercase font) of a font name: ".VnTime" → ("tcvn3", False), ".VnTimeH" → ("tcvn3",
    True), "VNI-Times" → ("vni", False); None for a Unicode font."""
    if not font:
        return None
    key = font.strip().lower()
    for name in ENCODINGS:
        t = table(name)
        if key.startswith(t.font_prefixes):
            return name, bool(t.upper_font_suffix) and key.endswith(t.upper_font_suffix)
    return None


def decode(text: str, encoding: str, upper: bool = False) -> str:
    """``text`` (the Windows-1252 characters of legacy bytes) in Unicode; ``upper`` for an H font."""
    t = table(encoding)
    out = t.pattern.sub(lambda m: t.letters[m.group(0)], text)
    if upper:
        return out.upper()
    return _join_capital_pairs(out) if encoding == TCVN3 else out


def encode(text: str, encoding: str) -> str:
    """Unicode ``text`` as the encoding writes it (for making test files). A TCVN3 capital with no code
    of its own is written as the converters write it: its capital base letter, then the code of the
    lowercase letter ("Ủ" → "U" + "ñ", "Ấ" → "¢" + "Ê")."""
    t = table(encoding)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = t.codes.get(ch)
        if code is None and ch in LETTERS:
            lower = t.codes.get(ch.lower(), ch.lower())
            base = _base(ch)
            code = t.codes.get(base, base) + lower
        out.append(code if code is not None else ch)
    return "".join(out)


def _base(letter: str) -> str:
    """The capital without its tone: "Ấ" → "Â", "Ủ" → "U"."""
    nfd = unicodedata.normalize("NFD", letter)
    return unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in _TONES))


_CAPITAL_PAIR: Final = re.compile("([AĂÂEÊIOÔƠUƯY])([" + "".join(sorted(_TONED)) + "])")


def _join_capital_pairs(text: str) -> str:
    """ "Uủ" (a capital base, then the lowercase letter with its tone: how TCVN3 writes the capitals it has
    no code for) → "Ủ"; no Vietnamese word has a vowel doubled so."""

    def join(match: re.Match[str]) -> str:
        capital, letter = match.group(1), match.group(2)
        return letter.upper() if _base(letter.upper()) == capital else match.group(0)

    return _CAPITAL_PAIR.sub(join, text)


_WORD: Final = re.compile(r"[^\W\d_]+")


def restore_capitals(text: str) -> str:
    """Put back in capitals what a TCVN3 text read without its H font lost: a line whose ASCII letters
    are all capitals ("THÔNG B¸O" read "THÔNG BáO") is all capitals when one of its words is to be put
    in capitals ("Số: 12/UBND" is not), and so is a word with two capital
    ASCII letters and no lowercase one, or with capitals after its lowercase Vietnamese letters ("ủY"; not
    "đểBộ", two words without their space)."""
    return "\n".join(_restore_line(line) for line in text.split("\n"))


def _restore_line(line: str) -> str:
    ascii_letters = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if (
        len(ascii_letters) >= 3
        and all(ch.isupper() for ch in ascii_letters)
        and any(_restore_word(m) != m.group(0) for m in _WORD.finditer(line))
    ):
        return line.upper()
    return _WORD.sub(_restore_word, line)


def _restore_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii() or word.isupper():
        return word
    capitals = [i for i, ch in enumerate(word) if ch.isascii() and ch.isupper()]
    if any(ch.isascii() and ch.islower() for ch in word) or not capitals:
        return word
    last_lower = max(i for i, ch in enumerate(word) if ch.islower())
    return word.upper() if len(capitals) >= 2 or last_lower < capitals[0] else word


def decode_text(text: str, encoding: str) -> str:
    """A whole legacy text (no font known) in Unicode."""
    out = decode(text, encoding)
    return restore_capitals(out) if encoding == TCVN3 else out


# ------------------------------------------------------------------------------------------- detection

# Unicode Vietnamese letters outside Latin-1 (ư, ạ, ệ, …): no legacy mojibake has them.
_UNICODE_ONLY: Final = frozenset(ch for ch in LETTERS if ord(ch) > 0xFF)
# Latin-1 characters that are no Vietnamese letter but legacy codes ("¸", "«", "ø", "ï", "ñ", …).
_MOJIBAKE: Final = frozenset(
    chr(c) for c in range(0xA1, 0x100) if chr(c) not in LETTERS and c != 0xD7 and c != 0xF7
) | {"\xad"}
_TCVN3_ONLY: Final = frozenset(chr(c) for c in range(0xA1, 0xC0)) | {"\xad"}  # VNI has no code below À
_TOKEN: Final = re.compile(r"\S+")
_TOKEN_EDGES: Final = (
    "".join(chr(c) for c in range(33, 127) if not chr(c).isalpha()) + "\u201c\u201d\u2018\u2019"
)


def plausible(text: str, min_marked: float = 0.2) -> bool:
    """Whether a text has the shape of Vietnamese in TCVN3 or VNI: words of a few letters separated by
    spaces, each an ASCII skeleton with at most three legacy bytes («Th«ng b¸o kÕt luËn», «Thoâng
    baùo»). Random bytes give long runs of high bytes with few spaces and hardly an ASCII letter."""
    tokens = [t.strip(_TOKEN_EDGES) for t in _TOKEN.findall(text[:20000])]
    tokens = [t for t in tokens if t]
    if not tokens:
        return False
    marked = 0  # syllables written with legacy codes
    syllables = 0
    for token in tokens:
        high = sum(not ch.isascii() for ch in token)
        if len(token) <= 8 and high <= 3 and any(ch.isascii() and ch.isalpha() for ch in token):
            syllables += 1
            marked += high > 0
    return syllables >= 0.7 * len(tokens) and marked >= min_marked * len(tokens)


def detect(text: str) -> str | None:
    """The legacy encoding ``text`` is written in (``tcvn3``, ``vni``), or None for Unicode (or no
    Vietnamese at all). TCVN3 uses the bytes A1-BF (á is ¸, ô is «), VNI never does; the text decoded
    must read as Vietnamese syllables."""
    sample = text[:50000]
    mojibake = sum(ch in _MOJIBAKE for ch in sample)
    unicode_only = sum(ch in _UNICODE_ONLY for ch in sample)
    # A few marked words are enough (an OCR'd text that lost most of its marks) when the words read as
    # Vietnamese syllables once decoded.
    if mojibake < 3 or unicode_only * 2 >= mojibake or not plausible(sample, min_marked=0.02):
        return None
    high = [ch for ch in sample if "\xa0" < ch <= "\xff"]
    tcvn3 = sum(ch in _TCVN3_ONLY for ch in high)
    first, second = (TCVN3, VNI) if tcvn3 >= 0.1 * len(high) else (VNI, TCVN3)
    for encoding in (first, second):  # the likelier first; a text with few marks may be either
        if syllable_share(decode(sample, encoding)) >= 0.8:
            return encoding
    return None


_VOWELS: Final = "aăâeêioôơuưy"
_TONED_VOWELS: Final = frozenset(
    unicodedata.normalize("NFC", v + tone) for v in _VOWELS for tone in ("", *_TONES)
)
_SYLLABLE: Final = re.compile(
    "(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    f"[{''.join(sorted(_TONED_VOWELS))}]{{1,3}}"
    "(?:ch|ng|nh|[cmnpt])?"
)


def syllable_share(text: str) -> float:
    """The share of the words with a Vietnamese letter that are Vietnamese syllables (one onset, one to
    three vowels with at most one tone, one coda): about 1 for Vietnamese, low for French or mojibake."""
    words = [w.lower() for w in _WORD.findall(text) if not w.isascii()]
    if len(words) < 3:
        return 0.0
    good = sum(_SYLLABLE.fullmatch(w) is not None and sum(ch in _TONED for ch in w) <= 1 for w in words)
    return good / len(words)
