"""The review screen: a document's normalized text beside its draft tasks, every field with its evidence.

Văn phòng only. Every change goes through ``services.review`` (optimistic locking with the task's
``version``, audit events); nothing is official before ``confirm_document``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from dondoc.tracking.models import Document, DocumentState, FanOut, Task, TaskState, Unit, UnitKind
from dondoc.tracking.services import access
from dondoc.tracking.services import review as review_service
from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.params import MAX_INDEX, MAX_VERSION, int_list, int_param
from dondoc.tracking.services.registry import lookup_unit
from dondoc.tracking.views.common import document_for

EVIDENCE_KINDS = (
    ("task", "Nội dung"),
    ("lead", "Chủ trì"),
    ("support", "Phối hợp"),
    ("deadline", "Thời hạn"),
)


# --- evidence spans ----------------------------------------------------------------------------------


@dataclass
class Span:
    """One piece of evidence: a rule and a span of the normalized text (``start``/``end`` offsets)."""

    id: str
    kind: str
    rule: str
    text: str
    start: int
    end: int
    in_text: bool  # the offsets fall inside the document text (only those are highlighted)


@dataclass
class TaskView:
    task: Task
    number: int
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    open: bool = False  # shown expanded (the task just edited, or asked for with ?nv=<id>)
    message: str = ""  # the outcome of the last action on this task, shown inside its card
    message_level: str = ""  # "success" | "error"

    @property
    def evidence_rows(self) -> list[tuple[str, list[Span]]]:
        return [(label, self.evidence.get(kind, [])) for kind, label in EVIDENCE_KINDS]

    @property
    def co_leads_text(self) -> str:
        return "\n".join(u.name for u in self.task.co_leads.all())

    @property
    def supports_text(self) -> str:
        return "\n".join(u.name for u in self.task.supports.all())

    @property
    def split_suggestion(self) -> str:
        """The content cut after each semicolon: a starting point for splitting, one part per line."""
        return "\n".join(p.strip() for p in self.task.content.split(";") if p.strip())

    @property
    def unlinked(self) -> list[tuple[int, dict[str, str]]]:
        items = self.task.unlinked if isinstance(self.task.unlinked, list) else []
        return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def task_spans(task: Task, text_length: int) -> dict[str, list[Span]]:
    """The task's evidence as spans, grouped by kind; malformed entries are left out, never guessed."""
    raw: dict[str, Any] = task.evidence if isinstance(task.evidence, dict) else {}
    out: dict[str, list[Span]] = {}
    for kind, _label in EVIDENCE_KINDS:
        items = raw.get(kind)
        entries = [items] if isinstance(items, dict) else items if isinstance(items, list) else []
        spans = []
        for i, item in enumerate(entries):
            if not isinstance(item, dict):
                continue
            start, end = item.get("start"), item.get("end")
            valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length
            spans.append(
                Span(
                    id=f"ev-t{task.pk}-{kind}-{i}",
                    kind=kind,
                    rule=str(item.get("rule") or ""),
                    text=str(item.get("text") or ""),
                    start=start if valid and isinstance(start, int) else 0,
                    end=end if valid and isinstance(end, int) else 0,
                    in_text=valid,
                )
            )
        out[kind] = spans
    return out


