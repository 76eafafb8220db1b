"""Names from upper-case headers: re-casing, diacritics for known words, parent/child issuers."""

from __future__ import annotations

import re
from functools import cache

from dondoc import langdata
from dondoc.textutil import diacritic_ratio, fold, fold_words
from dondoc.units.lexicon import lexicon

# The administrative levels written in full ("thành phố", "đặc khu"; not "TP."), from units.yaml.
_LEVELS = tuple(level for level in langdata.string_list("units", "levels") if level == level.lower())
_LEVEL_IN_PARENT = re.compile(
    r"\b(?:" + "|".join(re.escape(level) for level in sorted(_LEVELS, key=len, reverse=True)) + r")\s+.+$"
)
_ABBREVIATIONS = ("UBND", "HĐND", "MTTQ", "VPCP", "TP", "TW")


@cache
def _vocabulary() -> dict[str, str]:
    """Folded phrase → proper spelling, for words that headers spell without diacritics."""
    words: dict[str, str] = {}
    for noun in lexicon().nouns:
        words[fold_words(noun.noun)] = noun.noun
    for name in langdata.string_list("places", "provinces"):
        words[fold_words(name)] = name
    for level in _LEVELS:
        words[fold_words(level)] = level
    for _key, canon in lexicon().known:
        words.setdefault(fold_words(canon), canon)
    for p in langdata.string_list("units", "proper_words"):
        words.setdefault(fold_words(p), p)
    return words


def restore(text: str) -> str:
    """Give known words their diacritics in a text that has lost them ("VAN PHONG" → "Văn phòng")."""
    if diacritic_ratio(text) > 0.2:
        return text
    vocab = _vocabulary()
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (6, 5, 4, 3, 2, 1):
            chunk = words[i : i + size]
            if len(chunk) == size and fold_words(" ".join(chunk)) in vocab:
                out.append(vocab[fold_words(" ".join(chunk))])
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def recase(text: str) -> str:
    """Re-case an upper-case name: "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH" → "Ủy ban nhân dân huyện Châu Thành"."""
    text = restore(" ".join(text.split()))
    if not any(c.isalpha() and c.isupper() for c in text) or any(c.islower() for c in text):
        return text[:1].upper() + text[1:]
    proper = lexicon().proper
    words = text.split()
    out: list[str] = []
    capitalize_next = True
    place_mode = False
    level_words = 0  # words of a two-word level still to write in lower case ("thị trấn", "đặc khu")
    for index, word in enumerate(words):
        low = word.lower()
        if level_words:
            out.append(low)
            level_words -= 1
            continue
        if word in _ABBREVIATIONS or "&" in word:
            out.append(word)
            capitalize_next = True
            continue
        two = " ".join(words[index : index + 2]).lower()
        if two in _LEVELS or low in _LEVELS:
            out.append(low)
            level_words = 1 if two in _LEVELS else 0
            place_mode = True  # the place name follows the level
            capitalize_next = False
            continue
        if place_mode or capitalize_next:
            out.append(low[:1].upper() + low[1:])
            capitalize_next = False
        else:
            out.append(low)
    joined = " ".join(out)
    for key, spelling in proper.items():
        joined = re.sub(rf"(?i)\b{re.escape(spelling)}\b", spelling, joined) if key else joined
    # Known names keep their official capitals: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG" → "Sở Tài nguyên và Môi trường".
    return _known_names_rx().sub(lambda m: _known_spelling()[m.group(0).lower()], joined)


@cache
def _known_spelling() -> dict[str, str]:
    return {canon.lower(): canon for _key, canon in lexicon().known}


@cache
def _known_names_rx() -> re.Pattern[str]:
    names = sorted(_known_spelling().values(), key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def _is_bare_noun(text: str) -> bool:
    key = fold_words(text)
    return any(fold_words(n.noun) == key for n in lexicon().nouns)


def _starts_name(line: str) -> bool:
    """Does a header line begin a name of its own: a unit noun ("SỞ …"), a level ("TỈNH …") or an
    abbreviation ("UBND …")?"""
    words = line.split()
    if not words:
        return False
    if words[0] in _ABBREVIATIONS or words[0] in lexicon().unit_abbr:
        return True
    key = f"{fold_words(line)} "
    return any(key.startswith(prefix) for prefix in _name_prefixes())


@cache
def _name_prefixes() -> tuple[str, ...]:
    nouns = {fold_words(n.noun) for n in lexicon().nouns}
    return tuple(f"{p} " for p in sorted(nouns | {fold_words(level) for level in _LEVELS}))


def starts_unit_name(text: str) -> bool:
    """Does a title-case line name a body ("Sở Công Thương", "UBND phường …") rather than a person?
    Compared with diacritics: a surname may fold to a unit noun ("Trương" / "trường")."""
    words = text.split()
    if not words:
        return False
    if words[0] in _ABBREVIATIONS or words[0] in lexicon().unit_abbr:
        return True
    key = f"{' '.join(words).lower()} "
    return key.startswith(_unit_prefixes())


@cache
def _unit_prefixes() -> tuple[str, ...]:
    nouns = {n.noun.lower() for n in lexicon().nouns} | {level.lower() for level in _LEVELS}
    return tuple(f"{p} " for p in sorted(nouns))


def merge_wrapped(lines: list[str]) -> list[str]:
    """Join the header lines that a narrow column wrapped: "VĂN PHÒNG CHÍNH" / "PHỦ" is one name,
    "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI" are two (the second begins with a level)."""
    out: list[str] = []
    for line in lines:
        if out and not _starts_name(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def issuer_name(lines: list[str]) -> str | None:
    """The issuing body from the header lines above the số ký hiệu (upper case, motto removed)."""
    lines = [recase(x) for x in merge_wrapped([x for x in lines if x.strip()])]
    if not lines:
        return None
    if len(lines) == 1:
        return lines[0]
    parent, child = " ".join(lines[:-1]), lines[-1]
    level_at = [fold(child).startswith(fold_words(level) + " ") for level in _LEVELS]
    if any(level_at):  # "ỦY BAN NHÂN DÂN" / "HUYỆN CHÂU THÀNH"
        return f"{parent} {child[0].lower()}{child[1:]}"
    if _is_bare_noun(child):  # "UBND TỈNH LẠNG SƠN" / "VĂN PHÒNG"
        return f"{child} {parent}"
    # "UBND TỈNH LÀO CAI" / "SỞ XÂY DỰNG": the child, located by the parent's level and place.
    m = _LEVEL_IN_PARENT.search(parent)
    return f"{child} {m.group(0)}" if m else child
