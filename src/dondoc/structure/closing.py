"""Around the body: the Kính gửi addressees before it; Nơi nhận, the authority and the signer after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from dondoc.model import Field, Paragraph
from dondoc.structure.lines import (
    AUTHORITY,
    AUTHORITY_IN_LINE,
    KINH_GUI,
    NAME,
    NOI_NHAN,
    make_field,
    signature_head,
    signer_title,
)
from dondoc.structure.names import starts_unit_name
from dondoc.textutil import is_upper_text


def read_addressees(paras: list[Paragraph], body_start: int) -> tuple[list[Field], int]:
    """Kính gửi (within three paragraphs of the body start): the addressees, on the same line or as
    a list below; and the new body start."""
    for i in range(body_start, min(len(paras), body_start + 3)):
        kg = KINH_GUI.match(paras[i].text)
        if not kg:
            continue
        addressees = _inline_addressees(paras[i], kg.end())
        j = i + 1
        while j < len(paras) and paras[j].text.startswith(("-", "+", "•")) and len(paras[j].text) < 300:
            addressees.append(make_field(paras[j].text.strip(" .;-+•"), "addressee.list", paras[j]))
            j += 1
        return addressees, j
    return [], body_start


def _inline_addressees(p: Paragraph, pos: int) -> list[Field]:
    """ "Kính gửi: Các sở, ban, ngành tỉnh; UBND các huyện, thành phố." — one per entry."""
    out: list[Field] = []
    rest = p.text[pos:].strip()
    if not rest:
        return out
    for piece in rest.split(";"):
        at = p.text.index(piece, pos)
        pos = at + len(piece)
        if piece.strip(" .;-"):
            lead_ws = len(piece) - len(piece.lstrip(" -"))
            clean = piece.strip(" .;-")
            out.append(make_field(clean, "addressee.inline", p, at + lead_ws, at + lead_ws + len(clean)))
    return out


@dataclass
class Closing:
    """Where the body ends; what follows it."""

    body_end: int
    authority: Field = field(default_factory=lambda: Field(None))
    signer: Field = field(default_factory=lambda: Field(None))
    recipients: list[str] = field(default_factory=list)


def read_closing(paras: list[Paragraph], body_start: int) -> Closing:
    """The body ends at Nơi nhận, the authority line or a party's signature heading ("Đại diện");
    the recipients and authority follow; then the signer."""
    n = len(paras)
    closing = Closing(n)
    for k in range(body_start, n):
        t = paras[k].text
        if NOI_NHAN.match(t) or AUTHORITY.match(t) or signature_head(t):
            closing.body_end = k
            break
    for k in range(closing.body_end, n):
        t = paras[k].text
        am = AUTHORITY_IN_LINE.search(t)
        if am and closing.authority.value is None:
            closing.authority = make_field(am.group(1).strip(), "authority.line", paras[k], am.start(1))
        if t.startswith("-") and not NOI_NHAN.match(t):
            closing.recipients.append(t.strip(" -;."))
    at = _signer_line(paras, closing.body_end)
    if at is not None:
        closing.signer = make_field(paras[at].text.strip(), "signer.last_name_line", paras[at])
    return closing


_SIGNATURE_SPAN = 6  # a signature block: the authority and title lines, then the name


def _signer_line(paras: list[Paragraph], body_end: int) -> int | None:
    """The signer: the name that follows the first authority, title or party heading after the
    body ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name), not a name in an appendix further on; else the
    last name line."""
    for k in range(body_end, len(paras)):
        if _signature_anchor(paras[k].text):
            for j in range(k + 1, min(len(paras), k + 1 + _SIGNATURE_SPAN)):
                if _person_name(paras[j].text):
                    return j
            break
    for k in range(len(paras) - 1, body_end - 1, -1):
        if _person_name(paras[k].text):
            return k
    return None


def _signature_anchor(text: str) -> bool:
    t = text.strip()
    return bool(AUTHORITY_IN_LINE.search(t)) or signer_title(t) or signature_head(t)


def _person_name(text: str) -> bool:
    """A line that is only a person's name ("Nguyễn Thị Mai Anh"), not a body's ("Sở Công Thương")."""
    t = text.strip()
    return bool(NAME.match(t)) and not is_upper_text(t) and len(t.split()) >= 2 and not starts_unit_name(t)
