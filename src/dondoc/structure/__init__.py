"""Structure (NĐ 30/2020): header, title, addressees, the body's section tree, closing and signer."""

from __future__ import annotations

import re

from dondoc import langdata
from dondoc.model import DocumentStructure, Evidence, Field, NormalizedDocument, Paragraph
from dondoc.structure.closing import read_addressees, read_closing
from dondoc.structure.header import extend_vv_title, parenthesised_number, read_header, title_after_type
from dondoc.structure.names import issuer_name, recase
from dondoc.structure.sections import build_tree

__all__ = ["parse_structure", "recase"]


def parse_structure(doc: NormalizedDocument) -> DocumentStructure:
    """The stage, step by step: the header (issuer, number, place and date, type line, V/v), the
    title, a number in brackets, the addressees, the closing and signer, the type by default, the
    issuer's name, the body tree; then what the header does not state (inference)."""
    paras = doc.paragraphs
    header = read_header(doc)
    extend_vv_title(header, paras)
    title_after_type(header, paras)
    parenthesised_number(header, paras)
    addressees, body_start = read_addressees(paras, header.body_start)
    closing = read_closing(paras, body_start)
    doc_type = header.doc_type
    if doc_type.value is None:
        letter = header.vv_index is not None or bool(addressees) or bool(header.number.value)
        doc_type = _type_from_number(header.number, letter)
    structure = DocumentStructure(
        doc_type=doc_type,
        number=header.number,
        issuer=_issuer_field(header.issuer_lines),
        place=header.place,
        issued_date=header.issued,
        meeting_date=Field(None),
        title=header.title,
        signer=closing.signer,
        authority=closing.authority,
        addressees=addressees,
        body=build_tree(paras[body_start : closing.body_end]),
        body_start=body_start,
        body_end=closing.body_end,
        recipients=closing.recipients,
        warnings=header.warnings,
    )
    from dondoc.structure.inference import complete

    complete(structure, doc)
    return structure


def _type_from_number(number: Field, letter: bool) -> Field:
    """Document type when no type line: from the code of the số ký hiệu ("71/TB-VP"), else a letter
    (công văn) when it has a V/v, addressees or a number."""
    code = (number.evidence.text if number.evidence else "") or ""
    for name, abbr in langdata.string_map("document", "doc_types").items():
        if re.search(rf"/{re.escape(abbr)}(?:[-.]|$)", code):
            start = number.evidence.start if number.evidence else None
            end = number.evidence.end if number.evidence else None
            return Field(name, Evidence("doc_type.number_code", start, end, code))
    return Field("Công văn", Evidence("doc_type.letter_default")) if letter else Field(None)


def _issuer_field(issuer_lines: list[tuple[Paragraph, str]]) -> Field:
    issuer = issuer_name([t for _, t in issuer_lines])
    if not issuer:
        return Field(None)
    text = " / ".join(t for _, t in issuer_lines)
    return Field(issuer, Evidence("issuer.header", issuer_lines[0][0].start, issuer_lines[-1][0].end, text))
