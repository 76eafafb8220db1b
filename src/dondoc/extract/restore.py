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
def _by_length() -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for key, spelling in _vocabulary().items():
        if len(key) >= 7 and " " in key:
            out.setdefault(len(key), []).append((key, spelling))
    return out


def _lookup(key: str) -> str | None:
    """Exact match, or one wrong letter in a phrase of 7+ characters (OCR: "cac ddng chi")."""
    hit = _vocabulary().get(key)
    if hit or len(key) < 7:
        return hit
    found = [
        spelling
        for cand, spelling in _by_length().get(len(key), ())
        if sum(a != b for a, b in zip(cand, key, strict=True)) == 1
    ]
    return found[0] if len(found) == 1 else None


def is_degraded(text: str) -> bool:
    return diacritic_ratio(text) < 0.3


def analysis_text(doc: NormalizedDocument) -> str:
    """The text the extractor reads: the normalized text itself, or for a degraded document a
    copy where known phrases are restored character for character (same length, same offsets)."""
    if not is_degraded(doc.text):
        return doc.text
    vocab = _vocabulary()
    longest = max(len(k.split()) for k in vocab)
    chars = list(doc.text)
    words = list(_WORD.finditer(doc.text))
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            first, last = words[i], words[i + size - 1]
            span = doc.text[first.start() : last.end()]
            if "\n" in span:
                continue
            key = fold(span.translate(_CONFUSABLE)) if any(ch.isalpha() for ch in span) else ""
            target = _lookup(key) if key else None
            if target and len(target) == len(span):
                for k, ch in enumerate(_cased(target, span)):
                    chars[first.start() + k] = ch
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
