"""Deadlines: the due dates a task states, resolved against the meeting or issue date.

Only explicit periods become dates ("trước ngày 10/6/2025", "trong quý II/2025", "trong năm
2025"). Vague words (khẩn trương, kịp thời, sớm, thường xuyên) never do; relative periods ("không
quá 5 ngày") keep their text and no date. Dates are always read day/month/year.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import cache

from dondoc import langdata
from dondoc.caseless import Caseless, CaselessMatch
from dondoc.dates import make_date, month_end, quarter_end
from dondoc.langdata import LanguageDataError
from dondoc.model import Deadline, Evidence

_DIGIT = re.compile(r"\d")
_RECURRING = Caseless(r"\b(thường xuyên|định kỳ|hằng (?:tháng|quý|năm|tuần)|hàng (?:tháng|quý|năm|tuần))\b")


@dataclass(frozen=True, slots=True)
class _Phrase:
    id: str
    period: str
    regex: Caseless
    requires: str


@cache
def _period_start() -> Caseless:
    pattern = langdata.load("deadlines").get("period_start")
    if not isinstance(pattern, str):
        raise LanguageDataError("deadlines.yaml: 'period_start' must be a regex string")
    return Caseless(pattern)


@cache
def _phrases(key: str = "phrases") -> tuple[tuple[_Phrase, ...], tuple[str, ...]]:
    """The phrases under ``key`` ("phrases" in running text, "cell_phrases" for a table's deadline cell)."""
    data = langdata.load("deadlines")
    parts = data.get("parts")
    if not isinstance(parts, dict):
        raise LanguageDataError("deadlines.yaml: 'parts' must be a mapping")
    out = []
    for entry in data.get(key, []):
        try:
            pattern = entry["pattern"]
            for _depth in range(3):  # a part may use another part ("{label}" holds "{trigger}")
                pattern = re.sub(
                    r"\{(\w+)\}",
                    lambda g: parts[g.group(1)] if g.group(1) in parts else g.group(0),
                    pattern,
                )
            requires = entry.get("requires", "")
            if not isinstance(requires, str):
                raise LanguageDataError(f"deadlines.yaml: {entry['id']}: 'requires' must be a string")
            out.append(_Phrase(entry["id"], entry["period"], Caseless(pattern), requires))
        except (KeyError, re.error, IndexError) as exc:
            raise LanguageDataError(f"deadlines.yaml: bad phrase {entry!r}: {exc}") from exc
        if entry["period"] not in ("day", "month", "quarter", "year", "meeting", "relative"):
            raise LanguageDataError(f"deadlines.yaml: {entry['id']}: unknown period {entry['period']!r}")
    return tuple(out), tuple(langdata.string_list("deadlines", "not_before"))


_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "năm": 5, "mười": 10}


def find_deadlines(
    text: str, offset: int, *, meeting: dt.date | None, issued: dt.date | None, cell: bool = False
) -> list[Deadline]:
    """Every deadline phrase in ``text`` (a task's content starting at ``offset``). ``cell``: the text is
    a cell of a task table's deadline column, where a bare date or period ("Quý II/2026") is a deadline."""
    if not _DIGIT.search(text) and "ngày" not in text.lower():
        return []  # every deadline phrase has a number or the word "ngày"
    phrases, not_before = _phrases()
    if cell:
        phrases = phrases + _phrases("cell_phrases")[0]
    reference = meeting or issued
    taken: list[tuple[int, int]] = []
    found: list[Deadline] = []
    lowered = text.lower()
    for phrase in phrases:
        if phrase.requires and phrase.requires not in lowered:
            continue
        for m in phrase.regex.finditer(text, lowered=lowered):
            if not _word_bounded(text, m.start(), m.end()):
                continue
            if _overlaps(taken, m.start(), m.end()):
                continue
            window = text[max(0, m.start() - 12) : m.start() + 12].lower()
            if any(nb in window for nb in not_before) or _states_validity(lowered, m.start()):
                continue
            if lowered.startswith("đến", m.start()) and _period_start().search(
                text, max(0, m.start() - 40), m.start(), lowered=lowered
            ):
                continue
            date = _resolve(phrase.period, m, reference)
            period = phrase.period
            if period not in ("relative",) and date is None:
                if period != "day" or (reference is None and not m.groupdict().get("y")):
                    continue
                period = "invalid"  # "trước ngày 31/02/2025": kept as text, never turned into a date
            insort(taken, (m.start(), m.end()))
            found.append(
                Deadline(
                    text=m.text().strip(),
                    date=date.isoformat() if date else None,
                    period=period,
                    evidence=Evidence(phrase.id, offset + m.start(), offset + m.end(), m.text().strip()),
                )
            )
    found.sort(key=lambda d: d.evidence.start or 0)
    return found


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) overlap a span of ``taken`` (sorted, disjoint)? Only its neighbours can."""
    k = bisect_left(taken, (start, start))
    return (k > 0 and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end)


_CLAUSE_BREAK = re.compile(r"[.;:()]")


def _states_validity(lowered: str, start: int) -> bool:
    """Does the clause before ``start`` say how long something is valid ("thời hạn kiểm định … đến hết")?"""
    before = lowered[max(0, start - 80) : start]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    clause = before[breaks[-1] :] if breaks else before
    return any(word in clause for word in _validity_words())


@cache
def _validity_words() -> tuple[str, ...]:
    return tuple(langdata.string_list("deadlines", "validity_before"))


def is_recurring(text: str) -> bool:
    return bool(_RECURRING.search(text))


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not (after.isalnum() and text[end - 1].isalnum())


def _resolve(period: str, m: CaselessMatch, reference: dt.date | None) -> dt.date | None:
    groups = {name: value for name, value in m.groupdict().items() if value is not None}
    year = int(groups["y"]) if groups.get("y") else (reference.year if reference else None)
    if period == "day":
        if year is None:
            return None
        return make_date(int(groups["d"]), int(groups["m"]), year)
    if period == "month":
        return month_end(int(groups["m"]), year) if year else None
    if period == "quarter":
        return quarter_end(groups["q"], year) if year else None
    if period == "year":
        return dt.date(year, 12, 31) if year else None
    if period == "meeting":
        return reference
    return None
