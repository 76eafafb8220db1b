"""Split words that web scraping glued together ("BộGiao", "thờihạn", "Bộlà", "hoạchvà").

Vietnamese words are single syllables: a "word" holding two separate vowel groups that each carry a
Vietnamese mark, or a lower-case letter followed by an upper-case one after a marked syllable, is two
words run together. The split falls where a valid final consonant meets a valid initial one, and
only when there is exactly one such place (an ambiguous word is left as it is).
"""

from __future__ import annotations

import itertools
import re
import unicodedata

_MARKED = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
_VOWELS = set("aeiouy") | _MARKED
_INITIALS = {
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
}
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_MARK_CLASS = "".join(sorted(_MARKED))
_LOWER_CLASS = "a-zđ" + _MARK_CLASS
_UPPER_CLASS = "A-ZĐ" + _MARK_CLASS.upper()
# A glued word shows two marked letters with a consonant between them, or lower-case before upper-case.
_GLUE_HINT = re.compile(
    rf"[{_MARK_CLASS}][a-zđ{_MARK_CLASS}]*[bcdđghklmnpqrstvx][a-zđ{_MARK_CLASS}]*[{_MARK_CLASS}]"
    rf"|[{_LOWER_CLASS}][{_UPPER_CLASS}]"
)
_WORD = re.compile(r"[^\W\d_]{4,}")


def _groups(word: str) -> list[tuple[int, int]]:
    """(start, end) of each run of vowels in a lower-case word ("qu"/"gi" count as consonants)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(word):
        qu = i > 0 and word[i] == "u" and word[i - 1] == "q"
        gi = i > 0 and word[i] == "i" and word[i - 1] == "g" and i + 1 < len(word) and word[i + 1] in _VOWELS
        if word[i] in _VOWELS and not (qu or gi):
            j = i
            while j < len(word) and word[j] in _VOWELS:
                j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


def split_point(word: str) -> int | None:
    """Where to split a glued word, or None when it is one word."""
    for k in range(1, len(word)):
        if word[k - 1].islower() and word[k].isupper() and any(c in _MARKED for c in word[:k].lower()):
            return k
    low = unicodedata.normalize("NFC", word.lower())
    groups = _groups(low)
    if len(groups) < 2:
        return None
    for (s1, e1), (s2, e2) in itertools.pairwise(groups):
        if not (any(c in _MARKED for c in low[s1:e1]) and any(c in _MARKED for c in low[s2:e2])):
            continue
        run = low[e1:s2]
        options = [k for k in range(len(run) + 1) if run[:k] in _FINALS and run[k:] in _INITIALS]
        # "thựchiện" could be "thực hiện" or "thự chiện": split only where there is one reading.
        if len(options) == 1 and 0 < e1 + options[0] < len(word):
            return e1 + options[0]
        return None
    return None


def unglue(text: str) -> str:
    if not _GLUE_HINT.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if not _GLUE_HINT.search(word):
            return word
        k = split_point(word)
        if k is None:
            return word
        return word[:k] + " " + unglue(word[k:])

    return _WORD.sub(fix, text)


_CAMEL_GLUE = re.compile(rf"[{_MARK_CLASS}][{_UPPER_CLASS}]")


def looks_glued(text: str) -> bool:
    """Scraped text that glued words shows it somewhere as "đểBộ" or "BộGiao": only then is the
    slower word-by-word repair worth running."""
    return bool(_CAMEL_GLUE.search(text))
