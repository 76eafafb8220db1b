"""Structure (NĐ 30/2020): header, title, addressees, the body's section tree, closing and signer."""

from __future__ import annotations

import re
from functools import cache

from dondoc import langdata
from dondoc.dates import DATE_WORDS, make_date
from dondoc.model import DocumentStructure, Evidence, Field, NormalizedDocument, Paragraph
from dondoc.structure.names import issuer_name, recase
from dondoc.structure.sections import build_tree
from dondoc.textutil import VI_LOWER, VI_UPPER, fold, fold_words, is_upper_text

__all__ = ["parse_structure"]

_NUMBER = re.compile(r"\bs[oố6ô]\s*[:.]\s*(?P<num>[0-9][0-9a-z.]*)?\s*(?P<code>/\s*[^\s|,]+)", re.IGNORECASE)
_NUMBER_PAREN = re.compile(
    r"\((?P<num>\d+[a-z]?)(?P<code>/[^\s,)]+)(?:,\s*(?:ngày\s*)?(?P<date>[\d/.\-]+))?\)"
)
_PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^,|]{1,40}?)\s*,\s*ng[aà]y\s*(?P<d>\d{0,2})(?P<junk>[^\s\d]?)\s*(?:th[aá]ng)\s*(?P<m>\d{1,2})\s*"
    r"(?:n[aă]m)\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
# What every place/date line holds, found fast (the comma is a literal): most lines go no further.
_PLACE_DATE_HINT = re.compile(r",\s*ng[aà]y", re.IGNORECASE)


def _place_date(text: str) -> re.Match[str] | None:
    return _PLACE_DATE.search(text) if _PLACE_DATE_HINT.search(text) else None


_BLANK_DAY = re.compile(r"ng[aà]y\s+th[aá]ng", re.IGNORECASE)
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*:?\s*", re.IGNORECASE)
_KINH_GUI = re.compile(r"^k[ií]nh\s*g[uử]i\s*:?\s*", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^n[oơ][il]\s*nh[aậeé]n\s*:?", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.\s*\S", re.IGNORECASE)
_SECTION = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s+\S")
_SEPARATOR = re.compile(r"^[-_=*.·\s]{2,}$")
_NAME = re.compile(rf"^(?:[{VI_UPPER}][{VI_LOWER}]*\.?\s+){{1,5}}[{VI_UPPER}][{VI_LOWER}]*$")


def _field(
    value: str | None, rule: str, p: Paragraph | None = None, start: int = 0, end: int | None = None
) -> Field:
    if value is None or p is None:
        return Field(value, Evidence(rule) if value is not None else None)
    s = p.start + start
    e = p.start + (end if end is not None else len(p.text))
    return Field(value, Evidence(rule, s, e, p.text[start : end if end is not None else len(p.text)]))


def _motto_free(text: str) -> str:
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


def _motto_tail(text: str) -> bool:
    """A header line that is only the end of a wrapped motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM")."""
    return fold_words(text) in _motto_tails()


_SENTENCE_BREAK = re.compile(rf"[.;!?]\s+[{VI_UPPER}]")


def _has_sentences(text: str) -> bool:
    """A paragraph of sentences ("… tổ chức họp. Sau khi nghe …"): body text, not a title line."""
    return len(text) > 100 and bool(_SENTENCE_BREAK.search(text))


def _upper_run(text: str) -> str:
    """The leading upper-case words of a header line: the issuer column ("VĂN PHÒNG Độc lập…")."""
    words = text.split()
    out = []
    for w in words:
        letters = [c for c in w if c.isalpha()]
        if letters and not all(c.isupper() for c in letters):
            break
        out.append(w)
    return " ".join(out) if len(out) >= 1 else text


def _doc_type_of(text: str) -> str | None:
    if len(text) > 40:
        return None
    return _folded_types().get(fold_words(text))


@cache
def _folded_types() -> dict[str, str]:
    return {fold_words(name): name for name in langdata.string_map("document", "doc_types")}


@cache
def _openers_rx() -> re.Pattern[str]:
    words = [fold_words(o) for o in langdata.string_list("document", "body_openers")]
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + ") ")


def _opens_body(text: str) -> bool:
    return bool(_openers_rx().match(fold_words(text[:40])))


