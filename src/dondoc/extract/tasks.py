"""Task segmentation and lead/support assignment, following ``spec/extraction.md``.

Every decision is recorded: a task's ``evidence.rule`` says why the paragraph is a task, its
``lead_rule`` where the lead came from (the item itself, the enclosing heading, an intro
sentence, the single addressee), and every unit and deadline carries its span and rule.

The stage, in order: the single addressee (``addressee``), the task tables (``tables``), the walk over
the body's section tree (``walk``, which asks ``classify`` what each paragraph is and ``roles`` who
does the work a sentence gives), the notes that date several items, the appendix after the signature,
and the table rows. ``context`` holds what they share.
"""

from __future__ import annotations

import re

from dondoc.extract.addressee import _single_addressee
from dondoc.extract.context import Context, _add_task, _date, _to_units, _units_in, _warn_invalid
from dondoc.extract.cues import cues
from dondoc.extract.deadlines import find_deadlines, is_recurring
from dondoc.extract.members import MemberLists
from dondoc.extract.restore import analysis_text
from dondoc.extract.tables import TaskTable, find_task_tables, person_spans, person_units, row_values
from dondoc.extract.walk import Scope, _date_items_from_note, _walk
from dondoc.model import Deadline, DocumentStructure, NormalizedDocument, Section, Task, Unit
from dondoc.structure.sections import build_tree


def extract_tasks(
    doc: NormalizedDocument, structure: DocumentStructure, deadline: float | None = None
) -> list[Task] | None:
    """The tasks of a document (None for a Báo cáo). ``deadline`` (``time.monotonic()``) ends the walk
    with ``TooComplexError`` when passed."""
    if structure.doc_type.value == "Báo cáo":
        return None
    text = analysis_text(doc)
    ctx = Context(
        doc=doc,
        structure=structure,
        text=text,
        cues=cues(),
        members=MemberLists(),
        meeting=_date(structure.meeting_date.value),
        issued=_date(structure.issued_date.value),
        addressee=[],
        para_starts=[p.start for p in doc.paragraphs],
        deadline=deadline,
    )
    ctx.members = MemberLists.from_document(doc, structure, lambda s, e: _units_in(ctx, s, e))
    ctx.addressee = _single_addressee(ctx)
    tables = find_task_tables(doc.paragraphs)
    for table in tables:
        ctx.table_paras |= table.paragraphs
    _walk(ctx, structure.body, Scope(), review=False)
    for note in ctx.notes:
        _date_items_from_note(ctx, note, structure.body)
    _appendix_tasks(ctx)
    if tables:
        for table in tables:
            _table_tasks(ctx, table)
        ctx.tasks.sort(key=lambda t: t.evidence.start or 0)
    return ctx.tasks


_APPENDIX = re.compile(r"^\s*phụ lục\b", re.IGNORECASE)


def _appendix(doc: NormalizedDocument, structure: DocumentStructure) -> list[Section]:
    """The section tree of an appendix after the signature ("Phụ lục: NỘI DUNG YÊU CẦU BÁO CÁO …",
    one heading per unit): its items are tasks as in the body. Its tables are read row by row."""
    paras = doc.paragraphs
    for k in range(structure.body_end, len(paras)):
        if _APPENDIX.match(paras[k].text):
            return build_tree(paras[k + 1 :])
    return []


_NUMBER_LINE = re.compile(r"^\s*số\s*:", re.IGNORECASE)
_ADDRESS_LINE = re.compile(r"^\s*kính gửi\b", re.IGNORECASE)
_RECIPIENTS_LINE = re.compile(r"^\s*nơi nhận\s*:", re.IGNORECASE)


def _bundled_letters(doc: NormalizedDocument, structure: DocumentStructure) -> list[list[Section]]:
    """The bodies of further letters filed after the signature in the same file (a new "Số: …" line,
    then "Kính gửi: …", then the body up to its "Nơi nhận:"), as section trees."""
    paras, bodies = doc.paragraphs, []
    k = structure.body_end
    while k < len(paras):
        if not _NUMBER_LINE.match(paras[k].text):
            k += 1
            continue
        address = next(
            (j for j in range(k + 1, min(k + 12, len(paras))) if _ADDRESS_LINE.match(paras[j].text)), None
        )
        if address is None:
            k += 1
            continue
        start = address + 1
        while start < len(paras) and paras[start].text.lstrip().startswith(("-", "+")):
            start += 1  # the addressee list
        end = next((j for j in range(start, len(paras)) if _RECIPIENTS_LINE.match(paras[j].text)), len(paras))
        bodies.append(build_tree(paras[start:end]))
        k = end
    return bodies


def _appendix_tasks(ctx: Context) -> None:
    """Tasks of an appendix, and of further letters bundled after the signature: only items whose
    heading or text names their doer; the rest of an appendix describes (parameters, lists of units)
    and the first letter's addressee is not its subject."""
    before, addressee = len(ctx.tasks), ctx.addressee
    ctx.addressee = []
    _walk(ctx, _appendix(ctx.doc, ctx.structure), Scope(), review=False)
    for body in _bundled_letters(ctx.doc, ctx.structure):
        _walk(ctx, body, Scope(), review=False)
    ctx.tasks[before:] = [t for t in ctx.tasks[before:] if t.lead]
    ctx.addressee = addressee


def _table_tasks(ctx: Context, table: TaskTable) -> None:
    """One task per data row of a task table; a merged cell repeats the value of the row above."""
    text = ctx.doc.text
    lead: list[Unit] = []
    support: list[Unit] = []
    deadlines: list[Deadline] = []
    recurring = False
    for row in row_values(table, text, ctx.doc.merged_cells):
        start, end = row.content
        content = text[start:end]
        lead_rule = "lead.table_merged" if "lead" in row.merged else "lead.table_column"
        if "lead" not in row.merged:
            found_units = _units_in(ctx, *row.lead) if row.lead else []
            lead = _to_units(ctx, found_units, "lead")
            if table.persons and row.lead:  # "Người thực hiện": names first, else the units
                spans = person_spans(text, *row.lead, [(u.start, u.end) for u in found_units])
                lead = person_units(text, spans, "lead") or lead
        if "support" not in row.merged:
            support = _to_units(ctx, _units_in(ctx, *row.support), "support") if row.support else []
        if "deadline" not in row.merged:
            cell = text[row.deadline[0] : row.deadline[1]] if row.deadline else ""
            deadlines = (
                find_deadlines(cell, row.deadline[0], meeting=ctx.meeting, issued=ctx.issued, cell=True)
                if row.deadline
                else []
            )
            recurring = is_recurring(cell)
        found = deadlines or find_deadlines(content, start, meeting=ctx.meeting, issued=ctx.issued)
        _warn_invalid(ctx, found, row.section)
        rule = lead_rule if lead else "lead.none"
        _add_task(ctx, (start, end), row.section, lead, support, found, "task.table_row", rule, recurring)
