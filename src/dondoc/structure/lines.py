"""What a header or closing line is: the số ký hiệu, the place and date, the type line, the V/v,
Kính gửi, Nơi nhận, the authority line, a person's name; and the evidence of a field."""

from __future__ import annotations

import re
from functools import cache

from dondoc import langdata
from dondoc.model import Evidence, Field, Paragraph
from dondoc.textutil import VI_LOWER, VI_UPPER, fold, fold_words, is_upper_text

NUMBER = re.compile(r"\bs[oố6ô]\s*[:.]\s*(?P<num>[0-9][0-9a-z.]*)?\s*(?P<code>/\s*[^\s|,]+)", re.IGNORECASE)
NUMBER_PAREN = re.compile(
    r"\((?P<num>\d+[a-z]?)(?P<code>/[^\s,)]+)(?:,\s*(?:ngày\s*)?(?P<date>[\d/.\-]+))?\)"
)
_PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^,|]{1,40}?)\s*,\s*ng[aà]y\s*(?P<d>\d{0,2})(?P<junk>[^\s\d]?)\s*(?:th[aá]ng)\s*(?P<m>\d{1,2})\s*"
    r"(?:n[aă]m)\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
# What every place/date line holds, found fast (the comma is a literal): most lines go no further.
PLACE_DATE_HINT = re.compile(r",\s*ng[aà]y", re.IGNORECASE)
VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*:?\s*", re.IGNORECASE)
KINH_GUI = re.compile(r"^k[ií]nh\s*g[uử]i\s*:?\s*", re.IGNORECASE)
NOI_NHAN = re.compile(r"^n[oơ][il]\s*nh[aậeé]n\s*:?", re.IGNORECASE)
AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.\s*\S", re.IGNORECASE)
AUTHORITY_IN_LINE = re.compile(r"(?:^|\s)((?:TM|KT|TL|TUQ)\s*\.\s*\S.*)$")
SECTION = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s+\S")
SEPARATOR = re.compile(r"^[-_=*.·\s]{2,}$")
NAME = re.compile(rf"^(?:[{VI_UPPER}][{VI_LOWER}]*\.?\s+){{1,5}}[{VI_UPPER}][{VI_LOWER}]*$")
_SENTENCE_BREAK = re.compile(rf"[.;!?]\s+[{VI_UPPER}]")


def place_date(text: str) -> re.Match[str] | None:
    return _PLACE_DATE.search(text) if PLACE_DATE_HINT.search(text) else None


def make_field(
    value: str | None, rule: str, p: Paragraph | None = None, start: int = 0, end: int | None = None
) -> Field:
    """A field whose evidence is the span ``start:end`` of paragraph ``p`` (all of it by default)."""
    if value is None or p is None:
        return Field(value, Evidence(rule) if value is not None else None)
    s = p.start + start
    e = p.start + (end if end is not None else len(p.text))
    return Field(value, Evidence(rule, s, e, p.text[start : end if end is not None else len(p.text)]))


def motto_free(text: str) -> str:
    """Remove the national motto from a header line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …")."""
    from rapidfuzz import fuzz

    for motto in langdata.string_list("document", "motto"):
        target = fold_words(motto)
        for _ in range(2):
            folded = fold(text)
            align = fuzz.partial_ratio_alignment(target, folded, score_cutoff=72)
            if align is None or align.dest_end - align.dest_start < len(target) * 0.6:
                break
            text = (text[: align.dest_start] + " " + text[align.dest_end :]).strip(" -|")
    return " ".join(text.split())


@cache
def _motto_tails() -> frozenset[str]:
    """The word-aligned endings of the motto ("viet nam", "chu nghia viet nam"), folded."""
    tails: set[str] = set()
    for motto in langdata.string_list("document", "motto"):
        words = fold_words(motto).split()
        tails.update(" ".join(words[k:]) for k in range(1, len(words)))
    return frozenset(tails)


def motto_tail(text: str) -> bool:
    """A header line that is only the end of a wrapped motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM")."""
    return fold_words(text) in _motto_tails()


