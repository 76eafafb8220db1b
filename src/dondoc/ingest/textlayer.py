"""Is a text layer real Vietnamese text? The test behind "this page needs OCR".

A PDF's text layer can be unreadable although it has characters: fonts without a Unicode map give glyph
garbage (``6Ӣ CÔNG 7+ѬѪ1*`` for ``SỞ CÔNG THƯƠNG``) or bare glyph numbers that read as punctuation
(``!- "#$%&``), a wrong map gives Vietnamese letters that make no Vietnamese syllable, and a hidden layer
left by a poor OCR over a scan is mostly broken words. The same syllable test scores OCR output, to
choose between two page segmentations.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

GARBAGE_SHARE: Final = 0.15  # share of characters outside Vietnamese text that makes a layer unreadable
BAD_SYLLABLES: Final = 0.35  # share of impossible Vietnamese syllables that makes a layer unreadable
#: A hidden layer (invisible text over a page image: someone else's OCR) must be better than this.
HIDDEN_BAD_SYLLABLES: Final = 0.15
SAMPLE: Final = 4000  # characters of a page checked
LETTER_SHARE: Final = 0.5  # text has more letters and digits than this share of its characters
MIN_JUDGED: Final = 40  # a shorter text (a page number, a stamp) is not judged on its letters

VI_LETTERS: Final = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# Characters that ordinary Vietnamese administrative text uses besides ASCII and Vietnamese letters.
_COMMON_SYMBOLS: Final = frozenset("–—‘’“”…•·°§ªº±×÷€№«»‰′″→←↑↓≤≥≠≈√∑%\u00a0\u2009\u200b\ufeff\u00ad")
_TONES: Final = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_SYLLABLE: Final = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnptk])?"
)
# Deleting these from a text leaves the characters that Vietnamese text does not use.
_NOT_BAD: Final = dict.fromkeys(
    map(ord, "".join(map(chr, range(32, 127))) + "".join(VI_LETTERS) + "".join(_COMMON_SYMBOLS))
)
_VOWEL: Final = re.compile("[aăâeêioôơuưy]")
_WORD: Final = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class LayerQuality:
    """What the syllable test found in a sample of a text layer."""

    characters: int  # characters other than spaces
    letters: int  # letters and digits
    bad_characters: int  # characters Vietnamese text does not use
    vi_words: int  # words with a Vietnamese letter, judged
    bad_words: int  # of those, impossible syllables

    @property
    def bad_word_share(self) -> float:
        return self.bad_words / self.vi_words if self.vi_words else 0.0

    def unreadable(self, hidden: bool = False) -> bool:
        """Glyph garbage (characters Vietnamese does not use, or mostly punctuation: glyph numbers shown
        as ASCII), or too many impossible syllables (a stricter bar for a hidden layer)."""
        if self.bad_characters > GARBAGE_SHARE * self.characters:
            return True
        if self.characters >= MIN_JUDGED and self.letters < LETTER_SHARE * self.characters:
            return True
        limit = HIDDEN_BAD_SYLLABLES if hidden else BAD_SYLLABLES
        return self.vi_words >= 8 and self.bad_words > limit * self.vi_words


def quality(text: str) -> LayerQuality:
    """Judge a sample of ``text`` (glyph garbage is everywhere on a page, not in one corner)."""
    sample = text[:SAMPLE]
    total = len(sample) - sample.count(" ")
    letters = sum(map(str.isalnum, sample))
    bad = len(sample.translate(_NOT_BAD))
    vi_words = bad_words = 0
    for word in _WORD.findall(sample):
        if word.isascii():
            continue
        verdict = syllable_ok(word)
        if verdict is not None:
            vi_words += 1
            bad_words += not verdict
    return LayerQuality(total, letters, bad, vi_words, bad_words)


@functools.lru_cache(maxsize=50_000)
def syllable_ok(word: str) -> bool | None:
    """Whether a word with Vietnamese letters is a possible Vietnamese syllable (None: not judged)."""
    plain = unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))
    if not _VOWEL.search(plain) or not VI_LETTERS.intersection(word):
        return None  # an abbreviation such as "HĐND", or not Vietnamese at all
    return _SYLLABLE.fullmatch(plain) is not None


def plausible_word(word: str) -> bool:
    """A word that reads as Vietnamese or as a code/number (for scoring OCR output)."""
    core = word.strip(".,;:()[]\"'“”‘’!?-–")
    if not core:
        return False
    if core.isdigit() or (core.isascii() and any(ch.isdigit() for ch in core)):
        return True
    letters = _WORD.fullmatch(core)
    if letters is None:
        return False
    verdict = syllable_ok(core)
    if verdict is None:
        plain = core.lower()
        return core.isupper() or _SYLLABLE.fullmatch(plain) is not None
    return verdict
