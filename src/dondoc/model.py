"""Data passed between the pipeline stages: ingest → normalize → structure → extract.

Offsets (``start``/``end``) always point into ``NormalizedDocument.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Layout(StrEnum):
    """How the lines of a raw document relate to paragraphs."""

    PARAGRAPHS = "paragraphs"  # one line per paragraph (docx, well-formed text)
    WRAPPED = "wrapped"  # visual lines: paragraphs are hard-wrapped (PDF text layer)
    UNKNOWN = "unknown"  # plain text: decided by the normalizer


#: A table cell's place: (table number in the document, row, column), all from 0.
Cell = tuple[int, int, int]


@dataclass(slots=True)
class RawLine:
    """One line (or paragraph) as a format parser read it."""

    text: str
    page: int = 0
    in_table: bool = False
    #: True when the parser knows this line starts a new paragraph (docx paragraph, PDF block).
    starts_paragraph: bool = False
    #: The table cell the line sits in, when the parser knows the table's rows and columns.
    cell: Cell | None = None


@dataclass(slots=True)
class RawDocument:
    """What a format parser returns: text lines in reading order, plus facts about the source."""

    lines: list[RawLine]
    media_type: str
    layout: Layout = Layout.UNKNOWN
    parser: str = ""
    warnings: list[str] = field(default_factory=list)
    #: Table cells merged with the cell above (Word's vertical merge): they hold the value above.
    merged_cells: frozenset[Cell] = frozenset()
    #: Page images (PNG) of the pages read by OCR, by page index: shown beside the text for review.
    page_images: dict[int, bytes] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a field has its value: the source span in the normalized text and the rule id."""

    rule: str
    start: int | None = None
    end: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the normalized text."""

    index: int
    start: int
    end: int
    text: str
    page: int = 0
    in_table: bool = False
    cell: Cell | None = None


@dataclass(slots=True)
class NormalizedDocument:
    """The reference text of a document: NFC, reflowed, without page furniture or web noise.

    Paragraphs are separated by a single newline; every evidence offset points into ``text``.
    """

    text: str
    paragraphs: list[Paragraph]
    removed: list[str] = field(default_factory=list)  # what the normalizer dropped, with its reason
    merged_cells: frozenset[Cell] = frozenset()  # table cells merged with the cell above

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


@dataclass(slots=True)
class Field:
    """A metadata value with its evidence."""

    value: str | None
    evidence: Evidence | None = None


@dataclass(slots=True)
class Section:
    """A node of the body's section tree (``I.``, ``1.``, ``1.1.``, ``a)``, ``-``, ``+``)."""

    marker: str  # the marker as written: "2.1.", "a)", "-", "+", "" for an unmarked paragraph
    kind: str  # roman | decimal | letter | dash | plus | none
    number: str | None  # the section number ("2.1", "a"), None for bullets and plain paragraphs
    paragraph: Paragraph
    heading_text: str  # the paragraph text without its marker
    level: int
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    def walk(self) -> list[Section]:
        out: list[Section] = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(slots=True)
class DocumentStructure:
    """The NĐ 30/2020 parts of a document."""

    doc_type: Field
    number: Field
    issuer: Field
    place: Field
    issued_date: Field
    meeting_date: Field
    title: Field
    signer: Field
    authority: Field
    addressees: list[Field]
    body: list[Section]  # top-level sections, in order
    body_start: int  # paragraph index of the first body paragraph
    body_end: int  # paragraph index after the last body paragraph
    recipients: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # Vietnamese, for the user


@dataclass(slots=True)
class Unit:
    """A unit (agency, office, commune, group of units) named in a task."""

    name: str
    mention: str
    evidence: Evidence
    kind: str = ""  # the unit-type noun: sở, phòng, ubnd, bộ, … or "group"
    is_group: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention,
            "kind": self.kind,
            "is_group": self.is_group,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(slots=True)
class Deadline:
    """A due date stated by a task, or a deadline phrase with no absolute date."""

    text: str
    date: str | None  # ISO date, None for relative or vague phrases
    period: str  # day | month | quarter | year | relative | meeting | invalid (not a real date)
    evidence: Evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "period": self.period,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(slots=True)
class Task:
    content: str
    section: str | None
    lead: list[Unit]
    support: list[Unit]
    deadlines: list[Deadline]
    evidence: Evidence  # the paragraph span, and the rule that made it a task
    lead_rule: str = ""
    recurring: bool = False

    def to_dict(self) -> dict[str, Any]:
        dates = sorted({d.date for d in self.deadlines if d.date})
        texts = [d.text for d in self.deadlines]
        return {
            "content": self.content,
            "section": self.section,
            "lead": [u.to_dict() for u in self.lead],
            "support": [u.to_dict() for u in self.support],
            "deadlines": dates,
            "deadline_text": "; ".join(texts) if texts else None,
            "deadline_details": [d.to_dict() for d in self.deadlines],
            "recurring": self.recurring,
            "lead_rule": self.lead_rule,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(slots=True)
class ExtractionResult:
    source: str
    media_type: str
    normalized: NormalizedDocument
    structure: DocumentStructure
    tasks: list[Task] | None  # None for documents whose tasks are not extracted (Báo cáo)
    warnings: list[str] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The JSON object of ``spec/extraction.md`` (extra fields carry the evidence)."""
        s = self.structure
        meta_fields = {
            "doc_type": s.doc_type,
            "number": s.number,
            "issuer": s.issuer,
            "issued_date": s.issued_date,
            "meeting_date": s.meeting_date,
            "title": s.title,
            "signer": s.signer,
        }
        document: dict[str, Any] = {k: f.value for k, f in meta_fields.items()}
        document["place"] = s.place.value
        document["authority"] = s.authority.value
        document["addressees"] = [a.value for a in s.addressees]
        document["evidence"] = {
            k: f.evidence.to_dict() for k, f in meta_fields.items() if f.evidence is not None
        }
        return {
            "source": self.source,
            "media_type": self.media_type,
            "document": document,
            "tasks": None if self.tasks is None else [t.to_dict() for t in self.tasks],
            "warnings": self.warnings,
        }
