"""An analysis copy of a document whose diacritics were lost or garbled (OCR without a
Vietnamese model): known words get their diacritics back, with offsets unchanged."""

from __future__ import annotations

import re
from functools import cache

from dondoc import langdata
from dondoc.extract.lexicon import lexicon
from dondoc.model import NormalizedDocument
from dondoc.textutil import diacritic_ratio, fold

# OCR confusions inside words: digits and symbols read for letters ("gia0" → "giao", "x4" → "xa").
_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "6": "o", "4": "a", "3": "a", "&": "a", "¢": "e", "$": "s"})
_HAS_LETTER = re.compile(r"[a-z]")
_WORD = re.compile(r"[^\s,;:.()\"“”]+")
_PHRASES = [
    "ngày",
    "cần",
    "Ngày",
    "các",
    "các xã",
    "các phường",
    "các sở, ngành",
    "các sở",
    "đối với",
    "thành viên",
    "tổ công tác",
    "cấp ủy",
    "chính quyền",
    "đề nghị",
    "yêu cầu",
    "giao",
    "chủ trì",
    "phối hợp",
    "phối hợp với",
    "số",
    "tỉnh",
    "huyện",
    "thành phố",
    "ủy ban nhân dân",
    "UBND",
    "văn phòng",
    "Văn phòng UBND tỉnh",
    "Văn phòng UBND",
    "Chủ tịch",
    "các cơ quan",
    "đơn vị",
    "liên quan",
    "tiếp tục",
    "tập trung",
    "thực hiện",
    "nghiên cứu",
    "tổng hợp",
]


@cache
def _vocabulary() -> dict[str, str]:
    """Folded phrase → spelling. Single words only from the curated list: a lone folded word is
    often ambiguous ("doi" is đội, đối, đổi), a phrase of two or more words rarely is."""
    vocab: dict[str, str] = {}
    for phrase in _PHRASES:
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
def _one_off_index() -> dict[str, list[str]]:
    """Each multi-word phrase of 7+ characters under every key with one letter masked:
    a phrase one wrong letter away is found with one look-up per position."""
    out: dict[str, list[str]] = {}
    for key, spelling in _vocabulary().items():
        if len(key) >= 7 and " " in key:
            for pos in range(len(key)):
                if key[pos] != " ":
                    out.setdefault(key[:pos] + "\0" + key[pos + 1 :], []).append(spelling)
    return out


@cache
def _anchors() -> frozenset[tuple[int, str, str]]:
    """(length, position, word) for the first and last word of each multi-word phrase: a fuzzy
    look-up needs the window's first or last word intact and the same length."""
    out: set[tuple[int, str, str]] = set()
    for key in _vocabulary():
        words = key.split()
        if len(words) >= 2:
            out.add((len(key), "first", words[0]))
            out.add((len(key), "last", words[-1]))
    return frozenset(out)


def _lookup(key: str) -> str | None:
    """Exact match, or one wrong letter in a phrase of 7+ characters (OCR: "cac ddng chi")."""
    hit = _vocabulary().get(key)
    if hit or len(key) < 7 or " " not in key:
        return hit
    words = key.split()
    anchors = _anchors()
    if (len(key), "first", words[0]) not in anchors and (len(key), "last", words[-1]) not in anchors:
        return None
    index = _one_off_index()
    found: set[str] = set()
    for pos in range(len(key)):
        found.update(index.get(key[:pos] + "\0" + key[pos + 1 :], ()))
    return found.pop() if len(found) == 1 else None


@cache
def _shapes() -> frozenset[tuple[int, int]]:
    """(word count, length) of every phrase: a window of another shape cannot match, even fuzzily."""
    return frozenset((len(_WORD.findall(k)), len(k)) for k in _vocabulary())


def is_degraded(text: str) -> bool:
    return diacritic_ratio(text[:4000]) < 0.3


def analysis_text(doc: NormalizedDocument) -> str:
    """The text the extractor reads: the normalized text itself, or for a degraded document a
    copy where known phrases are restored character for character (same length, same offsets)."""
    if not is_degraded(doc.text):
        return doc.text
    vocab = _vocabulary()
    longest = max(len(k.split()) for k in vocab)
    widest = max(len(k) for k in vocab)
    chars = list(doc.text)
    text = doc.text
    folded = fold(text.translate(_CONFUSABLE))  # same length as the text
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    shapes = _shapes()
    n = len(spans)
    i = 0
    while i < n:
        first = starts[i]
        for size in range(min(longest, n - i), 0, -1):
            last = ends[i + size - 1]
            width = last - first
            if width > widest or (size, width) not in shapes:
                continue
            key = folded[first:last]
            if "\n" in key or not _HAS_LETTER.search(key):
                continue
            target = _lookup(key)
            if target and len(target) == width:
                chars[first:last] = _cased(target, text[first:last])
                i += size
                break
        else:
            i += 1
    return "".join(chars)


def _cased(target: str, source: str) -> str:
    """Keep the source's capitalisation on the restored letters."""
    return "".join(
        t.upper() if s.isupper() else t.lower() if s.islower() else t
        for t, s in zip(target, source, strict=False)
    )
