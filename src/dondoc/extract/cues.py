"""Cue phrases for task finding (from ``data/tasks.yaml``), as compiled regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dondoc import langdata


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Cues:
    directive_opener: re.Pattern[str]
    subject_verb: re.Pattern[str]
    assign: re.Pattern[str]
    support: re.Pattern[str]
    prefix: re.Pattern[str]
    prefix_tail: re.Pattern[str]
    review_opener: re.Pattern[str]
    review_heading: re.Pattern[str]
    task_heading: re.Pattern[str]
    preamble: re.Pattern[str]
    approval: re.Pattern[str]
    closing: tuple[re.Pattern[str], ...]
    preamble_patterns: tuple[re.Pattern[str], ...]


@cache
def cues() -> Cues:
    def words(key: str) -> str:
        return _alternation(langdata.string_list("tasks", key))

    subject_verbs = _alternation(
        langdata.string_list("tasks", "subject_verbs") + langdata.string_list("tasks", "directive_openers")
    )

    return Cues(
        directive_opener=re.compile(rf"^(?:{words('directive_openers')})\b", re.IGNORECASE),
        # A unit opening its sentence is the subject when a subject verb or any directive verb follows
        # ("Tập đoàn Điện lực Việt Nam chuẩn bị …").
        subject_verb=re.compile(rf"^\s*(?:{subject_verbs})\b", re.IGNORECASE),
        assign=re.compile(rf"(?<!\w)(?:{words('assign_triggers')})\s+$", re.IGNORECASE),
        support=re.compile(rf"(?<!\w)(?:{words('support_triggers')})\s*$", re.IGNORECASE),
        prefix=re.compile(rf"^(?:\s*(?:{words('unit_prefixes')})\s*,?)+\s*", re.IGNORECASE),
        prefix_tail=re.compile(rf"(?<!\w)(?:{words('unit_prefixes')})\s*,?\s*$", re.IGNORECASE),
        review_opener=re.compile(rf"^(?:{words('review_openers')})\b", re.IGNORECASE),
        review_heading=re.compile(rf"^(?:{words('review_headings')})\b", re.IGNORECASE),
        task_heading=re.compile(rf"^(?:{words('task_headings')})\b", re.IGNORECASE),
        preamble=re.compile(rf"^(?:{words('preamble_openers')})\b", re.IGNORECASE),
        approval=re.compile(rf"\b(?:{words('approval_words')})\b", re.IGNORECASE),
        closing=tuple(
            re.compile(p, re.IGNORECASE | re.DOTALL)
            for p in langdata.string_list("tasks", "closing_patterns")
        ),
        preamble_patterns=tuple(
            re.compile(p, re.IGNORECASE | re.DOTALL)
            for p in langdata.string_list("tasks", "preamble_patterns")
        ),
    )