def parse_structure(doc: NormalizedDocument) -> DocumentStructure:
    paras = doc.paragraphs
    n = len(paras)
    types = langdata.string_map("document", "doc_types")

    number = Field(None)
    place = Field(None)
    issued = Field(None)
    doc_type = Field(None)
    title = Field(None)
    issuer_lines: list[tuple[Paragraph, str]] = []
    addressees: list[Field] = []
    warnings: list[str] = []
    type_index: int | None = None
    vv_index: int | None = None
    header_end = 0
    limit = min(n, 25)

    wrapped_date = -1  # the paragraph holding the end of a wrapped place-and-date line
    for i in range(limit):
        p = paras[i]
        text = p.text
        if i == wrapped_date:
            header_end = i + 1
            continue
        opener = _opens_body(text) and not _VV.match(text)
        if (
            _KINH_GUI.match(text)
            or len(text) > 250
            or (opener and (type_index is None or i > type_index + 1) and not _place_date(text))
            or (i > 0 and _SECTION.match(text) and type_index is not None and i > type_index + 1)
        ):
            break
        header_end = i + 1
        m = _NUMBER.search(text)
        if m and number.value is None and "số" not in fold(text[: m.start()])[-8:]:
            num = (m.group("num") or "").strip()
            code = re.sub(r"\s+", "", m.group("code"))
            number = _field(f"{num}{code}" if num else None, "number.so", p, m.start(), m.end())
            if not num:
                number = Field(
                    None,
                    Evidence(
                        "number.unnumbered", p.start + m.start(), p.start + m.end(), text[m.start() : m.end()]
                    ),
                )
            rest = text[m.end() :].strip(" |")
            vv = _VV.search(rest)
            if vv and vv_index is None:
                title = _field(
                    rest[vv.end() :].strip(),
                    "title.vv",
                    p,
                    text.index(rest[vv.end() :]) if rest[vv.end() :] else 0,
                )
                vv_index = i
        pd = _place_date(text)
        pd_para = p
        if pd is None and place.value is None and i + 1 < n and _PLACE_DATE_HINT.search(text):
            # "Châu Thành, ngày 12 tháng 2 năm" / "2018": the narrow header column wrapped the line.
            nxt = paras[i + 1]
            if len(nxt.text) <= 20:
                pd_para = Paragraph(p.index, p.start, nxt.end, doc.text[p.start : nxt.end], p.page)
                pd = _place_date(pd_para.text)
                wrapped_date = i + 1 if pd else -1
        if pd and place.value is None:
            place_text = _motto_free(pd.group("place"))
            if m and m.end() <= pd.end("place"):
                place_text = pd_para.text[m.end() : pd.end()].split(",")[0].strip(" |")
                place_text = re.sub(r"^\S*\s*", "", place_text) if place_text.startswith("/") else place_text
            place = _field(place_text, "place.line", pd_para, pd.start("place"), pd.end("place"))
            if pd.group("d") and not pd.group("junk"):
                date = make_date(int(pd.group("d")), int(pd.group("m")), int(pd.group("y")))
                if date:
                    rule = "issued_date.place_line" if pd_para is p else "issued_date.place_line_wrapped"
                    issued = _field(date.isoformat(), rule, pd_para, pd.start("d"), pd.end())
                else:
                    bad = f"{pd.group('d')}/{pd.group('m')}/{pd.group('y')}"
                    warnings.append(f"Ngày ban hành không hợp lệ ({bad}): để trống.")
        dt_name = _doc_type_of(text)
        if dt_name and type_index is None and (is_upper_text(text) or text == text.strip()):
            doc_type = _field(dt_name, "doc_type.type_line", p)
            type_index = i
            continue
        if _VV.match(text) and vv_index is None and type_index is None:
            title = _field(_VV.sub("", text), "title.vv", p, _VV.match(text).end())  # type: ignore[union-attr]
            vv_index = i
            continue
        if type_index is None and vv_index is None and not m and not pd and not _SEPARATOR.match(text):
            cleaned = _motto_free(_upper_run(text))
            if cleaned and is_upper_text(cleaned) and len(cleaned) < 90 and not _motto_tail(cleaned):
                issuer_lines.append((p, cleaned))

    # A "V/v …" trích yếu wrapped in the narrow header column goes on over the next lines.
    if vv_index is not None and title.value and title.evidence and title.evidence.rule == "title.vv":
        j = vv_index + 1
        extra: list[Paragraph] = []
        while j < min(n, header_end + 1) and len(extra) < 6:
            t = paras[j].text
            place_start = place.evidence.start if place.evidence else None
            if (
                len(t) > 160
                or _NUMBER.search(t)
                or _place_date(t)
                or (place_start is not None and paras[j].start <= place_start < paras[j].end)
                or _KINH_GUI.match(t)
                or _SEPARATOR.match(t)
                or _doc_type_of(t)
                or _motto_free(t) != " ".join(t.split())
                or is_upper_text(t)
                or _opens_body(t)
            ):
                break
            extra.append(paras[j])
            j += 1
        if extra:
            text = " ".join([title.value, *(p.text for p in extra)])
            start = title.evidence.start
            title = Field(text, Evidence("title.vv_wrapped", start, extra[-1].end, text))

    # Title after the type line: the following short paragraphs up to the body.
    body_start = header_end
    if type_index is not None:
        parts: list[Paragraph] = []
        j = type_index + 1
        while j < n and len(parts) < 4:
            t = paras[j].text
            dated_line = t.startswith("(") and bool(DATE_WORDS.search(t)) and len(t) < 60
            if (
                _KINH_GUI.match(t)
                or _SECTION.match(t)
                or (parts and not dated_line and (_opens_body(t) or len(t) > 300 or _has_sentences(t)))
            ):
                break
            if not parts and (_NUMBER.search(t) or _place_date(t)):
                j += 1
                continue
            parts.append(paras[j])
            j += 1
            if t.endswith((".", ":")) and not t.startswith("("):
                break
        if parts:
            text = " ".join(p.text for p in parts)
            title = Field(text, Evidence("title.after_type_line", parts[0].start, parts[-1].end, text))
        body_start = max(body_start, j)
    elif vv_index is not None:
        body_start = max(body_start, vv_index + 1)

    # Web pages without a header: "Về việc … (3585/VP-KTN, ngày 23/10/2017)."
    if number.value is None and number.evidence is None:
        for p in paras[: min(n, 6)]:
            m2 = _NUMBER_PAREN.search(p.text)
            if m2:
                number = _field(
                    m2.group("num") + m2.group("code"), "number.parenthesised", p, m2.start(), m2.end()
                )
                if m2.group("date") and issued.value is None:
                    dm = DATE_WORDS.search(m2.group("date"))
                    date = make_date(int(dm["d"]), int(dm["m"]), int(dm["y"])) if dm else None
                    if date:
                        issued = _field(
                            date.isoformat(), "issued_date.parenthesised", p, m2.start("date"), m2.end("date")
                        )
                if title.value is None or (title.value and m2.group() in title.value):
                    t = _VV.sub("", p.text[: m2.start()]).strip(" .")
                    title = _field(t, "title.before_number", p, 0, m2.start())
                body_start = max(body_start, p.index + 1)
                break

    # Kính gửi: the addressees, on the same line or as a list below.
    i = body_start
    while i < n and i < body_start + 3:
        kg = _KINH_GUI.match(paras[i].text)
        if kg:
            rest = paras[i].text[kg.end() :].strip()
            if rest:
                # "Kính gửi: Các sở, ban, ngành tỉnh; UBND các huyện, thành phố." — one per entry.
                pos = kg.end()
                for piece in rest.split(";"):
                    at = paras[i].text.index(piece, pos)
                    pos = at + len(piece)
                    if piece.strip(" .;-"):
                        lead_ws = len(piece) - len(piece.lstrip(" -"))
                        clean = piece.strip(" .;-")
                        addressees.append(
                            _field(
                                clean, "addressee.inline", paras[i], at + lead_ws, at + lead_ws + len(clean)
                            )
                        )
            j = i + 1
            while j < n and paras[j].text.startswith(("-", "+", "•")) and len(paras[j].text) < 300:
                addressees.append(_field(paras[j].text.strip(" .;-+•"), "addressee.list", paras[j]))
                j += 1
            body_start = j
            break
        i += 1

    # Closing: "Nơi nhận", the authority line, the signer.
    body_end = n
    authority = Field(None)
    signer = Field(None)
    recipients: list[str] = []
    for k in range(body_start, n):
        t = paras[k].text
        if _NOI_NHAN.match(t) or _AUTHORITY.match(t):
            body_end = k
            break
    for k in range(body_end, n):
        t = paras[k].text
        am = re.search(r"(?:^|\s)((?:TM|KT|TL|TUQ)\s*\.\s*\S.*)$", t)
        if am and authority.value is None:
            authority = _field(am.group(1).strip(), "authority.line", paras[k], am.start(1))
        if t.startswith("-") and not _NOI_NHAN.match(t):
            recipients.append(t.strip(" -;."))
    for k in range(n - 1, body_end - 1, -1):
        t = paras[k].text.strip()
        if _NAME.match(t) and not is_upper_text(t) and len(t.split()) >= 2:
            signer = _field(t, "signer.last_name_line", paras[k])
            break

    # Document type when no type line: from the số ký hiệu, else a letter (công văn).
    if doc_type.value is None:
        code = (number.evidence.text if number.evidence else "") or ""
        for name, abbr in types.items():
            if re.search(rf"/{re.escape(abbr)}(?:[-.]|$)", code):
                doc_type = Field(
                    name,
                    Evidence(
                        "doc_type.number_code",
                        number.evidence.start if number.evidence else None,
                        number.evidence.end if number.evidence else None,
                        code,
                    ),
                )
                break
        else:
            if vv_index is not None or addressees or number.value:
                doc_type = Field("Công văn", Evidence("doc_type.letter_default"))

    issuer = issuer_name([t for _, t in issuer_lines])
    issuer_field = (
        Field(
            issuer,
            Evidence(
                "issuer.header",
                issuer_lines[0][0].start,
                issuer_lines[-1][0].end,
                " / ".join(t for _, t in issuer_lines),
            ),
        )
        if issuer
        else Field(None)
    )

    body_paras = paras[body_start:body_end]
    structure = DocumentStructure(
        doc_type=doc_type,
        number=number,
        issuer=issuer_field,
        place=place,
        issued_date=issued,
        meeting_date=Field(None),
        title=title,
        signer=signer,
        authority=authority,
        addressees=addressees,
        body=build_tree(body_paras),
        body_start=body_start,
        body_end=body_end,
        recipients=recipients,
        warnings=warnings,
    )
    from dondoc.structure.inference import complete

    complete(structure, doc)
    return structure


__all__ += ["recase"]
