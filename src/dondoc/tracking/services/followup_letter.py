"""Văn bản đôn đốc: a draft Công văn in the NĐ 30/2020 layout listing a unit's overdue and due-soon
tasks with their source documents and deadlines (editable .docx, python-docx), recorded in each
task's timeline. For every unit with overdue tasks at once: a .zip of one letter per unit.

The layout code is local and small (issuer block | national motto, Số / V/v, place and date,
Kính gửi, body, table, Nơi nhận, signature); to be unified with the report's NĐ 30 helpers.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dondoc.textutil import fold_words
from dondoc.tracking.models import Document, Task, Unit
from dondoc.tracking.services import access, audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.reminder_plan import REMINDED_STATES, registered_by

DUE_SOON_DAYS = 7
HEAD = ("STT", "Nội dung nhiệm vụ", "Văn bản giao", "Thời hạn", "Tình trạng")


def letter_tasks(unit: Unit, day: dt.date) -> list[Task]:
    """The unit's open tasks overdue on ``day`` or due within ``DUE_SOON_DAYS`` days, earliest first."""
    qs = registered_by(Task.objects.filter(lead=unit, state__in=REMINDED_STATES), day)
    qs = qs.filter(deadline__isnull=False, deadline__lte=day + dt.timedelta(days=DUE_SOON_DAYS))
    return list(qs.select_related("document").order_by("deadline", "id"))


def _para(doc: object, text: str, *, bold: bool = False, center: bool = False, italic: bool = False) -> None:
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _header(doc: object, office: str, agency: str, place: str, day: dt.date) -> None:
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    left, right = table.rows[0].cells
    left.text = (
        f"{agency.upper()}\n{office.upper()}\n\nSố:       /VP-TH\nV/v đôn đốc thực hiện nhiệm vụ được giao"
    )
    right.text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    )
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _late(task: Task, day: dt.date) -> str:
    assert task.deadline is not None
    left = (task.deadline - day).days
    return f"Quá hạn {-left} ngày" if left < 0 else ("Đến hạn hôm nay" if left == 0 else f"Còn {left} ngày")


def _source(doc: Document) -> str:
    when = f" ngày {doc.issued_date:%d/%m/%Y}" if doc.issued_date else ""
    return f"{doc.doc_type or 'Văn bản'} số {doc.number or '(chưa có số)'}{when}"


def build_letter(unit: Unit, tasks: list[Task], day: dt.date, office: str, agency: str, place: str) -> bytes:
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    _header(doc, office, agency, place, day)
    _para(doc, f"Kính gửi: {unit.name}.", center=True)
    late = sum(1 for t in tasks if t.deadline is not None and t.deadline < day)
    _para(
        doc,
        f"Theo dõi tình hình thực hiện các nhiệm vụ được giao, tính đến ngày {day:%d/%m/%Y}, {unit.name} "
        f"còn {late:02d} nhiệm vụ đã quá hạn và {len(tasks) - late:02d} nhiệm vụ sắp đến hạn chưa hoàn thành "
        "(chi tiết tại bảng dưới đây).",
    )
    table = doc.add_table(rows=1, cols=len(HEAD))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, HEAD, strict=True):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for n, task in enumerate(tasks, 1):
        assert task.deadline is not None
        row = table.add_row().cells
        values = (str(n), task.content, _source(task.document), f"{task.deadline:%d/%m/%Y}", _late(task, day))
        for cell, value in zip(row, values, strict=True):
            cell.text = value
    _para(
        doc,
        f"Văn phòng đề nghị {unit.name} khẩn trương thực hiện các nhiệm vụ nêu trên, báo cáo kết quả "
        "(hoặc đề nghị gia hạn, nêu rõ lý do) trên hệ thống theo dõi nhiệm vụ để tổng hợp, báo cáo Lãnh đạo.",
    )
    _para(doc, "Nơi nhận:\n- Như trên;\n- Lãnh đạo (để b/c);\n- Lưu: VT, TH.", italic=True)
    _para(doc, "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", bold=True, center=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _issuer(actor: AnyUser) -> tuple[str, str, str]:
    office = access.unit_of(actor)
    name = office.name if office else "Văn phòng"
    agency = office.parent.name if office and office.parent else "Ủy ban nhân dân"
    place = Document.objects.exclude(place="").values_list("place", flat=True).first() or "……"
    return name, agency, place


def draft_letter(actor: AnyUser, unit: Unit, day: dt.date) -> bytes:
    """The letter to ``unit`` (the office only); recorded in each listed task's timeline."""
    if not access.is_office(actor):
        raise Forbidden("Chỉ Văn phòng được soạn văn bản đôn đốc.")
    tasks = letter_tasks(unit, day)
    if not tasks:
        raise ServiceError(
            f"{unit.name} không có nhiệm vụ quá hạn hoặc sắp đến hạn: không cần văn bản đôn đốc."
        )
    data = build_letter(unit, tasks, day, *_issuer(actor))
    for task in tasks:
        audit.record(
            actor,
            "task.followup_letter",
            f"Soạn văn bản đôn đốc gửi {unit.name} ngày {day:%d/%m/%Y}.",
            task=task,
        )
    return data


def letter_name(unit: Unit, day: dt.date) -> str:
    return f"cong-van-don-doc-{fold_words(unit.name).replace(' ', '-')}-{day:%Y-%m-%d}.docx"


def draft_all(actor: AnyUser, day: dt.date) -> bytes:
    """A .zip of one letter per unit with overdue tasks on ``day``."""
    if not access.is_office(actor):
        raise Forbidden("Chỉ Văn phòng được soạn văn bản đôn đốc.")
    lead_ids = (
        registered_by(Task.objects.filter(state__in=REMINDED_STATES, deadline__lt=day), day)
        .values_list("lead_id", flat=True)
        .distinct()
    )
    units = list(Unit.objects.filter(pk__in=[i for i in lead_ids if i is not None]).order_by("name"))
    if not units:
        raise ServiceError("Không có đơn vị nào có nhiệm vụ quá hạn.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit in units:
            archive.writestr(letter_name(unit, day), draft_letter(actor, unit, day))
    return out.getvalue()
