"""Task list (filters, pagination, CSV export) and task detail (timeline, evidence, actions)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dondoc.tracking.models import (
    AuditEvent,
    Extension,
    ExtensionDecision,
    ReportAttachment,
    Task,
    TaskState,
    Unit,
)
from dondoc.tracking.models.tasks import NOT_IN_REGISTER, OPEN_STATES
from dondoc.tracking.services import access, queries
from dondoc.tracking.services.params import int_param
from dondoc.tracking.services.status import GRID_LABELS, Grid, grid_of
from dondoc.tracking.services.workflow import REPORTABLE
from dondoc.tracking.views.common import task_for

PAGE_SIZE = 50


def _unit_choices(request: HttpRequest, selected: Unit | None, today: dt.date) -> list[tuple[int, str, bool]]:
    """Units offered in the filter, as (id, label, selected): every unit for readers of everything,
    the own scope otherwise."""
    if access.can_read_all(request.user):
        units = Unit.objects.only("id", "name", "valid_to").order_by("name")
    else:
        units = Unit.objects.filter(pk__in=access.unit_scope(request.user)).order_by("name")
    chosen = selected.pk if selected else None
    return [
        (u.pk, u.name + (" (đã sắp xếp lại)" if u.valid_to and u.valid_to < today else ""), u.pk == chosen)
        for u in units
    ]


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = queries.parse_filters(request.GET, today)
    qs = queries.filter_tasks(request.user, filters)
    page = queries.task_page(qs, int_param(request.GET, "trang"), PAGE_SIZE)
    detail = reverse("tracking:task_detail", args=[0])[: -len("0/")]
    rows = [_row(task, detail) for task in page.object_list]
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": filters.query_string(),
        "units": _unit_choices(request, filters.unit, today),
        "states": TaskState.choices,
        "grids": [(g.value, g.label) for g in Grid],
        "today": today,
    }
    return render(request, "tracking/tasks/list.html", context)


STATE_LABELS = dict(TaskState.choices)
LATE = {Grid.OPEN_LATE.value, Grid.DONE_LATE.value}
DONE = {Grid.DONE_ON_TIME.value, Grid.DONE_NO_DEADLINE.value}


@dataclass
class Row:
    """A task list row, prepared in Python (a page has 50 of them: the template stays cheap)."""

    pk: int
    url: str
    content: str
    lead: str
    deadline: str
    state: str
    grid: str
    grid_label: str
    grid_class: str
    document: str


def _short(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _row(task: Task, detail_prefix: str) -> Row:
    grid = str(getattr(task, "grid", ""))
    official = task.state not in NOT_IN_REGISTER and grid
    if task.deadline:
        deadline = f"{task.deadline:%d/%m/%Y}"
    else:
        deadline = "Thường xuyên" if task.recurring else "Không thời hạn"
    return Row(
        pk=task.pk,
        url=f"{detail_prefix}{task.pk}/",
        content=_short(task.content),
        lead=task.lead.name if task.lead else "—",
        deadline=deadline,
        state=STATE_LABELS.get(task.state, task.state),
        grid=grid,
        grid_label=GRID_LABELS[Grid(grid)] if official else "",
        grid_class="late" if grid in LATE else "done" if grid in DONE else "",
        document=task.document.number or task.document.original_name,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def task_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV (UTF-8 with BOM for Excel, Vietnamese headers, dd/mm/yyyy), streamed."""
    filters = queries.parse_filters(request.GET, timezone.localdate())
    qs = queries.filter_tasks(request.user, filters)
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield "\ufeff"
        for row in queries.csv_rows(qs):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"nhiem-vu-{filters.as_of:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@dataclass
class Entry:
    """One line of the timeline."""

    at: dt.datetime
    kind: str  # "event" | "report" (extensions have their own history table)
    obj: Any


@dataclass
class Evidence:
    label: str
    text: str
    rule: str


def _evidence(task: Task) -> list[Evidence]:
    """Where each field came from in the document: the quoted text and the extraction rule."""
    ev = task.evidence or {}
    text = task.document.normalized_text
    out: list[Evidence] = []

    def add(label: str, item: Any) -> None:
        if not isinstance(item, dict):
            return
        quote = str(item.get("text") or "")
        start, end = item.get("start"), item.get("end")
        if not quote and isinstance(start, int) and isinstance(end, int):
            quote = text[start:end]
        if quote:
            out.append(Evidence(label, quote, str(item.get("rule") or "")))

    add("Nội dung", ev.get("task"))
    for item in ev.get("lead") or []:
        add("Đơn vị chủ trì", item)
    for item in ev.get("support") or []:
        add("Đơn vị phối hợp", item)
    for item in ev.get("deadline") or []:
        add("Thời hạn", item)
    return out


