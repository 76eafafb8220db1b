"""Documents: the list, the upload (several files, drag and drop), the detail and the original file."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from dondoc.errors import DondocError
from dondoc.textutil import fold_words
from dondoc.tracking.models import Document, DocumentState, IngestJob, JobState
from dondoc.tracking.services import access, corrections, ingestion, jobs, queries
from dondoc.tracking.services.ingestion import STORE_FAILED, DuplicateDocumentError
from dondoc.tracking.services.params import int_param
from dondoc.tracking.views.common import document_for
from dondoc.tracking.views.jobs import pending_jobs

PAGE_SIZE = 25
logger = logging.getLogger(__name__)

METADATA_FIELDS = [
    ("doc_type", "Loại văn bản"),
    ("number", "Số, ký hiệu"),
    ("title", "Trích yếu"),
    ("issuer", "Cơ quan ban hành"),
    ("place", "Địa danh"),
    ("issued_date", "Ngày ban hành"),
    ("meeting_date", "Ngày họp"),
    ("signer", "Người ký"),
    ("authority", "Thẩm quyền ký"),
]


# --- list --------------------------------------------------------------------------------------------


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    docs: QuerySet[Document] = access.visible_documents(request.user)
    state = request.GET.get("trang_thai", "")
    if state in DocumentState.values:
        docs = docs.filter(state=state)
    text = request.GET.get("q", "").strip()
    key = fold_words(text)
    if key:  # number, trích yếu, issuer or file name, with or without diacritics
        docs = docs.filter(search_key__contains=key)
    if access.can_read_all(request.user):
        docs = docs.annotate(task_count=Count("tasks"))
    page = Paginator(docs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(int_param(request.GET, "trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "tracking/documents/list.html",
        {
            "page": page,
            "state": state,
            "q": text,
            "states": DocumentState.choices,
            "query": query.urlencode(),
            "show_counts": access.can_read_all(request.user),
            "jobs": pending_jobs() if access.is_office(request.user) else [],
            "no_tasks_note": ingestion.NO_TASKS_NOTE,
        },
    )


# --- upload ------------------------------------------------------------------------------------------


class SizeLimitHandler(FileUploadHandler):
    """Runs before Django's own upload handlers: a file that grows past the limit is skipped at once,
    so its bytes are neither kept in memory nor written to a temporary file."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large.append(str(self.file_name or "tệp"))
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@dataclass
class UploadRow:
    name: str
    status: str  # "queued" | "duplicate" | "error"
    message: str
    document: Document | None = None
    job: IngestJob | None = None


QUEUED = "Đã nhận, đang chờ xử lý: nhiệm vụ dự thảo sẽ có khi trích xuất xong."


def _receive(request: HttpRequest, name: str, data: bytes) -> UploadRow:
    """Store the file as a job (no extraction here: a worker runs it); the row to show."""
    try:
        job = jobs.submit(data, name, request.user)
    except DuplicateDocumentError as exc:
        return UploadRow(name, "duplicate", exc.message, exc.existing)
    except jobs.DuplicateJobError as exc:
        return UploadRow(name, "duplicate", exc.message, job=exc.job)
    except DondocError as exc:
        return UploadRow(name, "error", exc.message)
    except Exception:  # a full disk must not stop the batch; the log has the details
        logger.exception("upload of %r failed", name)
        return UploadRow(name, "error", STORE_FAILED)
    return UploadRow(name, "queued", QUEUED, job=job)


_RESULTS_KEY = "dondoc_upload_results"


def _too_large_message(limit: int) -> str:
    return f"Tệp quá lớn: vượt giới hạn {filesizeformat(limit)} cho mỗi tệp. Tệp không được lưu."


@csrf_exempt  # only so that the size limit is installed before the body is read; CSRF is checked below
@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest) -> HttpResponse:
    """Văn phòng only. Each file is stored as a job on its own (extracted later by a worker, never in
    this request); a refused file stores nothing and the others go on."""
    if not access.is_office(request.user):
        raise PermissionDenied
    limiter = None
    if request.method == "POST":
        limiter = SizeLimitHandler(request, int(settings.MAX_UPLOAD_BYTES))
        request.upload_handlers.insert(0, limiter)
    return _upload(request, limiter)