def mark_text(text: str, spans: list[Span]) -> SafeString:
    """The document text, HTML-escaped, with every evidence span wrapped in ``<mark>``.

    Spans overlap (a task's span holds its lead and deadline), so the text is cut at every span
    boundary; each piece lists the spans covering it in ``data-ev``, and an empty anchor with the
    span's id sits where a span starts (the evidence links jump there without JavaScript)."""
    spans = [s for s in spans if s.in_text]
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        starting[s.start].append(s)
    parts: list[str] = []
    for a, b in pairwise(bounds):
        for s in starting.get(a, []):
            parts.append(f'<span class="ev-anchor" id="{s.id}"></span>')
        piece = escape(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if covering:
            kinds = " ".join(f"ev-{k}" for k in sorted({s.kind for s in covering}))
            ids = " ".join(s.id for s in covering)
            parts.append(f'<mark class="ev {kinds}" data-ev="{ids}">{piece}</mark>')
        else:
            parts.append(piece)
    return mark_safe("".join(parts))  # every piece of text is escaped above


# --- helpers -----------------------------------------------------------------------------------------


def _office_document(request: HttpRequest, pk: int) -> Document:
    if not access.is_office(request.user):
        raise PermissionDenied
    return document_for(request, pk)


def _task_of(doc: Document, task_pk: int) -> Task:
    task = Task.objects.filter(pk=task_pk, document=doc).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def _back(doc: Document, task: Task | None = None) -> HttpResponseRedirect:
    url = reverse("tracking:review", args=[doc.pk])
    return HttpResponseRedirect(f"{url}?nv={task.pk}#nv-{task.pk}" if task is not None else url)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _tasks_of(doc: Document) -> list[Task]:
    return list(
        doc.tasks.select_related("lead", "lead_group")
        .prefetch_related("supports", "co_leads", "lead_group__members")
        .order_by("order", "id")
    )


def _card_context(doc: Document, views: list[TaskView]) -> dict[str, Any]:
    return {
        "doc": doc,
        "editable": doc.state == DocumentState.REVIEW,
        "many": doc.tasks.filter(state=TaskState.DRAFT).count() > 1,
        "fan_out_choices": FanOut.choices,
        "unit_kinds": UnitKind.choices,
        "tasks": views,
    }


def task_card(request: HttpRequest, doc: Document, task: Task, message: str, level: str) -> HttpResponse:
    """One task's card, expanded, with the outcome of the action inside it (the htmx answer)."""
    doc.refresh_from_db()
    tasks = _tasks_of(doc)
    number = next((n for n, t in enumerate(tasks, start=1) if t.pk == task.pk), 0)
    current = next((t for t in tasks if t.pk == task.pk), task)
    tv = TaskView(current, number, task_spans(current, len(doc.normalized_text or "")), True, message, level)
    return render(request, "tracking/review/_task.html", {**_card_context(doc, [tv]), "tv": tv})


def _version(request: HttpRequest, name: str = "version") -> int:
    value = int_param(request.POST, name, maximum=MAX_VERSION)
    if value is None:
        raise ServiceError("Thiếu phiên bản của nhiệm vụ: vui lòng tải lại trang.")
    return value


def _unit(name: str) -> Unit:
    unit = lookup_unit(name)
    if unit is None:
        raise ServiceError(
            f"Không tìm thấy đơn vị «{name.strip()}» trong danh mục: hãy chọn một tên trong danh sách gợi ý "
            "hoặc thêm đơn vị mới."
        )
    return unit


def _units(text: str) -> list[Unit]:
    out: list[Unit] = []
    for line in text.replace(";", "\n").splitlines():
        if line.strip():
            unit = _unit(line)
            if unit not in out:
                out.append(unit)
    return out


def _label(task: Task) -> str:
    return f"Nhiệm vụ #{task.pk}"


def _editable(doc: Document) -> None:
    if doc.state != DocumentState.REVIEW:
        raise ServiceError("Văn bản này đã được duyệt: nhiệm vụ được sửa tại trang của từng nhiệm vụ.")


# --- the screen --------------------------------------------------------------------------------------


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    tasks = _tasks_of(doc)
    opened = int_param(request.GET, "nv")
    text = doc.normalized_text or ""
    views = []
    all_spans: list[Span] = []
    for n, task in enumerate(tasks, start=1):
        spans = task_spans(task, len(text))
        views.append(TaskView(task=task, number=n, evidence=spans, open=task.pk == opened))
        all_spans += [s for group in spans.values() for s in group]
    drafts = [t for t in tasks if t.state == TaskState.DRAFT]
    return render(
        request,
        "tracking/review/review.html",
        {
            **_card_context(doc, views),
            "marked_text": mark_text(text, all_spans),
            "draft_count": len(drafts),
            "without_lead": len(review_service.without_lead(drafts)),
            "unlinked_count": sum(len(t.unlinked or []) for t in drafts),
        },
    )


# --- actions (POST, office only) ---------------------------------------------------------------------


@login_required
@require_POST
def edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    task = _task_of(doc, task_pk)
    post = request.POST
    try:
        _editable(doc)
        version = _version(request)
        lead_text = post.get("lead", "").strip()
        lead = _unit(lead_text) if lead_text else None
        co_leads = [u for u in _units(post.get("co_leads", "")) if u != lead]
        supports = [u for u in _units(post.get("supports", "")) if u != lead and u not in co_leads]
        deadline = review_service.parse_date(post.get("deadline", ""))
        fan_out = post.get("fan_out", task.fan_out)
        if fan_out not in FanOut.values:
            raise ServiceError("Lựa chọn tách theo đơn vị không hợp lệ.")
        review_service.edit_task(
            request.user,
            task,
            version,
            content=post.get("content", task.content).strip(),
            lead=lead,
            co_leads=co_leads,
            supports=supports,
            deadline=deadline,
            recurring=post.get("recurring") == "on",
            fan_out=fan_out,
        )
    except ServiceError as exc:
        text, level = f"{_label(task)}: {exc.message} Chưa lưu thay đổi nào.", "error"
    else:
        text, level = f"Đã lưu {_label(task).lower()}.", "success"
    if _is_htmx(request):
        return task_card(request, doc, task, text, level)
    getattr(messages, level)(request, text)
    return _back(doc, task)


@login_required
@require_POST
def split(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    task = _task_of(doc, task_pk)
    try:
        _editable(doc)
        parts = request.POST.get("parts", "").splitlines()
        out = review_service.split_task(request.user, task, _version(request), parts)
    except ServiceError as exc:
        messages.error(request, f"{_label(task)}: {exc.message}")
    else:
        messages.success(request, f"Đã tách {_label(task).lower()} thành {len(out)} nhiệm vụ.")
    return _back(doc, task)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    try:
        _editable(doc)
        ids = int_list(request.POST.getlist("tasks"), "tasks")
        tasks = list(Task.objects.filter(document=doc, pk__in=ids))
        if len(tasks) != len(set(ids)):
            raise ServiceError("Một số nhiệm vụ đã chọn không còn tồn tại: vui lòng tải lại trang.")
        versions = {t.pk: _version(request, f"version-{t.pk}") for t in tasks}
        kept = review_service.merge_tasks(request.user, tasks, versions)
    except ServiceError as exc:
        messages.error(request, f"Gộp nhiệm vụ: {exc.message}")
        return _back(doc)
    messages.success(request, f"Đã gộp {len(tasks)} nhiệm vụ thành {_label(kept).lower()}.")
    return _back(doc, kept)


def _mention_index(request: HttpRequest) -> int:
    value = int_param(request.POST, "index", maximum=MAX_INDEX)
    if value is None:
        raise ServiceError("Không tìm thấy tên đơn vị cần liên kết.")
    return value


def _check_mention(task: Task, index: int, request: HttpRequest) -> None:
    """The mention the user saw must still be at ``index`` (the version check covers the rest)."""
    items = task.unlinked or []
    seen = request.POST.get("mention", "")
    if not 0 <= index < len(items) or (seen and items[index].get("name") != seen):
        raise ServiceError("Danh sách tên đơn vị chưa liên kết đã thay đổi: vui lòng tải lại trang.")


@login_required
@require_POST
def link(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    task = _task_of(doc, task_pk)
    try:
        _editable(doc)
        index = _mention_index(request)
        version = _version(request)
        _check_mention(task, index, request)
        name = request.POST.get("unit", "").strip()
        if not name:
            raise ServiceError("Vui lòng chọn đơn vị trong danh mục.")
        unit = _unit(name)
        mention = (task.unlinked or [])[index].get("name", "")
        review_service.link_mention(request.user, task, version, index, unit)
    except ServiceError as exc:
        messages.error(request, f"{_label(task)}: {exc.message}")
    else:
        messages.success(
            request, f"Đã liên kết «{mention}» với {unit.name}; lần sau tên này được nhận ra tự động."
        )
    return _back(doc, task)


@login_required
@require_POST
def create_unit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    task = _task_of(doc, task_pk)
    try:
        _editable(doc)
        index = _mention_index(request)
        version = _version(request)
        _check_mention(task, index, request)
        name = request.POST.get("name", "").strip()
        kind = request.POST.get("kind", UnitKind.KHAC)
        if kind not in UnitKind.values:
            raise ServiceError("Loại đơn vị không hợp lệ.")
        if name and lookup_unit(name) is not None:
            raise ServiceError(f"Đơn vị «{name}» đã có trong danh mục: hãy dùng nút «Liên kết».")
        review_service.create_unit_for_mention(request.user, task, version, index, name, kind)
    except ServiceError as exc:
        messages.error(request, f"{_label(task)}: {exc.message}")
    else:
        messages.success(request, f"Đã thêm đơn vị «{name}» vào danh mục và liên kết với nhiệm vụ.")
    return _back(doc, task)


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    try:
        assign_later = request.POST.get("giao_sau") == "co"
        confirmed = review_service.confirm_document(request.user, doc, assign_later=assign_later)
    except ServiceError as exc:
        messages.error(request, exc.message)
        if doc.state == DocumentState.REVIEW:
            return HttpResponseRedirect(reverse("tracking:review_confirm_step", args=[doc.pk]))
        return _back(doc)
    count = confirmed.tasks.count()
    messages.success(
        request,
        format_html("Đã duyệt văn bản {}: {} nhiệm vụ được giao chính thức.", str(confirmed), count),
    )
    return HttpResponseRedirect(reverse("tracking:document_detail", args=[doc.pk]))


urlpatterns = [
    path("van-ban/<int:pk>/duyet/", review, name="review"),
    path("van-ban/<int:pk>/duyet/nhiem-vu/<int:task_pk>/sua/", edit, name="review_edit"),
    path("van-ban/<int:pk>/duyet/nhiem-vu/<int:task_pk>/tach/", split, name="review_split"),
    path("van-ban/<int:pk>/duyet/nhiem-vu/<int:task_pk>/lien-ket/", link, name="review_link"),
    path(
        "van-ban/<int:pk>/duyet/nhiem-vu/<int:task_pk>/them-don-vi/", create_unit, name="review_create_unit"
    ),
    path("van-ban/<int:pk>/duyet/gop/", merge, name="review_merge"),
    path("van-ban/<int:pk>/duyet/xac-nhan/", confirm, name="review_confirm"),
]
