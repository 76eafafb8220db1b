"""An analysis copy of a document whose diacritics were lost or garbled (OCR without a
Vietnamese model): known words get their diacritics back, with offsets unchanged."""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, compress, repeat

from rapidfuzz.distance import Hamming

from dondoc import langdata
from dondoc.model import NormalizedDocument
from dondoc.textutil import diacritic_ratio, fold
from dondoc.units.lexicon import lexicon

# OCR confusions inside words: digits and symbols read for letters ("gia0" → "giao", "x4" → "xa").
_CONFUSABLE = {"0": "o", "1": "l", "6": "o", "4": "a", "3": "a", "&": "a", "¢": "e", "$": "s"}
_HAS_LETTER = re.compile(r"[a-z]")
_SEPARATOR = r"\s,;:.()\"“”"  # the characters between words
_WORD = re.compile(f"[^{_SEPARATOR}]+")
_SEPARATORS = re.compile(f"([{_SEPARATOR}]+)")  # what _WORD does not take; kept by split
_NONE: list[tuple[str, str]] = []


@cache
def _vocabulary() -> dict[str, str]:
    """Folded phrase → spelling. Single words only from the curated list: a lone folded word is
    often ambiguous ("doi" is đội, đối, đổi), a phrase of two or more words rarely is."""
    vocab: dict[str, str] = {}
    for phrase in langdata.string_list("restore", "phrases"):
        vocab[fold(phrase)] = phrase
    multi = [n.noun for n in lexicon().nouns] + [canon for _w, canon in lexicon().known]
    multi += langdata.string_list("places", "provinces")
    for key in (
        "directive_openers",
        "subject_verbs",
        "assign_triggers",
        "support_triggers",
        "unit_prefixes",
        "review_openers",
        "preamble_openers",
        "approval_words",
    ):
        multi += langdata.string_list("tasks", key)
    for phrase in multi:
        if len(phrase.split()) >= 2:
            vocab.setdefault(fold(phrase), phrase)
    return vocab


@cache
def _phrase_index() -> dict[tuple[str, int, int], list[tuple[str, str]]]:
    """(first word, word count, length) and (last word, word count, length) → [(folded phrase, spelling)].

    One wrong letter leaves either the first or the last word of a multi-word phrase intact, and does
    not change its length, so a window needs only the phrases that share its first or its last word,
    its word count and its length."""
    out: dict[tuple[str, int, int], list[tuple[str, str]]] = {}
    for key, spelling in _vocabulary().items():
        words = _WORD.findall(key)
        if not words:
            continue
        out.setdefault((words[0], len(words), len(key)), []).append((key, spelling))
        if len(words) >= 2 and words[-1] != words[0]:
            out.setdefault((words[-1], len(words), len(key)), []).append((key, spelling))
    return out


@cache
def _sizes() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """word → the word counts (largest first) of the phrases that begin with it, and of those (of 2+
    words) that end with it."""
    first: dict[str, set[int]] = {}
    last: dict[str, set[int]] = {}
    for key in _vocabulary():
        words = _WORD.findall(key)
        if words:
            first.setdefault(words[0], set()).add(len(words))
            if len(words) >= 2:
                last.setdefault(words[-1], set()).add(len(words))
    return (
        {k: tuple(sorted(v, reverse=True)) for k, v in first.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in last.items()},
    )


def _one_letter_off(key: str, *candidates: list[tuple[str, str]]) -> str | None:
    """The one phrase among the candidates (same first or last word, same word count, same length) that
    differs from ``key`` by one letter (OCR: "cac ddng chi"); None when none or several do."""
    found: set[str] = set()
    for phrases in candidates:
        for phrase, spelling in phrases:
            if " " in phrase and Hamming.distance(phrase, key, score_cutoff=1) <= 1:
                found.add(spelling)
    return found.pop() if len(found) == 1 else None


def is_degraded(text: str) -> bool:
    return diacritic_ratio(text[:4000]) < 0.3


def analysis_text(doc: NormalizedDocument) -> str:
    """The text the extractor reads: the normalized text itself, or for a degraded document a
    copy where known phrases are restored character for character (same length, same offsets)."""
    if not is_degraded(doc.text):
        return doc.text
    return restore_phrases(doc.text)


def restore_phrases(text: str) -> str:
    """``text`` with the known phrases its folded words spell (exactly, or with one letter wrong) given
    back their diacritics, longest phrase first at each word, left to right; same length as ``text``."""
    vocab = _vocabulary()
    index = _phrase_index()
    first_sizes, last_sizes = _sizes()
    folded = text
    for char, letter in _CONFUSABLE.items():
        folded = folded.replace(char, letter)
    folded = fold(folded)  # same length as the text, and its separators where the text has them
    # Words and separators alternate (a word may be empty at either end): offsets are running lengths.
    parts = _SEPARATORS.split(folded)
    offsets = list(accumulate(map(len, parts), initial=0))
    if not parts[0]:
        del parts[:2], offsets[:2]
    if parts and not parts[-1]:
        del parts[-2:], offsets[-3:-1]
    words = parts[::2]
    starts = offsets[::2]
    n = len(words)
    # Window sizes worth trying at each start, longest first: a phrase's first word here, or its last
    # word further on.
    tries: list[tuple[int, ...]] = list(map(first_sizes.get, words, repeat((), n)))
    for j in compress(range(n), map(last_sizes.__contains__, words)):
        for size in last_sizes[words[j]]:
            at = j - size + 1
            if at >= 0 and size not in tries[at]:
                tries[at] = tuple(sorted((*tries[at], size), reverse=True))
    restored: list[str] = []  # the text with the known phrases put back, in pieces
    done = 0  # text[:done] is in restored
    i = 0  # the first word not inside a restored phrase
    for k in compress(range(n), tries):
        if k < i:
            continue
        first = starts[k]
        for size in tries[k]:
            if k + size > n:
                continue
            last = starts[k + size - 1] + len(words[k + size - 1])
            # No phrase with this first or last word, word count and length: no match, exact or fuzzy
            # (an exact match shares all three), so the window is not even cut out.
            first_word = index.get((words[k], size, last - first), _NONE)
            last_word = index.get((words[k + size - 1], size, last - first), _NONE) if size > 1 else _NONE
            if first_word is _NONE and last_word is _NONE:
                continue
            key = folded[first:last]
            if "\n" in key or not _HAS_LETTER.search(key):
                continue
            # An exact match, else one wrong letter in a phrase of 7+ characters.
            target = vocab.get(key)
            if target is None and len(key) >= 7 and " " in key:
                target = _one_letter_off(key, first_word, last_word)
            if target:
                restored += (text[done:first], _cased(target, text[first:last]))
                done = last
                i = k + size
                break
    restored.append(text[done:])
    return "".join(restored)


def _cased(target: str, source: str) -> str:
    """Keep the source's capitalisation on the restored letters."""
    if source and len(target) == len(source) and target == target.lower():
        # The common cases: a lower-case phrase, in lower case or with a capital first letter ("Uy ban").
        rest = source[1:]
        if rest == rest.lower():
            return target[0].upper() + target[1:] if source[0].isupper() else target
    return "".join(
        t.upper() if s.isupper() else t.lower() if s.islower() else t
        for t, s in zip(target, source, strict=False)
    )
