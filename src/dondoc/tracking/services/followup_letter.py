"""Văn bản đôn đốc: a draft Công văn in the NĐ 30/2020 layout listing a unit's overdue and due-soon
tasks with their source documents and deadlines (editable .docx, python-docx), recorded in each
task's timeline. For every unit with overdue tasks at once: a .zip of one letter per unit.

The layout is the report's (``nd30_docx``): issuer block | Quốc hiệu, Tiêu ngữ; Số with the trích
yếu "V/v …" under it; place and date; Kính gửi; body and task table; Nơi nhận and signature.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

from dondoc.textutil import fold_words
from dondoc.tracking.models import Document, Task, Unit
from dondoc.tracking.services import access, audit
from dondoc.tracking.services import nd30_docx as nd30
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import Forbidden, ServiceError
from dondoc.tracking.services.reminder_plan import REMINDED_STATES, registered_by

DUE_SOON_DAYS = 7
HEAD = ("STT", "Nội dung nhiệm vụ", "Văn bản giao", "Thời hạn", "Tình trạng")
WIDTHS_MM = (11, 60, 38, 23, 33)  # 165 mm: A4 portrait text width
NUMBER = "      /{symbol}-TH"
SUMMARY = "V/v đôn đốc thực hiện nhiệm vụ được giao"
RECIPIENTS = ("Như trên", "Lãnh đạo (để b/c)", "Lưu: VT, TH")


def letter_tasks(unit: Unit, day: dt.date) -> list[Task]:
    """The unit's open tasks overdue on ``day`` or due within ``DUE_SOON_DAYS`` days, earliest first."""
    qs = registered_by(Task.objects.filter(lead=unit, state__in=REMINDED_STATES), day)
    qs = qs.filter(deadline__isnull=False, deadline__lte=day + dt.timedelta(days=DUE_SOON_DAYS))
    return list(qs.select_related("document").order_by("deadline", "id"))


def _late(task: Task, day: dt.date) -> str:
    assert task.deadline is not None
    left = (task.deadline - day).days
    return f"Quá hạn {-left} ngày" if left < 0 else ("Đến hạn hôm nay" if left == 0 else f"Còn {left} ngày")


def _source(doc: Document) -> str:
    when = f" ngày {doc.issued_date:%d/%m/%Y}" if doc.issued_date else ""
    return f"{doc.doc_type or 'Văn bản'} số {doc.number or '(chưa có số)'}{when}"


def task_rows(tasks: list[Task], day: dt.date) -> list[list[str]]:
    """The letter's table rows: STT, content, source document, deadline dd/mm/yyyy, how late."""
    rows = []
    for n, task in enumerate(tasks, 1):
        assert task.deadline is not None
        rows.append(
            [str(n), task.content, _source(task.document), f"{task.deadline:%d/%m/%Y}", _late(task, day)]
        )
    return rows


def build_letter(unit: Unit, tasks: list[Task], day: dt.date, head: nd30.Letterhead) -> bytes:
    """The công văn (NĐ 30 blocks from ``nd30_docx``): header with Số and trích yếu, Kính gửi, body
    with the task table, Nơi nhận and signature."""
    doc = nd30.new_document()
    nd30.header_block(doc, head, NUMBER.format(symbol=head.symbol), day, summary=SUMMARY)
    nd30.addressee_block(doc, [unit.name])
    late = sum(1 for t in tasks if t.deadline is not None and t.deadline < day)
    nd30.body(
        doc,
        f"Theo dõi tình hình thực hiện các nhiệm vụ được giao, tính đến ngày {day:%d/%m/%Y}, {unit.name} "
        f"còn {late:02d} nhiệm vụ đã quá hạn và {len(tasks) - late:02d} nhiệm vụ sắp đến hạn chưa hoàn thành "
        "(chi tiết tại bảng dưới đây).",
    )
    nd30.grid_table(doc, [HEAD], task_rows(tasks, day), WIDTHS_MM, center_cols=[0, 3])
    nd30.body(
        doc,
        f"Văn phòng đề nghị {unit.name} khẩn trương thực hiện các nhiệm vụ nêu trên, báo cáo kết quả "
        "(hoặc đề nghị gia hạn, nêu rõ lý do) trên hệ thống theo dõi nhiệm vụ để tổng hợp, báo cáo Lãnh đạo.",
    )
    nd30.closing_block(doc, head)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letterhead(actor: AnyUser) -> nd30.Letterhead:
    """The office's letterhead (``letterhead_from_env``) with the actor's office as the issuer, its
    parent as the governing body, the place of the registered documents, the letter's recipients."""
    head = nd30.letterhead_from_env()
    office = access.unit_of(actor)
    place = Document.objects.exclude(place="").values_list("place", flat=True).first()
    return dataclasses.replace(
        head,
        issuer=office.name if office else head.issuer,
        parent=office.parent.name if office and office.parent else head.parent,
        place=place or head.place,
        recipients=RECIPIENTS,
    )


def draft_letter(actor: AnyUser, unit: Unit, day: dt.date) -> bytes:
    """The letter to ``unit`` (the office only); recorded in each listed task's timeline."""
    if not access.is_office(actor):
        raise Forbidden("Chỉ Văn phòng được soạn văn bản đôn đốc.")
    tasks = letter_tasks(unit, day)
    if not tasks:
        raise ServiceError(
            f"{unit.name} không có nhiệm vụ quá hạn hoặc sắp đến hạn: không cần văn bản đôn đốc."
        )
    data = build_letter(unit, tasks, day, letterhead(actor))
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
