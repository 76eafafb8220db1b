"""Received files being read in the background: a job's page (state, progress, error), its retry
and its dismissal.

The office's business only (who uploads): others get 403. The page reloads itself (a ``<meta
refresh>``, which the Content-Security-Policy allows) while the job waits or runs; once done it leads
to the document's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from dondoc.tracking.models import IngestJob, JobState
from dondoc.tracking.services import access, jobs
from dondoc.tracking.services.errors import ServiceError

REFRESH_SECONDS = 3


def job_for(request: HttpRequest, pk: int) -> IngestJob:
    if not access.is_office(request.user):
        raise PermissionDenied
    job = IngestJob.objects.select_related("document", "dismissed_by").filter(pk=pk).first()
    if job is None:
        raise Http404("Không tìm thấy lượt xử lý.")
    return job


def pending_jobs(limit: int = 50) -> list[IngestJob]:
    """What the office's document list shows above the documents: files not (yet) in the register,
    less the failed ones the office dismissed (their own page still shows them)."""
    pending = IngestJob.objects.exclude(state=JobState.DONE).filter(dismissed_at__isnull=True)
    return list(pending.order_by("-created_at", "-id")[:limit])


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    return render(
        request,
        "tracking/documents/job.html",
        {"job": job, "refresh": REFRESH_SECONDS if job.active else None},
    )


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    try:
        jobs.retry(job, request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã xếp hàng xử lý lại tệp «{job.original_name}».")
    return redirect("tracking:job_detail", pk=job.pk)


@login_required
@require_POST
def job_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    try:
        jobs.dismiss(job, request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã bỏ qua tệp «{job.original_name}»: tệp không còn trong danh sách chờ xử lý."
        )
    return redirect("tracking:job_detail", pk=job.pk)


urlpatterns = [
    path("van-ban/tiep-nhan/<int:pk>/", job_detail, name="job_detail"),
    path("van-ban/tiep-nhan/<int:pk>/thu-lai/", job_retry, name="job_retry"),
    path("van-ban/tiep-nhan/<int:pk>/bo-qua/", job_dismiss, name="job_dismiss"),
]
