"""Build small registers with known answers: confirmed documents and tasks with chosen deadlines."""

from __future__ import annotations

import datetime as dt
import hashlib
from itertools import count

from django.utils import timezone

from dondoc.tracking.models import Document, DocumentState, Task, TaskState, Unit

_serial = count(1)


def document(number: str, issued: dt.date, confirmed: dt.date | None = None) -> Document:
    n = next(_serial)
    when = confirmed or issued
    return Document.objects.create(
        original_name=f"van-ban-{n}.txt",
        sha256=hashlib.sha256(f"{number}-{n}".encode()).hexdigest(),
        size=1,
        media_type="text/plain",
        number=number,
        doc_type="Thông báo",
        title="Kết luận của Chủ tịch UBND tỉnh",
        issuer="Ủy ban nhân dân tỉnh Hòa Lâm",
        issued_date=issued,
        state=DocumentState.CONFIRMED,
        confirmed_at=timezone.make_aware(dt.datetime.combine(when, dt.time(9, 0))),
    )


def task(
    doc: Document,
    lead: Unit,
    content: str,
    deadline: dt.date | None,
    state: str = TaskState.IN_PROGRESS,
    completed_on: dt.date | None = None,
) -> Task:
    return Task.objects.create(
        document=doc,
        content=content,
        lead=lead,
        deadline=deadline,
        state=state,
        completed_on=completed_on,
        order=next(_serial),
    )