@csrf_protect
def _upload(request: HttpRequest, limiter: SizeLimitHandler | None) -> HttpResponse:
    limit = int(settings.MAX_UPLOAD_BYTES)
    rows: list[UploadRow] = []
    chosen = False
    if request.method == "POST" and limiter is not None:
        files = request.FILES.getlist("files")
        chosen = bool(files or limiter.too_large)
        for name in limiter.too_large:
            rows.append(UploadRow(name, "error", _too_large_message(limit)))
        for upload in files:
            name = upload.name or "van-ban"
            if upload.size is not None and upload.size > limit:
                rows.append(UploadRow(name, "error", _too_large_message(limit)))
                continue
            rows.append(_receive(request, name, upload.read()))
            upload.close()
    if request.method == "POST" and chosen:
        # Post/redirect/get: the results are shown once on the page the browser is sent to, so that
        # reloading it does not upload the files again.
        request.session[_RESULTS_KEY] = [
            [r.name, r.status, r.message, r.document.pk if r.document else None, r.job.pk if r.job else None]
            for r in rows
        ]
        return redirect(reverse("tracking:document_upload"), permanent=False)
    shown = request.session.pop(_RESULTS_KEY, None) if request.method == "GET" else None
    if shown:
        documents = Document.objects.in_bulk([row[3] for row in shown if row[3] is not None])
        found = IngestJob.objects.select_related("document").in_bulk([row[4] for row in shown if row[4]])
        rows = [
            UploadRow(name, status, message, documents.get(doc_pk), found.get(job_pk))
            for name, status, message, doc_pk, job_pk in shown
        ]
    status = 400 if request.method == "POST" and not chosen else 200
    return render(
        request,
        "tracking/documents/upload.html",
        {
            "rows": rows,
            "posted": request.method == "POST" or bool(shown),
            "nothing_chosen": request.method == "POST" and not chosen,
            "limit": limit,
            "ok_count": sum(r.job is not None and r.job.state == JobState.DONE for r in rows),
            "waiting_count": sum(r.job is not None and r.job.active and r.status == "queued" for r in rows),
        },
        status=status,
    )


# --- detail and file ---------------------------------------------------------------------------------


def _task_url(pk: int) -> str | None:
    try:
        return reverse("tracking:task_detail", args=[pk])
    except NoReverseMatch:  # the task screens are optional for this page
        return None


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = document_for(request, pk)
    evidence: dict[str, Any] = ((doc.extraction or {}).get("document") or {}).get("evidence") or {}
    metadata = []
    for field, label in METADATA_FIELDS:
        value = getattr(doc, field)
        if value in (None, ""):
            continue
        ev = evidence.get(field) if isinstance(evidence.get(field), dict) else None
        metadata.append({"label": label, "value": value, "evidence": ev})
    tasks = (
        access.visible_tasks(request.user)
        .filter(document=doc)
        .select_related("lead", "lead_group")
        .prefetch_related("supports", "co_leads")
        .order_by("order", "id")
    )
    extended = queries.extended_from([t.pk for t in tasks])
    rows = [{"task": t, "url": _task_url(t.pk), "extended_from": extended.get(t.pk)} for t in tasks]
    office = access.is_office(request.user)
    return render(
        request,
        "tracking/documents/detail.html",
        {
            "doc": doc,
            "metadata": metadata,
            "rows": rows,
            "can_review": office,
            "undo_refusal": corrections.undo_refusal(doc)
            if office and doc.state == DocumentState.CONFIRMED
            else None,
            # Not one task, even outside the user's scope: the office checks the document.
            "no_tasks_note": "" if doc.tasks.exists() else ingestion.NO_TASKS_NOTE,
        },
    )


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file, for users who may see the document (others get 404)."""
    doc = document_for(request, pk)
    if not doc.file.name or not doc.file.storage.exists(doc.file.name):
        raise Http404("Không tìm thấy tệp gốc.")
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=doc.original_name,
        content_type=doc.media_type or "application/octet-stream",
    )


urlpatterns = [
    path("van-ban/", document_list, name="document_list"),
    path("van-ban/nhap/", document_upload, name="document_upload"),
    path("van-ban/<int:pk>/", document_detail, name="document_detail"),
    path("van-ban/<int:pk>/tep/", document_file, name="document_file"),
]
