"""Dismissing a failed ingestion job the office will not retry (a wrong file, a duplicate): it leaves
the list of pending/failed jobs, its own page still shows it ("Đã bỏ qua", who, when), one audit
event; only a failed job, only once, and no retry afterwards.

The jobs fail for real: a corrupt file uploaded through the web form and run by the worker path
(``jobs.drain``)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dondoc.tracking.models import AuditEvent, IngestJob, JobState
from dondoc.tracking.services import jobs
from dondoc.tracking.services.errors import InvalidTransition

from .conftest import sample_bytes
from .test_api import api
from .test_jobs import NOTICE, post_files

LISTING = reverse("tracking:document_list")


def failed_upload(office: Client, name: str = "rong.txt", data: bytes = b"") -> IngestJob:
    """A file uploaded through the web form that the worker really fails on."""
    post_files(office, (name, data))
    assert jobs.drain() == 1
    job = IngestJob.objects.get(original_name=name)
    assert job.state == JobState.FAILED and job.error  # the worker's own Vietnamese error
    return job


def test_a_dismissed_job_leaves_the_list_and_its_page_says_who_and_when(
    login: Callable[[str], Client], users: dict[str, User]
) -> None:
    office = login("vanphong")
    job = failed_upload(office)
    page_url = reverse("tracking:job_detail", args=[job.pk])
    dismiss_url = reverse("tracking:job_dismiss", args=[job.pk])
    assert "rong.txt" in office.get(LISTING).content.decode()
    page = office.get(page_url).content.decode()
    assert dismiss_url in page and "Bỏ qua</button>" in page and "Đã bỏ qua" not in page
    assert 'name="csrfmiddlewaretoken"' in page

    response = office.post(dismiss_url, follow=True)
    html = response.content.decode()
    assert "Đã bỏ qua tệp «rong.txt»: tệp không còn trong danh sách chờ xử lý." in html
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.dismissed_by == users["vanphong"]
    assert job.dismissed_at is not None
    assert "rong.txt" not in office.get(LISTING).content.decode()

    when = timezone.localtime(job.dismissed_at).strftime("%d/%m/%Y %H:%M")
    who = users["vanphong"].get_full_name() or "vanphong"
    page = office.get(page_url).content.decode()
    assert f"Đã bỏ qua lúc {when}, người bỏ qua: {who}." in page
    assert dismiss_url not in page and reverse("tracking:job_retry", args=[job.pk]) not in page
    assert job.error in page  # the history stays: the error is still shown

    events = AuditEvent.objects.filter(action="job.dismissed")
    assert events.count() == 1
    event = events.get()
    assert event.actor == users["vanphong"] and "«rong.txt»" in event.message

    again = office.post(dismiss_url, follow=True).content.decode()  # twice: an error, no second event
    assert f"Lượt xử lý này đã được bỏ qua lúc {when}" in again
    assert AuditEvent.objects.filter(action="job.dismissed").count() == 1


def test_a_dismissed_job_is_not_retried(login: Callable[[str], Client]) -> None:
    office = login("vanphong")
    job = failed_upload(office)
    jobs.dismiss(job, None)
    before = AuditEvent.objects.count()
    html = office.post(reverse("tracking:job_retry", args=[job.pk]), follow=True).content.decode()
    assert "Lượt xử lý này đã được bỏ qua lúc" in html and "không thử lại" in html
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.dismissed_at is not None and job.attempts == 1
    assert AuditEvent.objects.count() == before
    assert jobs.drain() == 0  # nothing was queued


def test_only_a_failed_job_is_dismissed(login: Callable[[str], Client], users: dict[str, User]) -> None:
    office = login("vanphong")
    queued = jobs.submit(sample_bytes(NOTICE), "thong-bao-45.txt", users["vanphong"])
    url = reverse("tracking:job_dismiss", args=[queued.pk])
    html = office.post(url, follow=True).content.decode()
    assert "Chỉ bỏ qua được một lượt xử lý bị lỗi." in html
    queued.refresh_from_db()
    assert queued.state == JobState.QUEUED and queued.dismissed_at is None
    assert "thong-bao-45.txt" in office.get(LISTING).content.decode()
    assert jobs.drain() == 1
    queued.refresh_from_db()
    with pytest.raises(InvalidTransition, match=r"Chỉ bỏ qua được một lượt xử lý bị lỗi\."):
        jobs.dismiss(queued, users["vanphong"])  # a done job neither
    assert IngestJob.objects.get(pk=queued.pk).dismissed_at is None
    assert not AuditEvent.objects.filter(action="job.dismissed").exists()


def test_a_unit_user_cannot_dismiss(login: Callable[[str], Client]) -> None:
    job = failed_upload(login("vanphong"))
    unit = login("taichinh")
    assert unit.post(reverse("tracking:job_dismiss", args=[job.pk])).status_code == 403
    assert api("taichinh").post(f"/api/jobs/{job.pk}/dismiss/").status_code == 403
    job.refresh_from_db()
    assert job.dismissed_at is None and not AuditEvent.objects.filter(action="job.dismissed").exists()


def test_api_dismiss_beside_retry(users: dict[str, User]) -> None:
    client = api("vanphong")
    corrupt = io.BytesIO(b"")
    corrupt.name = "nham-tep.txt"
    url = client.post("/api/documents/", {"file": corrupt})["Location"]
    jobs.drain()
    assert client.get(url).json()["state"] == "loi"
    response = client.post(url + "dismiss/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "loi" and body["dismissed_by"] == "vanphong" and body["dismissed_at"]
    assert client.get(url).json()["dismissed_by"] == "vanphong"
    again = client.post(url + "dismiss/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    assert "đã được bỏ qua" in again.json()["detail"]
    retried = client.post(url + "retry/")
    assert retried.status_code == 409 and "đã được bỏ qua" in retried.content.decode()
    assert AuditEvent.objects.filter(action="job.dismissed").count() == 1
    assert client.post("/api/jobs/999999/dismiss/").status_code == 404
