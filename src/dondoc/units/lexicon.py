"""The unit lexicon compiled from ``data/units.yaml``: fast, case- and diacritic-insensitive look-ups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from dondoc import langdata
from dondoc.langdata import LanguageDataError
from dondoc.textutil import tone_key

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Noun:
    noun: str
    kind: str
    standalone: bool
    words: tuple[str, ...]  # folded words
    whole: bool = False  # the noun alone is a unit ("Tỉnh đoàn"), perhaps followed by its place
    capital: bool = False  # a unit only when written with a capital ("Vụ Pháp chế", not "05 vụ")


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """Phrases (as word keys) indexed by their first word: ``at`` gives the longest one at a token."""

    index: dict[str, tuple[tuple[str, ...], ...]]
    canon: dict[tuple[str, ...], str]  # phrase → its text written out, when not as in the text

    @classmethod
    def of(cls, phrases: list[str], canon: dict[str, str] | None = None) -> PhraseSet:
        keys = {words_of(p) for p in phrases}
        return cls(_index(list(keys), lambda w: w), {words_of(p): out for p, out in (canon or {}).items()})

    def at(self, keys: list[str], i: int) -> tuple[str, ...] | None:
        for phrase in self.index.get(keys[i], ()) if i < len(keys) else ():
            if len(phrase) == 1 or tuple(keys[i : i + len(phrase)]) == phrase:
                return phrase
        return None


@dataclass(frozen=True, slots=True)
class Lexicon:
    nouns: tuple[Noun, ...]  # longest first
    levels: tuple[tuple[str, ...], ...]  # folded word tuples, longest first
    level_canon: dict[tuple[str, ...], str]
    name_abbr: dict[str, str]  # exact abbreviation → expansion
    unit_abbr: dict[str, str]
    known: tuple[tuple[tuple[str, ...], str], ...]  # (folded words, canonical), longest first
    group_nouns: tuple[tuple[str, ...], ...]
    vague: frozenset[str]
    false_friends: frozenset[tuple[str, ...]]
    stop_words: frozenset[str]
    proper: dict[str, str]
    compounds: frozenset[tuple[str, str]]  # (word before, unit noun) that make one word together
    # The same entries indexed by their first word key, longest first: look-ups cost one dict hit.
    noun_index: dict[str, tuple[Noun, ...]]
    level_index: dict[str, tuple[tuple[str, ...], ...]]
    known_index: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    group_index: dict[str, tuple[tuple[str, ...], ...]]
    false_friend_index: dict[str, tuple[tuple[str, ...], ...]]
    company_forms: PhraseSet  # legal forms after an enterprise noun ("cổ phần", "TNHH")
    company_trade: PhraseSet  # lower-case words an enterprise name may end with
    company_stops: PhraseSet  # words that end an enterprise name
    doer_openers: PhraseSet  # words that begin what a group of non-state doers does
    doer_stops: PhraseSet  # words that end it: the sentence's verb
    head_titles: PhraseSet  # a person who heads a unit ("Giám đốc", "Thủ trưởng"): the unit stands for them


def _index(items: list[T], words: Callable[[T], tuple[str, ...]]) -> dict[str, tuple[T, ...]]:
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(words(item)[0], []).append(item)
    return {k: tuple(sorted(v, key=lambda it: -len(words(it)))) for k, v in out.items()}


def words_of(text: str) -> tuple[str, ...]:
    """Comparison keys of a phrase's words: diacritics kept, case and tone placement ignored."""
    return tuple(tone_key(w) for w in text.replace("-", " - ").replace(",", " , ").split())


@cache
def lexicon() -> Lexicon:
    data = langdata.load("units")
    nouns = []
    for entry in data["unit_nouns"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("noun"), str) or not entry.get("kind"):
            raise LanguageDataError(f"units.yaml: bad unit noun {entry!r}")
        nouns.append(
            Noun(
                entry["noun"],
                entry["kind"],
                bool(entry.get("standalone")),
                words_of(entry["noun"]),
                bool(entry.get("whole")),
                bool(entry.get("capital")),
            )
        )
    nouns.sort(key=lambda n: -len(n.words))
    levels = langdata.string_list("units", "levels")
    level_canon = {}
    for lv in levels:
        canon = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}.get(lv.lower(), lv)
        level_canon[words_of(lv.rstrip("."))] = canon
    known = sorted(
        ((words_of(k), k) for k in langdata.string_list("units", "known_names")), key=lambda kv: -len(kv[0])
    )
    groups = sorted(
        {words_of(g) for g in langdata.string_list("units", "group_nouns")}, key=lambda g: -len(g)
    )
    false_friends = [words_of(f) for f in langdata.string_list("units", "false_friends")]
    levels_sorted = sorted(level_canon, key=lambda w: -len(w))
    return Lexicon(
        nouns=tuple(nouns),
        levels=tuple(sorted(level_canon, key=lambda w: -len(w))),
        level_canon=level_canon,
        name_abbr=langdata.string_map("units", "name_abbreviations"),
        unit_abbr=langdata.string_map("units", "unit_abbreviations"),
        known=tuple(known),
        group_nouns=tuple(groups),
        vague=frozenset(" ".join(words_of(v)) for v in langdata.string_list("units", "vague_groups")),
        false_friends=frozenset(false_friends),
        stop_words=frozenset(tone_key(w) for w in langdata.string_list("units", "name_stop_words")),
        proper={tone_key(p): p for p in langdata.string_list("units", "proper_words")},
        compounds=frozenset(
            (pair[0], pair[1])
            for pair in (words_of(c) for c in langdata.string_list("units", "compounds"))
            if len(pair) == 2
        ),
        noun_index=_index(nouns, lambda n: n.words),
        level_index=_index(levels_sorted, lambda w: w),
        known_index=_index(known, lambda kv: kv[0]),
        group_index=_index(groups, lambda g: g),
        false_friend_index=_index(false_friends, lambda f: f),
        company_forms=PhraseSet.of(*_legal_forms(data.get("company_legal_forms"))),
        company_trade=PhraseSet.of(langdata.string_list("units", "company_trade_words")),
        company_stops=PhraseSet.of(langdata.string_list("units", "company_stops")),
        doer_openers=PhraseSet.of(langdata.string_list("units", "doer_openers")),
        doer_stops=PhraseSet.of(langdata.string_list("units", "doer_stops")),
        head_titles=PhraseSet.of(langdata.string_list("units", "head_titles")),
    )


def _legal_forms(entries: object) -> tuple[list[str], dict[str, str]]:
    """The legal forms, and the written-out text of those that have one ("CP" → "cổ phần")."""
    if not isinstance(entries, list):
        raise LanguageDataError("units.yaml: 'company_legal_forms' must be a list")
    forms, written = [], {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("form"), str):
            raise LanguageDataError(f"units.yaml: bad legal form {entry!r}")
        forms.append(entry["form"])
        if isinstance(entry.get("as"), str):
            written[entry["form"]] = entry["as"]
    return forms, written
