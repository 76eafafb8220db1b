"""Small Vietnamese text helpers shared by the stages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "Đ",  # Ð (Icelandic eth) used for Đ
        "\u00f0": "đ",
        "\u0110": "Đ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00ad": "",  # soft hyphen
        "\t": " ",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb00": "ff",
        "\u2010": "-",
        "\u2011": "-",
    }
)


# The characters clean_chars changes (Đ is in the table as itself: it is what Ð becomes), and what
# each becomes; no replacement holds one of them, so the order of the replacements does not matter.
_LOOKALIKE_PAIRS = tuple(
    (chr(c), v if isinstance(v, str) else chr(v)) for c, v in _LOOKALIKES.items() if v != chr(c)
)


def clean_chars(text: str) -> str:
    """NFC, lookalike letters (Ð→Đ), ligatures and invisible characters."""
    # A few str.replace calls for the characters present: str.translate looks up every character.
    for char, replacement in _LOOKALIKE_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    if any(map(text.__contains__, _VI_COMBINING)):
        return nfc(text)  # decomposed Vietnamese (NFD): not NFC, no need to ask
    return text if unicodedata.is_normalized("NFC", text) else nfc(text)


# The combining marks of decomposed Vietnamese: tones, circumflex, breve, horn.
_VI_COMBINING = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b")


class WordCache(dict[str, str]):
    """word → ``convert(word)``, computed once per distinct word (up to ``limit`` words are kept).

    Looked up with ``cache[word]`` or ``map(cache.__getitem__, words)``: a hit is a plain dict look-up,
    in C."""

    def __init__(self, convert: Callable[[str], str], limit: int = 100_000) -> None:
        super().__init__()
        self._convert = convert
        self._limit = limit

    def __missing__(self, word: str) -> str:
        value = self._convert(word)
        if len(self) < self._limit:
            self[word] = value
        return value

    def by_word(self, text: str) -> str:
        """The conversion of ``text`` done word by word (words cut at single spaces), for a conversion
        that no space takes part in."""
        return " ".join(map(self.__getitem__, text.split(" ")))


_NFC_WORDS = WordCache(lambda word: unicodedata.normalize("NFC", word))


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, word by word: words repeat, and composing a long
    decomposed text is slow. Cutting at spaces changes nothing: a space is a starter that composes with
    no mark, so no composition or reordering crosses it."""
    return unicodedata.normalize("NFC", text) if len(text) < 200 else _NFC_WORDS.by_word(text)


def _fold_char(ch: str) -> str:
    if ch in "đĐðÐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    if unicodedata.combining(base):
        return ch
    low = base.lower()
    return low if len(low) == 1 else base


# Every Latin letter (ASCII, Latin-1, Latin Extended, Vietnamese) → its folded lower-case letter.
_FOLD_TABLE = {
    c: _fold_char(chr(c))
    for r in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
    for c in range(*r)
    if len(_fold_char(chr(c))) == 1
}


_FOLDED_WORDS = WordCache(lambda word: word.translate(_FOLD_TABLE))


def fold(text: str) -> str:
    """Lowercase and drop diacritics (đ→d), keeping the length: offsets stay valid."""
    if len(text) < 200:
        return text.translate(_FOLD_TABLE)
    # A long text folds word by word: words repeat, and translating non-ASCII text is slow.
    return _FOLDED_WORDS.by_word(text)


def fold_word(word: str) -> str:
    """``fold`` of one word, looked up once per distinct word."""
    return _FOLDED_WORDS[word]


@lru_cache(maxsize=8192)
def fold_words(text: str) -> str:
    """Fold, and reduce punctuation to single spaces (for comparisons, not offsets)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def diacritic_ratio(text: str) -> float:
    """Share of alphabetic words carrying a non-ASCII letter (about 0.5+ in normal Vietnamese)."""
    words = _WORDS_2.findall(text)
    if not words:
        return 0.0
    return (len(words) - sum(map(str.isascii, words))) / len(words)


_WORDS_2 = re.compile(r"[^\W\d_]{2,}")  # alphabetic words of two letters or more


def is_upper_text(text: str) -> bool:
    """Mostly upper-case letters (headers, the document type, authority lines)."""
    if len(text) > 40 and _LOWER_RUN.search(text, 0, 40):
        return False  # prose shows lower-case words at once
    letters = "".join(filter(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def squash_spaces(text: str) -> str:
    return re.sub(r"[ ]{2,}", " ", text).strip()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=65536)
def tone_key(word: str) -> str:
    """Lowercase key with the tone mark moved to the end: "hoá" and "hóa" give the same key."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + tones


# Character classes for regexes: every Vietnamese letter, by case ("À-Ỹ" would also take lower case).
VI_LOWER = "a-zđ" + "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
VI_UPPER = "A-ZĐ" + "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

_LOWER_RUN = re.compile(f"[{VI_LOWER}]{{3}}")