def has_sentences(text: str) -> bool:
    """A paragraph of sentences ("… tổ chức họp. Sau khi nghe …"): body text, not a title line."""
    return len(text) > 100 and bool(_SENTENCE_BREAK.search(text))


def upper_run(text: str) -> str:
    """The leading upper-case words of a header line: the issuer column ("VĂN PHÒNG Độc lập…")."""
    out = []
    for w in text.split():
        letters = [c for c in w if c.isalpha()]
        if letters and not all(c.isupper() for c in letters):
            break
        out.append(w)
    return " ".join(out) if len(out) >= 1 else text


def doc_type_of(text: str) -> str | None:
    """The document type that a whole line names ("THÔNG BÁO", "Kế hoạch")."""
    if len(text) > 40:
        return None
    return _folded_types().get(fold_words(text))


@cache
def _folded_types() -> dict[str, str]:
    """Folded type line → type: the bare names, and each name with a qualifier ("biên bản làm việc")."""
    types = {fold_words(name): name for name in langdata.string_map("document", "doc_types")}
    qualifiers = [fold_words(q) for q in langdata.string_list("document", "type_qualifiers")]
    return types | {f"{key} {q}": name for key, name in types.items() for q in qualifiers}


@cache
def _folded_set(key: str) -> frozenset[str]:
    return frozenset(fold_words(x) for x in langdata.string_list("document", key))


def web_heading(text: str) -> bool:
    """A heading of the web page that publishes the document ("THÔNG TIN Ý KIẾN")."""
    return len(text) < 60 and fold_words(text) in _folded_set("web_headings")


def web_field_label(text: str) -> bool:
    """A field label of a legal-document web page ("Số hiệu", "Ngày ban hành:")."""
    return len(text) < 40 and fold_words(text.rstrip(" :")) in _folded_set("web_field_labels")


@cache
def _citation_rx() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in langdata.string_list("document", "source_citation"))
    return re.compile(
        rf"^\(\s*(?:{words})\s+(?P<type>[^\d()]{{2,30}}?)\s+số\s*:?\s*(?P<num>\d+[a-z]?)(?P<code>/[^\s,)]+)"
        r"\s*(?:,\s*(?:ngày\s*)?(?P<date>\d{1,2}/\d{1,2}/\d{4}))?\s*\)\.?$",
        re.IGNORECASE,
    )


def source_citation(text: str) -> re.Match[str] | None:
    """The document a web page reproduces: "(Theo Công văn số: 2788/UBND-KT, ngày 18/6/2024)"; the
    words before "số" must name a type."""
    m = _citation_rx().match(text)
    return m if m and doc_type_of(m.group("type")) else None


def signer_title(text: str) -> bool:
    """A title line of the signature block ("PHÓ GIÁM ĐỐC", "THỦ TƯỚNG"), upper case."""
    return len(text) < 60 and is_upper_text(text) and fold_words(text) in _folded_set("signer_titles")


def signature_head(text: str) -> bool:
    """The heading of a party's signature block: "Đại diện" alone, or upper case ("ĐẠI DIỆN BÊN A")."""
    if len(text) > 60 or text.rstrip().endswith(":"):
        return False  # "Đại diện:" introduces a list of members
    key = fold_words(text)
    return any(
        key == h or (key.startswith(h + " ") and is_upper_text(text)) for h in _folded_set("signature_heads")
    )


@cache
def _openers_rx(key: str = "body_openers") -> re.Pattern[str]:
    words = [fold_words(o) for o in langdata.string_list("document", key)]
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ") ")


def opens_body(text: str) -> bool:
    """Does the line begin the body ("Căn cứ …", "Ngày 10/3/2025, …")?"""
    return bool(_openers_rx().match(fold_words(text[:40])))


def opens_body_only(text: str) -> bool:
    """Does the line begin with an opener that never begins a title ("Hôm nay, ngày …", "Căn cứ …")?"""
    return bool(_openers_rx("body_only_openers").match(fold_words(text[:40])))
