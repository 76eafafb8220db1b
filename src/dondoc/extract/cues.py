"""Cue phrases for task finding (from ``data/tasks.yaml``), as compiled regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dondoc import langdata
from dondoc.caseless import Caseless


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _any_of(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


_TAILS = {"space": r"\s+$", "spaces": r"\s*$", "comma": r"\s*,?\s*$"}


class Ending:
    r"""``(?<!\w)(?:phrase₁|phrase₂|…)<tail>$``, case-insensitive: does a text end with one of the phrases?

    Answered by comparing the end of the text with the phrases (``str.endswith``) instead of trying the
    alternation at every position of the text; ``regex`` is the same test as a regex (and the fallback
    for the rare text that changes length when lower-cased)."""

    __slots__ = ("_phrases", "regex", "tail")

    def __init__(self, phrases: list[str], tail: str) -> None:
        words = sorted({w.lower() for w in phrases}, key=len, reverse=True)
        if not words or any(not w or w != w.strip() or w.endswith(",") for w in words):
            raise ValueError("phrases must be non-empty, stripped and not end with a comma")
        self._phrases = tuple(words)  # longest first: the first that fits starts leftmost
        self.tail = tail
        self.regex = re.compile(rf"(?<!\w)(?:{_alternation(phrases)}){_TAILS[tail]}", re.IGNORECASE)

    def start(self, text: str) -> int | None:
        """Where the (leftmost) match begins, or None."""
        low = text.lower()
        if len(low) != len(text):
            m = self.regex.search(text)
            return m.start() if m else None
        head = text.rstrip()
        if self.tail == "space" and len(head) == len(text):
            return None
        ends = [len(head)]
        if self.tail == "comma" and head.endswith(","):
            ends.insert(0, len(head[:-1].rstrip()))  # the phrase before the comma starts further left
        best: int | None = None
        for end in ends:
            if not low.endswith(self._phrases, 0, end):
                continue
            for phrase in self._phrases:
                begin = end - len(phrase)
                if begin >= 0 and low.startswith(phrase, begin, end) and not _word_before(text, begin):
                    if best is None or begin < best:
                        best = begin
                    break
        return best


def _word_before(text: str, index: int) -> bool:
    r"""Is the character before ``index`` a word character (what ``(?<!\w)`` rejects)?"""
    return index > 0 and (text[index - 1].isalnum() or text[index - 1] == "_")


@dataclass(frozen=True, slots=True)
class Cues:
    directive_opener: Caseless
    subject_verb: Caseless
    subject_verb_after_comma: Caseless  # ", tham mưu …": a subject verb after a comma, anywhere
    assign: Ending
    support: Ending
    prefix: re.Pattern[str]
    prefix_tail: Ending
    review_opener: Caseless
    review_heading: Caseless
    task_heading: Caseless
    approval: Caseless
    closing: Caseless  # any closing formula ("Trên đây là …", "… tổ chức thực hiện./.")
    request_verb: Caseless  # "đề nghị rà soát …": a request with no unit named, to the addressee
    citation: Caseless  # "Nghị định số 24/2026/NĐ-CP …": an item naming a document to read
    logistics: Caseless  # "Thời gian: …", "Địa điểm: …": a labelled field of a meeting or an inspection
    statement: Caseless  # "Việc … được …", "… bao gồm …": a statement of fact or law, not work
    liability: Caseless  # "Chủ đầu tư chịu trách nhiệm về tính chính xác của hồ sơ …": liability, not work
    detail: Caseless  # "Báo cáo … được lập theo Mẫu số 05 …": how a record is made or filed, not work
    bare_request: Caseless  # "… yêu cầu Công ty X nghiêm túc thực hiện./.": no work of its own
    preamble: Caseless  # a preamble opener, or a preamble written as a full pattern


@cache
def cues() -> Cues:
    def words(key: str) -> str:
        return _alternation(langdata.string_list("tasks", key))

    subject_verbs = _alternation(
        langdata.string_list("tasks", "subject_verbs") + langdata.string_list("tasks", "directive_openers")
    )

    return Cues(
        directive_opener=Caseless(rf"^(?:{words('directive_openers')})\b"),
        # A unit opening its sentence is the subject when a subject verb or any directive verb follows
        # ("Tập đoàn Điện lực Việt Nam chuẩn bị …").
        subject_verb=Caseless(rf"^\s*(?:{subject_verbs})\b"),
        subject_verb_after_comma=Caseless(rf",\s*(?:{subject_verbs})\b"),
        assign=Ending(langdata.string_list("tasks", "assign_triggers"), "space"),
        support=Ending(langdata.string_list("tasks", "support_triggers"), "spaces"),
        prefix=re.compile(rf"^(?:\s*(?:{words('unit_prefixes')})\s*,?)+\s*", re.IGNORECASE),
        prefix_tail=Ending(langdata.string_list("tasks", "unit_prefixes"), "comma"),
        review_opener=Caseless(rf"^(?:{words('review_openers')})\b"),
        review_heading=Caseless(rf"^(?:{words('review_headings')})\b"),
        task_heading=Caseless(rf"^(?:{words('task_headings')})\b"),
        approval=Caseless(rf"\b(?:{words('approval_words')})\b"),
        # Several patterns as one alternation: only whether any matches is asked.
        closing=Caseless(_any_of(langdata.string_list("tasks", "closing_patterns")), re.DOTALL),
        # "…, đề nghị rà soát …", or a sentence that opens with the request ("Vì vậy, đề nghị địa phương …")
        request_verb=Caseless(
            rf"(?<!\w)(?:đề nghị|yêu cầu)\s+(?:{words('directive_openers')})\b"
            rf"|(?:^|[.;:]\s+)(?:(?:{words('request_connectives')})\s*,?\s+)?(?:đề nghị|yêu cầu)\s(?!của\b)"
        ),
        citation=Caseless(_any_of(langdata.string_list("tasks", "citation_patterns"))),
        logistics=Caseless(
            rf"^(?:{words('logistics_labels')})(?:\s*(?:,|và)\s*(?:{words('logistics_labels')}))*"
            rf"(?:\s+(?:{words('logistics_events')}))?\s*:"
        ),
        statement=Caseless(_any_of(langdata.string_list("tasks", "statement_patterns"))),
        liability=Caseless(_any_of(langdata.string_list("tasks", "liability_patterns"))),
        detail=Caseless(_any_of(langdata.string_list("tasks", "detail_patterns"))),
        bare_request=Caseless(_any_of(langdata.string_list("tasks", "bare_requests"))),
        preamble=Caseless(
            _any_of(
                [rf"(?:{words('preamble_openers')})\b", *langdata.string_list("tasks", "preamble_patterns")]
            ),
            re.DOTALL,
        ),
    )
