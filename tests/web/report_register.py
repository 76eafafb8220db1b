"""A register with known answers for the report of November 2026 (as of 30/11/2026): every grid
cell, tasks carried over from earlier periods, a unit restructured into Sở Nội vụ on 15/11/2026
(its open task moved by ``restructure``, one confirmed later still naming it, one it completed),
tasks without deadline, tasks completed after their deadline, one completed after the as-of date,
and tasks that must not count (a draft, a document of December)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User

from dondoc.tracking.models import Document, DocumentState, ProgressReport, Task, TaskState, Unit
from dondoc.tracking.services.restructure import restructure

D = dt.date
AS_OF = D(2026, 11, 30)
OLD_UNIT = "Sở Lao động - Thương binh và Xã hội"


@dataclass
class Register:
    units: dict[str, Unit]
    tasks: dict[str, Task]
    documents: dict[str, Document]


def _doc(number: str, issued: dt.date, signer: str, doc_type: str) -> Document:
    return Document.objects.create(
        file=f"documents/{number.replace('/', '-')}.txt",
        original_name=f"{number.replace('/', '-')}.txt",
        sha256=hashlib.sha256(number.encode()).hexdigest(),
        size=1,
        media_type="text/plain",
        number=number,
        doc_type=doc_type,
        title=f"Trích yếu {number}",
        issued_date=issued,
        signer=signer,
        state=DocumentState.CONFIRMED,
        confirmed_at=dt.datetime.combine(issued, dt.time(9), tzinfo=dt.UTC),
    )


def _task(
    doc: Document,
    order: int,
    lead: Unit,
    content: str,
    *,
    deadline: dt.date | None = None,
    done: dt.date | None = None,
    state: str | None = None,
    result: str = "",
) -> Task:
    return Task.objects.create(
        document=doc,
        order=order,
        content=content,
        lead=lead,
        deadline=deadline,
        deadline_text=f"{deadline:%d/%m/%Y}" if deadline else "",
        state=state or (TaskState.DONE if done else TaskState.IN_PROGRESS),
        completed_on=done,
        result=result,
    )


def build_register(units: dict[str, Unit], admin: User) -> Register:
    stc, sxd, syt, snv = (units[n] for n in ("Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ"))
    old = Unit.objects.create(name=OLD_UNIT, short_name="SLĐTBXH")
    d00 = _doc("20/TB-UBND", D(2026, 6, 1), "Nguyễn Văn An", "Thông báo kết luận")
    d0 = _doc("30/TB-UBND", D(2026, 9, 10), "Nguyễn Văn An", "Thông báo kết luận")
    d1 = _doc("45/TB-UBND", D(2026, 11, 5), "Nguyễn Văn An", "Thông báo kết luận")
    d2 = _doc("12/CV-UBND", D(2026, 11, 20), "Trần Thị Bình", "Công văn")
    d3 = _doc("50/TB-UBND", D(2026, 12, 5), "Nguyễn Văn An", "Thông báo kết luận")
    t: dict[str, Task] = {}
    t["t1"] = _task(
        d1, 1, stc, "Rà soát dự toán ngân sách năm 2027.", deadline=D(2026, 11, 20), done=D(2026, 11, 18)
    )
    t["t2"] = _task(
        d1,
        2,
        stc,
        "Tham mưu phân bổ vốn đầu tư công.",
        deadline=D(2026, 11, 15),
        done=D(2026, 11, 25),
        result="Đã trình UBND tỉnh Quyết định số 100/QĐ-UBND.",
    )
    t["t3"] = _task(d1, 3, stc, "Báo cáo tình hình thu ngân sách.", deadline=D(2026, 11, 25))
    t["t4"] = _task(d1, 4, sxd, "Kiểm tra trật tự xây dựng đô thị.", done=D(2026, 11, 10))
    t["t5"] = _task(d1, 5, sxd, "Lập quy hoạch khu đô thị mới.", deadline=D(2026, 12, 15))
    t["t6"] = _task(d1, 6, sxd, "Thường xuyên theo dõi chất lượng công trình.")
    t["t7"] = _task(d2, 1, syt, "Triển khai tiêm chủng mở rộng.", deadline=D(2026, 11, 22))
    t["t8"] = _task(d2, 2, syt, "Kiểm tra an toàn thực phẩm.", deadline=D(2026, 11, 21), done=D(2026, 11, 29))
    t["t9"] = _task(d2, 3, syt, "Báo cáo công tác phòng dịch.", deadline=D(2026, 11, 25), done=D(2026, 12, 2))
    t["c1"] = _task(d0, 1, stc, "Quyết toán vốn dự án hoàn thành.", deadline=D(2026, 9, 30))
    t["c2"] = _task(d0, 2, sxd, "Thẩm định thiết kế cơ sở.", deadline=D(2026, 10, 15), done=D(2026, 11, 10))
    t["c3"] = _task(d0, 3, sxd, "Cấp phép xây dựng trụ sở.", deadline=D(2026, 10, 30), done=D(2026, 10, 20))
    t["c4"] = _task(d00, 1, old, "Giải quyết chế độ chính sách người có công.", deadline=D(2026, 7, 15))
    t["c5"] = _task(
        d00, 2, old, "Tổng hợp số liệu lao động việc làm.", deadline=D(2026, 11, 12), done=D(2026, 11, 10)
    )
    t["draft"] = _task(d1, 9, stc, "Nhiệm vụ chưa duyệt.", deadline=D(2026, 11, 1), state=TaskState.DRAFT)
    t["dec"] = _task(d3, 1, stc, "Nhiệm vụ của tháng 12.", deadline=D(2026, 11, 28))
    t["t1"].supports.add(sxd, syt)
    ProgressReport.objects.create(task=t["t3"], text="Đang chờ số liệu của Kho bạc Nhà nước tỉnh.")
    ProgressReport.objects.create(task=t["t7"], text="Thiếu vắc xin do chậm cung ứng.")
    restructure(admin, old, snv, D(2026, 11, 15), reason="Hợp nhất.")
    # Confirmed after the restructuring, still naming the old unit: shown under Sở Nội vụ.
    t["c6"] = _task(d00, 3, old, "Hỗ trợ người lao động mất việc.", deadline=D(2026, 12, 31))
    for task in t.values():
        task.refresh_from_db()
    return Register({**units, OLD_UNIT: old}, t, {"d00": d00, "d0": d0, "d1": d1, "d2": d2, "d3": d3})