def _plain(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field == "state" and value in TaskState.values:
        return str(TaskState(value).label)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def change_lines(changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """An audit event's changes as (Vietnamese field name, old, new) for the timeline."""
    out = []
    for name, pair in (changes or {}).items():
        try:
            label = str(getattr(Task._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:  # a field removed since the event was written
            label = name
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        out.append((label[:1].upper() + label[1:], _plain(name, old), _plain(name, new)))
    return out


def _document_url(task: Task) -> str | None:
    try:
        return reverse("tracking:document_detail", args=[task.document_id])
    except NoReverseMatch:
        return None


def actions_for(request: HttpRequest, task: Task, pending: Extension | None) -> dict[str, bool]:
    """The workflow actions this user may take on this task now (the services check again)."""
    user = request.user
    reporter = access.can_report(user, task)
    office = access.is_office(user)
    return {
        "report_progress": reporter and task.state in (*REPORTABLE, TaskState.POSTPONED),
        "report_completion": reporter and task.state in REPORTABLE,
        "refuse": reporter and task.state in REPORTABLE,
        "request_extension": reporter and task.state in REPORTABLE and pending is None,
        "confirm": office and task.state == TaskState.AWAITING,
        "decide_extension": pending is not None and access.can_decide_extension(user),
        "reassign": office and task.state in OPEN_STATES and task.state != TaskState.AWAITING,
        "postpone": office and task.state in (TaskState.IN_PROGRESS, TaskState.REDO, TaskState.REFUSED),
        "resume": office and task.state == TaskState.POSTPONED,
    }


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    task = Task.objects.select_related("lead", "lead_group", "document", "split_from", "repeat_of").get(
        pk=task.pk
    )
    events = list(AuditEvent.objects.filter(task=task).select_related("actor"))
    for event in events:
        event.change_lines = change_lines(event.changes)  # type: ignore[attr-defined]
    reports = task.reports.select_related("author", "unit").prefetch_related("attachments")
    extensions = list(task.extensions.select_related("requested_by", "decided_by"))
    timeline = sorted(
        [Entry(e.at, "event", e) for e in events] + [Entry(r.created_at, "report", r) for r in reports],
        key=lambda e: (e.at, 0 if e.kind == "event" else 1),
    )
    pending = next((x for x in extensions if x.decision == ExtensionDecision.PENDING), None)
    today = timezone.localdate()
    visible = queries.scoped_tasks(request.user)
    actions = actions_for(request, task, pending)
    context: dict[str, Any] = {
        "task": task,
        "grid": grid_of(task, today) if task.state not in NOT_IN_REGISTER else None,
        "extended_from": queries.extended_from([task.pk]).get(task.pk),
        "today": today,
        "supports": list(task.supports.all()),
        "co_leads": list(task.co_leads.all()),
        "timeline": timeline,
        "extensions": extensions,
        "pending": pending,
        "evidence": _evidence(task),
        "document_url": _document_url(task),
        "split_into": list(visible.filter(split_from=task).only("id", "content")),
        "repeats": list(visible.filter(repeat_of=task).only("id", "content")),
        "split_from": task.split_from
        if task.split_from_id and visible.filter(pk=task.split_from_id).exists()
        else None,
        "repeat_of": task.repeat_of
        if task.repeat_of_id and visible.filter(pk=task.repeat_of_id).exists()
        else None,
        "actions": actions,
        "any_action": any(actions.values()),
        "reassign_units": (
            list(Unit.objects.active_on(today).only("id", "name").order_by("name"))
            if actions["reassign"]
            else []
        ),
        "max_upload_mb": _max_mb(),
        "completion_requires_file": settings.DONDOC_COMPLETION_REQUIRES_FILE,
    }
    return render(request, "tracking/tasks/detail.html", context)


def _max_mb() -> str:
    from django.conf import settings

    return f"{settings.MAX_UPLOAD_BYTES / 1048576:.0f}"


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, att: int) -> FileResponse:
    """A report's file, only for users who may see the task (404 otherwise)."""
    task = task_for(request, pk)
    attachment = ReportAttachment.objects.filter(pk=att, report__task=task).first()
    if attachment is None:
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


urlpatterns = [
    path("nhiem-vu/", task_list, name="task_list"),
    path("nhiem-vu/xuat-csv/", task_csv, name="task_csv"),
    path("nhiem-vu/<int:pk>/", task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/tep/<int:att>/", attachment_download, name="attachment_download"),
]
