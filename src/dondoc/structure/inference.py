"""Metadata the header does not state: issuer from the closing formula, the meeting date."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from dondoc import langdata
from dondoc.caseless import Caseless
from dondoc.dates import DATE_WORDS, make_date
from dondoc.model import DocumentStructure, Evidence, Field, NormalizedDocument
from dondoc.textutil import fold, fold_words
from dondoc.units.scanner import find_units

_CLOSING_VERB = "(?:" + "|".join(re.escape(v) for v in langdata.string_list("document", "issuer_verbs")) + ")"
_CLOSING_SUBJECT = re.compile(rf"^(?P<subject>.{{3,80}}?)\s+(?:xin\s+)?{_CLOSING_VERB}", re.IGNORECASE)
# The closing formula's verb, anywhere: a paragraph without it cannot match _CLOSING_SUBJECT, and this
# is one search (of the lower-cased text) instead of a lazy subject tried at 80 lengths.
_CLOSING_GATE = Caseless(_CLOSING_VERB)
_DATE_OPENING = re.compile(
    r"^\(?\s*(?:(?:vào\s+)?(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+(?:ngày\s+)?(?=\d)"
    r"|vào\s+ngày\s|hôm nay,?\s+ngày\s|ng[aà]y\s)",
    re.IGNORECASE,
)


def complete(structure: DocumentStructure, doc: NormalizedDocument) -> None:
    paras = doc.paragraphs
    if structure.issuer.value is None:
        _issuer_from_closing(structure, doc)
    if structure.doc_type.value in ("Thông báo", "Biên bản", None):
        _meeting_date(structure, doc)
    _dated_by_meeting(structure)
    if structure.title.value:
        structure.title.value = " ".join(structure.title.value.split()).strip()
    del paras


def _dated_by_meeting(structure: DocumentStructure) -> None:
    """A record without a place-and-date line ("Biên bản" opening "Hôm nay, ngày 12/3/2025 …") is
    dated by the meeting it records; a blank day on a date line stays blank."""
    types = langdata.string_list("document", "dated_by_meeting")
    if structure.doc_type.value not in types or structure.issued_date.value or structure.place.evidence:
        return
    if structure.meeting_date.value:
        structure.issued_date = Field(structure.meeting_date.value, structure.meeting_date.evidence)


def _issuer_from_closing(structure: DocumentStructure, doc: NormalizedDocument) -> None:
    paras = doc.paragraphs
    for p in reversed(paras[structure.body_start : structure.body_end]):
        m = _CLOSING_SUBJECT.match(p.text) if _CLOSING_GATE.search(p.text) else None
        if not m:
            continue
        units = [u for u in find_units(m.group("subject"), p.start) if not u.is_group]
        if not units:
            continue
        unit = units[-1]
        name = unit.name
        rule = "issuer.closing_formula"
        if re.search(r"\b(thành phố|tỉnh|huyện|thị xã|quận)$", name):
            fuller = _fuller_mention(name, doc, structure)
            place = _issuer_place(name, doc, structure)
            if fuller:
                name, rule = fuller, "issuer.closing_formula+full_mention"
            elif place:
                name, rule = f"{name} {place}", "issuer.closing_formula+place"
        structure.issuer = Field(name, Evidence(rule, unit.start, unit.end, doc.text[unit.start : unit.end]))
        return


def _issuer_place(name: str, doc: NormalizedDocument, structure: DocumentStructure) -> str | None:
    """The place that completes "UBND thành phố": the place line's "TP. X"; or, for any level, a
    header line that is only a province's name (a web page's "Quảng Trị" under its heading)."""
    if structure.place.value and name.endswith("thành phố"):
        place = re.sub(r"^(?:TP|Tp|Thành phố|thành phố)\.?\s*", "", structure.place.value).strip()
        return place if place and place != structure.place.value else None
    if structure.place.value:
        return None
    provinces = _province_keys()
    for p in doc.paragraphs[: structure.body_start]:
        if len(p.text) < 40 and fold_words(p.text) in provinces:
            return provinces[fold_words(p.text)]
    return None


@cache
def _province_keys() -> dict[str, str]:
    return {fold_words(name): name for name in langdata.string_list("places", "provinces")}


def _fuller_mention(name: str, doc: NormalizedDocument, structure: DocumentStructure) -> str | None:
    """ "UBND thành phố" → "UBND thành phố Lạng Sơn" when the title or the opening names it so."""
    key = fold_words(name.replace("Ủy ban nhân dân", "UBND"))
    head = "\n".join(p.text for p in doc.paragraphs[: structure.body_start + 3])
    for u in find_units(head):
        cand = fold_words(u.name.replace("Ủy ban nhân dân", "UBND"))
        if cand.startswith(key + " ") and not u.is_group:
            return (
                "UBND" + u.name[len("Ủy ban nhân dân") :] if u.name.startswith("Ủy ban nhân dân") else u.name
            )
    return None


def _meeting_date(structure: DocumentStructure, doc: NormalizedDocument) -> None:
    words = [fold(w) for w in langdata.string_list("document", "meeting_words")]
    paras = doc.paragraphs
    # "(Ngày 30 tháng 5 năm 2025)" under the title.
    title = structure.title
    if title.value and title.evidence and title.evidence.start is not None:
        m = re.search(r"\(\s*ng[aà]y\s+[^)]*\)", title.value, re.IGNORECASE)
        if m:
            dm = DATE_WORDS.search(m.group())
            date = make_date(int(dm["d"]), int(dm["m"]), int(dm["y"])) if dm else None
            if date:
                start = title.evidence.start + m.start()
                structure.meeting_date = Field(
                    date.isoformat(), Evidence("meeting_date.title", start, start + len(m.group()), m.group())
                )
                return
    issued = structure.issued_date.value
    for p in paras[structure.body_start : min(structure.body_end, structure.body_start + 3)]:
        first = p.text.split(".")[0] if "." in p.text[:400] else p.text[:400]
        if not any(w in fold(first) for w in words):
            continue
        found = _opening_date(p.text, first, issued)
        if found is not None:
            date, rule, start, end = found
            structure.meeting_date = Field(
                date.isoformat(), Evidence(rule, p.start + start, p.start + end, p.text[start:end])
            )
            return
    # "Kết luận … tại cuộc họp ngày 10/8/2024" — the title names the meeting and its date.
    if title.value and title.evidence and title.evidence.start is not None:
        m = _TITLE_MEETING.search(title.value)
        if m:
            dm = DATE_WORDS.search(title.value, m.end() - 12)
            date = make_date(int(dm["d"]), int(dm["m"]), int(dm["y"])) if dm else None
            if date and dm:
                start = title.evidence.start + dm.start()
                structure.meeting_date = Field(
                    date.isoformat(),
                    Evidence("meeting_date.title_meeting", start, start + len(dm.group()), dm.group()),
                )


_DATE_NO_YEAR = re.compile(
    r"ng[aà]y\s+(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)\s*(?P<m>\d{1,2})(?!\s*(?:/|-|\.|năm)\s*\d|\d)",
    re.IGNORECASE,
)
# "… Thông báo số 26/TB-VP ngày 06/02/2018": the date of a document cited, not of the meeting.
_CITED = re.compile(r"số\s*:?\s*\S*\d\S*\s*$", re.IGNORECASE)


def _opening_date(text: str, first: str, issued: str | None) -> tuple[dt.date, str, int, int] | None:
    """The meeting date in the first sentence of a paragraph that reports a meeting:
    "Ngày 10/3/2025, …", "Chiều ngày 12/3/2025, …", "Vào hồi 14 giờ 00 ngày 11/3/2025, …",
    "Thực hiện Chương trình công tác, ngày 11/3/2025, …"; "Ngày 10/3, …" takes the year of the document
    (the year before when that month is later than the month of issue)."""
    opening = bool(_DATE_OPENING.match(text))
    for dm in DATE_WORDS.finditer(first, 0, 250):
        said_ngay = dm.group().lower().startswith(("ngày", "ngay"))
        if not opening and (not said_ngay or _CITED.search(first[: dm.start()])):
            continue
        if opening and dm.start() > 60:
            break
        date = make_date(int(dm["d"]), int(dm["m"]), int(dm["y"]))
        if date:
            rule = "meeting_date.opening" if opening else "meeting_date.first_sentence"
            return date, rule, dm.start(), dm.end()
        return None
    if opening and issued:
        nm = _DATE_NO_YEAR.search(text[:40])
        if nm:
            year = int(issued[:4]) - (1 if int(nm["m"]) > int(issued[5:7]) else 0)
            date = make_date(int(nm["d"]), int(nm["m"]), year)
            if date:
                return date, "meeting_date.opening_no_year", nm.start(), nm.end()
    return None


_TITLE_MEETING = re.compile(
    r"(?:cuộc họp|phiên họp|buổi làm việc|hội nghị|giao ban|buổi kiểm tra|đợt kiểm tra)[^.;]{0,80}?ngày\s+\d",
    re.IGNORECASE,
)
