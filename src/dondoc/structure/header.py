"""The header (NĐ 30/2020): issuer lines, số ký hiệu, place and date, type line and trích yếu."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dondoc import langdata
from dondoc.dates import DATE_WORDS, make_date
from dondoc.model import Evidence, Field, NormalizedDocument, Paragraph
from dondoc.structure.lines import (
    KINH_GUI,
    NUMBER,
    NUMBER_PAREN,
    PLACE_DATE_HINT,
    SECTION,
    SEPARATOR,
    VV,
    doc_type_of,
    has_sentences,
    make_field,
    motto_free,
    motto_tail,
    opens_body,
    opens_body_only,
    place_date,
    source_citation,
    upper_run,
    web_field_label,
    web_heading,
)
from dondoc.textutil import fold, fold_words, is_upper_text

_HEADER_LINES = 25  # the header is within the first paragraphs
# A web page's title line: the type and the date ("Thông báo khẩn ngày 18/10/2020").
_TYPE_DATED = re.compile(
    r"^(?P<type>\S.{1,40}?)\s+ng[aà]y\s+(?P<date>(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))$", re.IGNORECASE
)
_LONG_LINE = 250  # a longer paragraph is body text


def _none() -> Field:
    return Field(None)


@dataclass
class Header:
    """What the header states, and where it ends."""

    number: Field = field(default_factory=_none)
    place: Field = field(default_factory=_none)
    issued: Field = field(default_factory=_none)
    doc_type: Field = field(default_factory=_none)
    title: Field = field(default_factory=_none)
    issuer_lines: list[tuple[Paragraph, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    type_index: int | None = None  # paragraph of the type line ("THÔNG BÁO")
    vv_index: int | None = None  # paragraph of the "V/v …" trích yếu
    end: int = 0  # paragraph index after the last header line
    body_start: int = 0


def read_header(doc: NormalizedDocument) -> Header:
    """Walk the first paragraphs up to the body: each line is a number, a place and date, the type
    line, the V/v, or an issuer line."""
    paras = doc.paragraphs
    start = web_fields_end(paras)
    h = Header(end=start)
    wrapped_date = -1  # the paragraph holding the end of a wrapped place-and-date line
    for i in range(start, min(len(paras), start + _HEADER_LINES)):
        p = paras[i]
        if i == wrapped_date:
            h.end = i + 1
            continue
        if _ends_header(h, i, p.text):
            break
        h.end = i + 1
        m = _read_number(h, i, p)
        pd, pd_para = _find_place_date(doc, i, p, h.place.value is None)
        if pd_para is not p and pd:
            wrapped_date = i + 1
        if pd and h.place.value is None:
            _read_place_date(h, pd, pd_para, p, m)
        _read_line_kind(h, i, p, m, pd)
    return h


def web_fields_end(paras: list[Paragraph]) -> int:
    """The end of a legal-document web page's field block ("Số hiệu" / "5525/VPCP-TTĐT", "Ngày ban
    hành: 05/07/2016" …) that stands before the document (0 when there is none); the page title
    above it goes with it."""
    first = next((i for i, p in enumerate(paras[:5]) if _web_field(p.text)), None)
    if first is None:
        return 0
    j, labels = first, 0
    while j < len(paras) and (size := _web_field(paras[j].text)):
        j += size
        labels += 1
    return min(j, len(paras)) if labels >= 2 else 0


def _web_field(text: str) -> int:
    """2 for a label line (its value is the next line), 1 for "label: value", else 0."""
    if web_field_label(text):
        return 2
    label, colon, value = text.partition(":")
    return 1 if colon and value.strip() and web_field_label(label) else 0


def _ends_header(h: Header, i: int, text: str) -> bool:
    """Kính gửi, a long paragraph, a body opener or a section after the type line ends the header; so
    does a lead-in sentence after the V/v or the type line, or as the very first line (a body published
    without its header: "Sở X đề nghị Thủ trưởng đơn vị thực hiện:")."""
    opener = opens_body(text) and not VV.match(text) and not is_upper_text(text)
    # Right after the type line, only an opener that never begins a title ("Hôm nay, ngày …").
    after_type = h.type_index is not None and (i > h.type_index + 1 or opens_body_only(text))
    return bool(
        KINH_GUI.match(text)
        or len(text) > _LONG_LINE
        or (opener and (h.type_index is None or after_type) and not place_date(text))
        or (i > 0 and SECTION.match(text) and after_type)
        or ((h.vv_index is not None or after_type or i == h.end == 0) and _lead_in(text))
    )


def _lead_in(text: str) -> bool:
    """A sentence that introduces the body ("UBND tỉnh có ý kiến như sau:"), not a header line."""
    return (
        text.endswith(":")
        and len(text.split()) >= 3
        and not is_upper_text(text)
        and not VV.match(text)
        and not NUMBER.search(text)
    )


def _read_number(h: Header, i: int, p: Paragraph) -> re.Match[str] | None:
    """ "Số: 71/TB-VP" (null when unnumbered, "Số: /TB-UBND"); a "V/v …" after it on the same line."""
    text = p.text
    m = NUMBER.search(text)
    if not m or h.number.value is not None or "số" in fold(text[: m.start()])[-8:]:
        return m
    num = (m.group("num") or "").strip()
    code = re.sub(r"\s+", "", m.group("code"))
    h.number = make_field(f"{num}{code}" if num else None, "number.so", p, m.start(), m.end())
    if not num:
        evidence = Evidence(
            "number.unnumbered", p.start + m.start(), p.start + m.end(), text[m.start() : m.end()]
        )
        h.number = Field(None, evidence)
    rest = text[m.end() :].strip(" |")
    vv = VV.search(rest)
    if vv and h.vv_index is None:
        after = rest[vv.end() :]
        h.title = make_field(after.strip(), "title.vv", p, text.index(after) if after else 0)
        h.vv_index = i
    return m


def _find_place_date(
    doc: NormalizedDocument, i: int, p: Paragraph, wanted: bool
) -> tuple[re.Match[str] | None, Paragraph]:
    """The place and date on line ``i``, or on it and the next short line that a narrow header
    column wrapped ("Châu Thành, ngày 12 tháng 2 năm" / "2018"): the match and the paragraph it is in."""
    pd = place_date(p.text)
    paras = doc.paragraphs
    if pd is None and wanted and i + 1 < len(paras) and PLACE_DATE_HINT.search(p.text):
        nxt = paras[i + 1]
        if len(nxt.text) <= 20:
            joined = Paragraph(p.index, p.start, nxt.end, doc.text[p.start : nxt.end], p.page)
            wrapped = place_date(joined.text)
            if wrapped:
                return wrapped, joined
    return pd, p


def _read_place_date(
    h: Header, pd: re.Match[str], pd_para: Paragraph, p: Paragraph, m: re.Match[str] | None
) -> None:
    """The place, and the issue date unless its day is blank ("ngày   tháng 4 năm 2026")."""
    place_text = motto_free(pd.group("place"))
    if m and m.end() <= pd.end("place"):
        place_text = pd_para.text[m.end() : pd.end()].split(",")[0].strip(" |")
        place_text = re.sub(r"^\S*\s*", "", place_text) if place_text.startswith("/") else place_text
    h.place = make_field(place_text, "place.line", pd_para, pd.start("place"), pd.end("place"))
    if not pd.group("d") or pd.group("junk"):
        return
    date = make_date(int(pd.group("d")), int(pd.group("m")), int(pd.group("y")))
    if date:
        rule = "issued_date.place_line" if pd_para is p else "issued_date.place_line_wrapped"
        h.issued = make_field(date.isoformat(), rule, pd_para, pd.start("d"), pd.end())
    else:
        bad = f"{pd.group('d')}/{pd.group('m')}/{pd.group('y')}"
        h.warnings.append(f"Ngày ban hành không hợp lệ ({bad}): để trống.")


def _read_line_kind(
    h: Header, i: int, p: Paragraph, m: re.Match[str] | None, pd: re.Match[str] | None
) -> None:
    """The type line, a "V/v …" line, or (before either) an upper-case issuer line."""
    text = p.text
    dated = _TYPE_DATED.match(text)
    dt_name = doc_type_of(dated.group("type") if dated else text)
    if dt_name and h.type_index is None and (is_upper_text(text) or text == text.strip()):
        h.doc_type = make_field(dt_name, "doc_type.type_line", p)
        h.type_index = i
        if dated and h.issued.value is None:  # "Thông báo khẩn ngày 18/10/2020", no place-and-date line
            date = make_date(int(dated["d"]), int(dated["m"]), int(dated["y"]))
            if date:
                start, end = dated.span("date")
                h.issued = make_field(date.isoformat(), "issued_date.type_line", p, start, end)
        return
    vv = VV.match(text)
    if vv and h.vv_index is None and h.type_index is None:
        h.title = make_field(VV.sub("", text), "title.vv", p, vv.end())
        h.vv_index = i
        return
    if h.type_index is None and h.vv_index is None and not m and not pd and not SEPARATOR.match(text):
        cleaned = motto_free(upper_run(text))
        if (
            cleaned
            and is_upper_text(cleaned)
            and len(cleaned) < 90
            and not motto_tail(cleaned)
            and not web_heading(cleaned)
        ):
            h.issuer_lines.append((p, cleaned))


def extend_vv_title(h: Header, paras: list[Paragraph]) -> None:
    """A "V/v …" trích yếu wrapped in the narrow header column goes on over the next lines."""
    title = h.title
    if h.vv_index is None or not title.value or not title.evidence or title.evidence.rule != "title.vv":
        return
    j = h.vv_index + 1
    extra: list[Paragraph] = []
    place_start = h.place.evidence.start if h.place.evidence else None
    while j < min(len(paras), h.end + 1) and len(extra) < 6:
        q = paras[j]
        if _ends_vv_title(q.text) or (place_start is not None and q.start <= place_start < q.end):
            break
        extra.append(q)
        j += 1
    if extra:
        text = " ".join([title.value, *(p.text for p in extra)])
        h.title = Field(text, Evidence("title.vv_wrapped", title.evidence.start, extra[-1].end, text))


def _ends_vv_title(t: str) -> bool:
    return bool(
        len(t) > 160
        or NUMBER.search(t)
        or place_date(t)
        or KINH_GUI.match(t)
        or SEPARATOR.match(t)
        or doc_type_of(t)
        or motto_free(t) != " ".join(t.split())
        or is_upper_text(t)
        or opens_body(t)
    )


def title_after_type(h: Header, paras: list[Paragraph]) -> None:
    """The trích yếu after the type line: the following short paragraphs up to the body; the body
    starts after the header, the title or the V/v line."""
    h.body_start = h.end
    if h.type_index is None:
        if h.vv_index is not None:
            h.body_start = max(h.body_start, h.vv_index + 1)
        return
    parts: list[Paragraph] = []
    j = h.type_index + 1
    while j < len(paras) and len(parts) < 4:
        t = paras[j].text
        dated_line = t.startswith("(") and bool(DATE_WORDS.search(t)) and len(t) < 60
        if (
            KINH_GUI.match(t)
            or SECTION.match(t)
            or (parts and not dated_line and (opens_body(t) or len(t) > 300 or has_sentences(t)))
            or (parts and not dated_line and is_upper_text(parts[-1].text) and not is_upper_text(t))
        ):
            break
        if not parts and opens_body(t) and (has_sentences(t) or opens_body_only(t)):
            break  # "Căn cứ …; Báo cáo số …", "Hôm nay, ngày …": the body follows the type line at once
        if not parts and (NUMBER.search(t) or place_date(t)):
            j += 1
            continue
        parts.append(paras[j])
        j += 1
        if t.endswith((".", ":")) and not t.startswith("("):
            break
    if parts:
        text = " ".join(p.text for p in parts)
        h.title = Field(text, Evidence("title.after_type_line", parts[0].start, parts[-1].end, text))
    h.body_start = max(h.body_start, j)


def parenthesised_number(h: Header, paras: list[Paragraph]) -> None:
    """Web pages without a header: "Về việc … (3585/VP-KTN, ngày 23/10/2017)." near the top, or the
    source cited anywhere: "(Theo Công văn số: 2788/UBND-KT, ngày 18/6/2024)"."""
    if h.number.value is not None or h.number.evidence is not None:
        return
    for p in paras[:6]:
        m = NUMBER_PAREN.search(p.text)
        if m:
            _number_in_brackets(h, p, m)
            if h.title.value is None or (h.title.value and m.group() in h.title.value):
                t = VV.sub("", p.text[: m.start()]).strip(" .")
                h.title = make_field(t, "title.before_number", p, 0, m.start())
            h.body_start = max(h.body_start, p.index + 1)
            return
    for p in paras:
        m = source_citation(p.text) if p.text.startswith("(") else None
        if m:
            _number_in_brackets(h, p, m)
            return
    if h.place.value is None and h.issued.value is None:
        _number_in_report(h, paras)


def _number_in_report(h: Header, paras: list[Paragraph]) -> None:
    """A news report of the document, with no header of its own: "Ngày 08/01, UBND tỉnh ban hành Công
    văn số 23/UBND-TN, …" near the top gives the number and the type (the date lacks its year)."""
    for p in paras[:6]:
        m = _ISSUED_IN_REPORT.search(p.text)
        if m is None:
            continue
        h.number = make_field(m.group("num"), "number.issued_in_text", p, m.start("num"), m.end("num"))
        names = {fold_words(name): name for name in langdata.string_map("document", "doc_types")}
        kind = names.get(fold_words(m.group("kind")))
        if h.doc_type.value is None and kind:
            h.doc_type = make_field(kind, "doc_type.issued_in_text", p, m.start("kind"), m.end("kind"))
        return


_ISSUED_IN_REPORT = re.compile(
    r"\bban hành\s+(?P<kind>công văn|kế hoạch|thông báo|chỉ thị|quyết định|công điện|chương trình)\s+"
    r"số\s*:?\s*(?P<num>\d+[a-z]?/[^\s,;]+)",
    re.IGNORECASE,
)


def _number_in_brackets(h: Header, p: Paragraph, m: re.Match[str]) -> None:
    """The number ("num", "code") and the issue date ("date") of a bracketed reference."""
    h.number = make_field(m.group("num") + m.group("code"), "number.parenthesised", p, m.start(), m.end())
    if m.group("date") and h.issued.value is None:
        dm = DATE_WORDS.search(m.group("date"))
        date = make_date(int(dm["d"]), int(dm["m"]), int(dm["y"])) if dm else None
        if date:
            rule = "issued_date.parenthesised"
            h.issued = make_field(date.isoformat(), rule, p, m.start("date"), m.end("date"))
