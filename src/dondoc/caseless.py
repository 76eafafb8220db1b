"""Case-insensitive regexes, run as case-sensitive ones over the lower-cased text.

``re.IGNORECASE`` makes the regex engine lower-case every character it compares, and it turns off the
engine's scan for the characters a match can start with: an alternation of phrases is then tried at every
position of the text. A pattern whose letters are all lower case finds the same matches, several times
faster, in ``text.lower()`` without the flag, at the same offsets as long as lower-casing keeps the length
of the text (it does for Vietnamese; "İ" does not, and such a text falls back to the flag).

The matches hand out the original text (``group``), not the lower-cased copy. A pattern with an upper-case
letter, or a character class that lower-casing leads out of, cannot be run so; it keeps the flag, with the
same answers. (The engine's flag also equates a few exotic pairs that ``str.lower`` does not, such as the
long s "ſ" with "s": none occurs in administrative Vietnamese.)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from re import _parser  # type: ignore[attr-defined]
from typing import Any

_CONTAINERS = {_parser.SUBPATTERN, _parser.ATOMIC_GROUP}
_REPEATS = {_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT}


def _lower_invariant(code: int) -> bool:
    char = chr(code)
    return char.lower() == char


def _class_ok(items: list[tuple[Any, Any]]) -> bool:
    """A character class gives the same answers on lower-cased text when all its letters are lower case,
    or, for ranges, when lower-casing any member lands inside the range."""
    for op, av in items:
        if op is _parser.LITERAL and not _lower_invariant(av):
            return False
        if op is _parser.RANGE:
            lo, hi = av
            for code in range(lo, hi + 1):
                low = chr(code).lower()
                if len(low) != 1 or not lo <= ord(low) <= hi:
                    return False
    return True


def _all_lower(parsed: Any) -> bool:
    for op, av in parsed:
        if op in (_parser.LITERAL, _parser.NOT_LITERAL):
            if not _lower_invariant(av):
                return False
        elif op is _parser.IN:
            if not _class_ok(av):
                return False
        elif op in _CONTAINERS:
            if not _all_lower(av[-1]):
                return False
        elif op in _REPEATS:
            if not _all_lower(av[2]):
                return False
        elif op is _parser.BRANCH:
            if not all(_all_lower(branch) for branch in av[1]):
                return False
        elif op in (_parser.ASSERT, _parser.ASSERT_NOT):
            if not _all_lower(av[1]):
                return False
        elif op is _parser.GROUPREF_EXISTS:
            if not all(_all_lower(part) for part in av[1:] if part is not None):
                return False
    return True


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _boundary(text: str, index: int, end: int) -> bool:
    """``\\b`` at ``index`` (the text ends at ``end``, as for a search with ``endpos``)."""
    before = index > 0 and _is_word(text[index - 1])
    after = index < end and _is_word(text[index])
    return before != after


def _no_word_before(text: str, index: int, end: int) -> bool:
    """``(?<!\\w)`` at ``index``."""
    return not (index > 0 and _is_word(text[index - 1]))


class CaselessMatch:
    """A match found in the lower-cased text, read from the original text."""

    __slots__ = ("_m", "string")

    def __init__(self, m: re.Match[str], string: str) -> None:
        self._m = m
        self.string = string

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._m.span(group)

    def group(self, group: int | str = 0) -> str | None:
        start, end = self._m.span(group)
        return None if start < 0 else self.string[start:end]

    def text(self) -> str:
        """The whole match (``group(0)``, never None)."""
        start, end = self._m.span()
        return self.string[start:end]

    def __getitem__(self, group: int | str) -> str | None:
        return self.group(group)

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(name) for name in self._m.re.groupindex}

    @property
    def lastgroup(self) -> str | None:
        return self._m.lastgroup


def _wrap(m: re.Match[str] | None, text: str) -> CaselessMatch | None:
    return CaselessMatch(m, text) if m else None


class Caseless:
    """A regex matched case-insensitively: see the module's documentation."""

    __slots__ = ("_body", "_fast", "_lead", "pattern", "regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.regex = re.compile(pattern, flags | re.IGNORECASE)  # the definition, and the fallback
        parsed = _parser.parse(pattern, flags)
        self._fast = re.compile(pattern, flags) if _all_lower(parsed) else None
        # A leading word boundary or "no word character before" (of the whole pattern, not of one
        # alternative) also keeps the engine from skipping ahead: search() looks for the rest and checks
        # the boundary itself.
        first = parsed.data[0] if parsed.data else None
        if pattern.startswith(r"\b") and first == (_parser.AT, _parser.AT_BOUNDARY):
            self._lead: str | None = "boundary"
            body = pattern[2:]
        elif pattern.startswith(r"(?<!\w)") and first is not None and first[0] is _parser.ASSERT_NOT:
            self._lead = "no_word_before"
            body = pattern[len(r"(?<!\w)") :]
        else:
            self._lead, body = None, ""
        self._body = re.compile(body, flags) if self._fast is not None and self._lead else None

    @property
    def fast(self) -> bool:
        """Is the pattern run without the flag (all its letters lower case)?"""
        return self._fast is not None

    def _pick(self, text: str, lowered: str | None) -> tuple[re.Pattern[str], str]:
        if self._fast is not None:
            low = text.lower() if lowered is None else lowered
            if len(low) == len(text):
                return self._fast, low
        return self.regex, text

    def search(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, lowered: str | None = None
    ) -> CaselessMatch | None:
        """``lowered``: ``text.lower()`` when the caller has it already (several patterns, one text)."""
        regex, hay = self._pick(text, lowered)
        if self._body is not None and regex is self._fast:
            end = min(endpos, len(hay))
            m = self._body.search(hay, pos, endpos)
            check = _boundary if self._lead == "boundary" else _no_word_before
            while m is not None and not check(hay, m.start(), end):
                m = self._body.search(hay, m.start() + 1, endpos)
        else:
            m = regex.search(hay, pos, endpos)
        return _wrap(m, text)

    def match(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, lowered: str | None = None
    ) -> CaselessMatch | None:
        regex, hay = self._pick(text, lowered)
        return _wrap(regex.match(hay, pos, endpos), text)

    def fullmatch(self, text: str, *, lowered: str | None = None) -> CaselessMatch | None:
        regex, hay = self._pick(text, lowered)
        return _wrap(regex.fullmatch(hay), text)

    def finditer(self, text: str, *, lowered: str | None = None) -> Iterator[CaselessMatch]:
        regex, hay = self._pick(text, lowered)
        for m in regex.finditer(hay):
            yield CaselessMatch(m, text)
