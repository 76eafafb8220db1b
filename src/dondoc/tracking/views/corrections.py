"""Correcting the register from the review screen and the document page: add or remove a draft task,
reject a document in review, withdraw a confirmed one, undo a confirmation, the confirmation step.

Thin shells over ``services.corrections`` and ``services.review``; Văn phòng only (others get 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from dondoc.tracking.models import DocumentState, TaskState
from dondoc.tracking.services import corrections
from dondoc.tracking.services import review as review_service
from dondoc.tracking.services.errors import ServiceError
from dondoc.tracking.services.params import int_param
from dondoc.tracking.views.review import _back, _office_document, _task_of, _unit, _version, task_card

MAX_OFFSET = 10_000_000


def _document_page(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("tracking:document_detail", args=[pk]))


@login_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    post = request.POST
    try:
        start = int_param(post, "start", maximum=MAX_OFFSET)
        end = int_param(post, "end", maximum=MAX_OFFSET)
        lead_text = post.get("lead", "").strip()
        task = corrections.add_task(
            request.user,
            doc,
            post.get("content", ""),
            start=start if end is not None else None,
            end=end if start is not None else None,
            lead=_unit(lead_text) if lead_text else None,
            deadline=review_service.parse_date(post.get("deadline", "")),
        )
    except ServiceError as exc:
        messages.error(request, f"Thêm nhiệm vụ: {exc.message} Chưa thêm nhiệm vụ nào.")
        return _back(doc)
    messages.success(request, f"Đã thêm nhiệm vụ #{task.pk} (dự thảo chờ duyệt).")
    return _back(doc, task)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    task = _task_of(doc, task_pk)
    htmx = request.headers.get("HX-Request") == "true"
    try:
        corrections.remove_task(request.user, task, _version(request), request.POST.get("reason", ""))
    except ServiceError as exc:
        if htmx:
            return task_card(request, doc, task, f"{exc.message} Chưa xóa nhiệm vụ.", "error")
        messages.error(request, f"Nhiệm vụ #{task.pk}: {exc.message}")
        return _back(doc, task)
    text = f"Đã xóa nhiệm vụ dự thảo #{task_pk}: «{task.content[:80]}»."
    if htmx:
        return render(request, "tracking/review/_removed.html", {"text": text})
    messages.success(request, text)
    return _back(doc)


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    name = str(doc)
    try:
        corrections.reject_document(request.user, doc, request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _back(doc) if doc.state == DocumentState.REVIEW else _document_page(doc.pk)
    messages.success(request, f"Đã loại bỏ văn bản {name} cùng các nhiệm vụ dự thảo của nó.")
    return HttpResponseRedirect(reverse("tracking:document_list"))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    try:
        corrections.withdraw_document(request.user, doc, request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã thu hồi văn bản {doc}: các nhiệm vụ không còn được theo dõi.")
    return _document_page(doc.pk)


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _office_document(request, pk)
    try:
        corrections.undo_confirmation(request.user, doc, request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _document_page(doc.pk)
    messages.success(request, f"Đã hủy duyệt văn bản {doc}: các nhiệm vụ trở lại dự thảo chờ duyệt.")
    return _back(doc)


@login_required
@require_GET
def confirm_step(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page (no script needed): what will become official, and the tasks without a
    lead unit, which need the explicit «Giao sau» choice."""
    doc = _office_document(request, pk)
    if doc.state != DocumentState.REVIEW:
        messages.error(request, "Văn bản này đã được duyệt.")
        return _document_page(doc.pk)
    drafts = list(doc.tasks.filter(state=TaskState.DRAFT).order_by("order", "id"))
    return render(
        request,
        "tracking/review/confirm.html",
        {"doc": doc, "draft_count": len(drafts), "missing": review_service.without_lead(drafts)},
    )


urlpatterns = [
    path("van-ban/<int:pk>/duyet/them/", add, name="review_add"),
    path("van-ban/<int:pk>/duyet/nhiem-vu/<int:task_pk>/xoa/", remove, name="review_remove"),
    path("van-ban/<int:pk>/duyet/xac-nhan-duyet/", confirm_step, name="review_confirm_step"),
    path("van-ban/<int:pk>/loai-bo/", reject, name="document_reject"),
    path("van-ban/<int:pk>/thu-hoi/", withdraw, name="document_withdraw"),
    path("van-ban/<int:pk>/huy-duyet/", undo, name="document_undo"),
]
