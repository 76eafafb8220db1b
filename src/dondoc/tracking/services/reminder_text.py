"""The Vietnamese texts of reminders: a unit's daily digest and a leader's weekly summary."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.conf import settings
from django.urls import reverse

from dondoc.tracking.models import TaskReason, Unit
from dondoc.tracking.services.reminder_plan import DueTask
from dondoc.tracking.services.status import Grid

SECTION_TITLES = {
    TaskReason.OVERDUE: "Nhiệm vụ đã quá hạn",
    TaskReason.DUE_TODAY: "Nhiệm vụ đến hạn hôm nay",
    TaskReason.DUE_SOON: "Nhiệm vụ sắp đến hạn",
    TaskReason.NO_DEADLINE: "Nhiệm vụ không có thời hạn (đề nghị báo cáo tiến độ)",
}
SECTION_ORDER = (TaskReason.OVERDUE, TaskReason.DUE_TODAY, TaskReason.DUE_SOON, TaskReason.NO_DEADLINE)
CONTENT_CHARS = 300


def link(path: str) -> str:
    return f"{settings.DONDOC_BASE_URL}{path}"


_PLACEHOLDER = 987654321


def task_link(task_id: int) -> str:
    """The task's page (``reverse`` once: a digest lists thousands of tasks)."""
    return link(_task_path_pattern().replace(str(_PLACEHOLDER), str(task_id)))


@cache
def _task_path_pattern() -> str:
    return reverse("tracking:task_detail", args=[_PLACEHOLDER])


def vi_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day is not None else "—"


def _when(item: DueTask, day: dt.date) -> str:
    left = item.days_left(day)
    if left is None:
        return "không có thời hạn"
    if left > 0:
        return f"thời hạn {vi_date(item.deadline)}, còn {left} ngày"
    if left == 0:
        return f"thời hạn {vi_date(item.deadline)}, đến hạn hôm nay"
    return f"thời hạn {vi_date(item.deadline)}, quá hạn {-left} ngày"


def _source(item: DueTask) -> str:
    number = item.document_number or "(chưa có số)"
    return f"Văn bản {number}" + (f" ngày {vi_date(item.document_date)}" if item.document_date else "")


def _counts(items: list[DueTask]) -> dict[TaskReason, int]:
    counts = dict.fromkeys(SECTION_ORDER, 0)
    for item in items:
        counts[item.reason] += 1
    return counts


def digest_subject(unit: Unit, items: list[DueTask], day: dt.date) -> str:
    counts = _counts(items)
    parts = [
        f"{counts[TaskReason.OVERDUE]} quá hạn" if counts[TaskReason.OVERDUE] else "",
        f"{counts[TaskReason.DUE_TODAY]} đến hạn hôm nay" if counts[TaskReason.DUE_TODAY] else "",
        f"{counts[TaskReason.DUE_SOON]} sắp đến hạn" if counts[TaskReason.DUE_SOON] else "",
        f"{counts[TaskReason.NO_DEADLINE]} cần báo cáo tiến độ" if counts[TaskReason.NO_DEADLINE] else "",
    ]
    return f"[Đôn đốc] {unit.name}: " + ", ".join(p for p in parts if p) + f" ({vi_date(day)})"


def digest_body(unit: Unit, items: list[DueTask], day: dt.date) -> str:
    lines = [
        f"Kính gửi: {unit.name}",
        "",
        f"Hệ thống theo dõi nhiệm vụ (Văn phòng) đề nghị đơn vị lưu ý các nhiệm vụ dưới đây, "
        f"tính đến ngày {vi_date(day)}:",
    ]
    for reason in SECTION_ORDER:
        section = [i for i in items if i.reason == reason]
        if not section:
            continue
        lines += ["", f"{SECTION_TITLES[reason]} ({len(section)}):"]
        for n, item in enumerate(section, 1):
            content = item.content
            if len(content) > CONTENT_CHARS:
                content = content[:CONTENT_CHARS] + "…"
            lines += [
                f"{n}. {content}",
                f"   {_source(item)}; {_when(item, day)}.",
                f"   {task_link(item.task_id)}",
            ]
    lines += [
        "",
        "Đề nghị đơn vị khẩn trương thực hiện và báo cáo kết quả (hoặc tiến độ, đề nghị gia hạn) "
        "trên hệ thống.",
        f"Danh sách nhiệm vụ của đơn vị: {link(reverse('tracking:task_list'))}",
        "",
        "Thư này do hệ thống Đôn đốc gửi tự động, mỗi ngày một lần.",
    ]
    return "\n".join(lines)


def leader_subject(day: dt.date) -> str:
    return f"[Đôn đốc] Tổng hợp tình hình thực hiện nhiệm vụ tuần đến ngày {vi_date(day)}"


def leader_body(
    name: str, grid: dict[Grid, int], overdue_by_unit: list[tuple[str, int]], day: dt.date
) -> str:
    total = sum(grid.values())
    lines = [
        f"Kính gửi: {name}",
        "",
        f"Tình hình thực hiện nhiệm vụ được giao, tính đến ngày {vi_date(day)}: tổng số {total} nhiệm vụ.",
    ]
    lines += [f"- {g.label}: {grid[g]}" for g in Grid]
    if overdue_by_unit:
        lines += ["", "Các đơn vị có nhiệm vụ chưa hoàn thành, quá hạn:"]
        lines += [f"+ {unit}: {n:02d} nội dung" for unit, n in overdue_by_unit]
    else:
        lines += ["", "Không có nhiệm vụ chưa hoàn thành quá hạn."]
    lines += ["", f"Xem chi tiết: {link(reverse('tracking:dashboard'))}"]
    return "\n".join(lines)
