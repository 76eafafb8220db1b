"""Background ingestion: the upload only queues a job, a worker runs it, a failure can be retried, a
job left by a dead worker is claimed again, and the document appears with all its tasks at once.

The jobs run through the real worker path (``jobs.claim`` + ``jobs.run``, ``jobs.drain``); the
several-workers test runs real ``dondoc worker`` processes on one SQLite file."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dondoc.tracking.models import AuditEvent, Document, IngestJob, JobState, Task
from dondoc.tracking.services import jobs

from .conftest import sample_bytes
from .test_api import api
from .test_cli_web import _env

UPLOAD = reverse("tracking:document_upload")
NOTICE = "thong-bao-ket-luan-giao-ban.txt"


def post_files(client: Client, *files: tuple[str, bytes]) -> None:
    payload = [SimpleUploadedFile(n, d, content_type="application/octet-stream") for n, d in files]
    response = client.post(UPLOAD, {"files": payload})
    assert response.status_code == 302


def test_upload_answers_before_the_job_ran_then_the_worker_stores_it(
    login: Callable[[str], Client], users: dict[str, User]
) -> None:
    office = login("vanphong")
    post_files(office, ("thong-bao-45.txt", sample_bytes(NOTICE)))
    job = IngestJob.objects.get()
    assert job.state == JobState.QUEUED and job.uploaded_by == users["vanphong"]
    assert Document.objects.count() == 0 and Task.objects.count() == 0  # nothing extracted in the request
    assert Path(job.file.path).read_bytes() == sample_bytes(NOTICE)

    results = office.get(UPLOAD).content.decode()
    assert "Đang chờ xử lý" in results and "Đã nhập 0/1 tệp. 1 tệp đã nhận, đang chờ xử lý" in results
    assert reverse("tracking:job_detail", args=[job.pk]) in results
    listing = office.get(reverse("tracking:document_list")).content.decode()
    assert "thong-bao-45.txt" in listing and "Đang chờ xử lý" in listing
    page = office.get(reverse("tracking:job_detail", args=[job.pk])).content.decode()
    assert "Đang chờ xử lý" in page and '<meta http-equiv="refresh" content="3">' in page

    assert jobs.drain() == 1
    job.refresh_from_db()
    doc = Document.objects.get()
    assert job.state == JobState.DONE and job.document == doc and job.attempts == 1
    assert doc.number == "45/TB-UBND" and doc.tasks.count() >= 8 and doc.uploaded_by == users["vanphong"]
    assert not job.file  # the job's copy went; the document keeps its own file
    assert Path(doc.file.path).read_bytes() == sample_bytes(NOTICE)
    page = office.get(reverse("tracking:job_detail", args=[job.pk])).content.decode()
    assert f"Đã nhập, {doc.tasks.count()} nhiệm vụ dự thảo chờ duyệt." in page
    assert reverse("tracking:review", args=[doc.pk]) in page and "http-equiv" not in page
    listing = office.get(reverse("tracking:document_list")).content.decode()
    assert "Tệp đang xử lý hoặc bị lỗi" not in listing and "45/TB-UBND" in listing


def test_progress_is_shown_page_by_page(login: Callable[[str], Client], users: dict[str, User]) -> None:
    job = jobs.submit(sample_bytes(NOTICE), "ban-quet.txt", users["vanphong"])
    claimed = jobs.claim("kiem-thu")
    assert claimed is not None and claimed.pk == job.pk
    jobs.record_progress(claimed, 2, 5)
    page = login("vanphong").get(reverse("tracking:job_detail", args=[job.pk])).content.decode()
    assert "Đang xử lý: trang 2/5" in page
    stranger = IngestJob(pk=job.pk, lease="khac")  # a worker whose lease was taken: its report is ignored
    jobs.record_progress(stranger, 4, 5)
    assert IngestJob.objects.get(pk=job.pk).progress_done == 2


def test_failure_shows_the_vietnamese_error_and_retry_runs_it_again(
    login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    office = login("vanphong")
    post_files(office, ("thong-bao-45.txt", sample_bytes(NOTICE)))
    monkeypatch.setenv("DONDOC_EXTRACT_SECONDS", "0")  # the extraction's time budget runs out
    assert jobs.drain() == 1
    job = IngestJob.objects.get()
    assert job.state == JobState.FAILED and job.error_code == "too_complex"
    assert "quá phức tạp" in job.error
    assert Document.objects.count() == 0 and Task.objects.count() == 0  # nothing half-stored
    assert not AuditEvent.objects.filter(action="document.imported").exists()
    listing = office.get(reverse("tracking:document_list")).content.decode()
    assert "Lỗi" in listing and "quá phức tạp" in listing
    page = office.get(reverse("tracking:job_detail", args=[job.pk])).content.decode()
    retry_url = reverse("tracking:job_retry", args=[job.pk])
    assert "quá phức tạp" in page and retry_url in page and "Thử lại" in page

    monkeypatch.delenv("DONDOC_EXTRACT_SECONDS")
    response = office.post(retry_url, follow=True)
    assert "Đã xếp hàng xử lý lại tệp «thong-bao-45.txt»." in response.content.decode()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.error == ""
    assert AuditEvent.objects.filter(action="job.retried").count() == 1
    assert jobs.drain() == 1
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2 and job.document is not None
    assert job.document.number == "45/TB-UBND"
    again = office.post(retry_url, follow=True).content.decode()  # a done job is not retried
    assert "Chỉ thử lại được một lượt xử lý bị lỗi." in again
    assert IngestJob.objects.get(pk=job.pk).state == JobState.DONE


def test_a_unit_user_cannot_see_or_retry_a_job(
    login: Callable[[str], Client], users: dict[str, User]
) -> None:
    job = jobs.submit(b"", "rong.txt", users["vanphong"])
    jobs.drain()
    assert IngestJob.objects.get(pk=job.pk).state == JobState.FAILED
    client = login("taichinh")
    assert client.get(reverse("tracking:job_detail", args=[job.pk])).status_code == 403
    assert client.post(reverse("tracking:job_retry", args=[job.pk])).status_code == 403
    assert IngestJob.objects.get(pk=job.pk).state == JobState.FAILED
    assert "rong.txt" not in client.get(reverse("tracking:document_list")).content.decode()


def test_a_stale_processing_job_is_claimed_again(users: dict[str, User], settings: Any) -> None:
    """A worker died in the middle of a job (the server restarted): once its heartbeat is older than
    DONDOC_JOB_STALE_SECONDS another worker takes the job; a job whose worker is alive is left alone."""
    settings.DONDOC_JOB_STALE_SECONDS = 60
    dead = jobs.submit(sample_bytes(NOTICE), "thong-bao-45.txt", users["vanphong"])
    alive = jobs.submit(sample_bytes("ke-hoach-trien-khai.txt"), "ke-hoach.txt", users["vanphong"])
    now = timezone.now()
    IngestJob.objects.filter(pk=dead.pk).update(
        state=JobState.PROCESSING,
        lease="chet",
        worker="may-cu:1",
        attempts=1,
        heartbeat_at=now - dt.timedelta(seconds=61),
    )
    IngestJob.objects.filter(pk=alive.pk).update(
        state=JobState.PROCESSING,
        lease="song",
        worker="may-khac:2",
        attempts=1,
        heartbeat_at=now - dt.timedelta(seconds=5),
    )
    assert jobs.drain("may-moi") == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.state == JobState.DONE and dead.attempts == 2 and dead.worker == "may-moi"
    assert dead.document is not None and dead.document.number == "45/TB-UBND"
    assert alive.state == JobState.PROCESSING and alive.lease == "song"  # still its worker's
    assert Document.objects.count() == 1


def test_a_job_taken_over_keeps_only_one_result(users: dict[str, User]) -> None:
    """The first worker was thought dead and its job was claimed again: when it ends after all, its
    result is dropped in the same transaction (the document is not stored twice)."""
    job = jobs.submit(sample_bytes(NOTICE), "thong-bao-45.txt", users["vanphong"])
    slow = jobs.claim("cham")
    assert slow is not None
    IngestJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(days=1))
    fast = jobs.claim("nhanh")
    assert fast is not None and fast.lease != slow.lease
    jobs.run(slow)  # its lease is gone: rolled back
    assert Document.objects.count() == 0 and Task.objects.count() == 0
    assert jobs.run(fast).state == JobState.DONE
    assert Document.objects.count() == 1
    assert AuditEvent.objects.filter(action="document.imported").count() == 1


def test_duplicates_are_refused_at_once(login: Callable[[str], Client]) -> None:
    office = login("vanphong")
    data = sample_bytes(NOTICE)
    post_files(office, ("lan-1.txt", data))
    post_files(office, ("lan-2.txt", data))  # the first one still waits
    html = office.get(UPLOAD).content.decode()
    assert "đang chờ xử lý: không nhận lại" in html
    assert IngestJob.objects.count() == 1
    jobs.drain()
    post_files(office, ("lan-3.txt", data))
    html = office.get(UPLOAD).content.decode()
    assert "đã có trong hệ thống" in html and IngestJob.objects.count() == 1


def test_api_upload_is_202_with_the_job_url_and_a_failed_job_retries(users: dict[str, User]) -> None:
    client = api("vanphong")
    upload = io.BytesIO(sample_bytes(NOTICE))
    upload.name = "thong-bao-45.txt"
    response = client.post("/api/documents/", {"file": upload})
    assert response.status_code == 202, response.content
    job = IngestJob.objects.get()
    assert response["Location"] == f"/api/jobs/{job.pk}/" == response.json()["url"]
    assert response.json()["state"] == "cho_xu_ly" and response.json()["state_display"] == "Đang chờ xử lý"
    assert Document.objects.count() == 0
    assert client.get(f"/api/jobs/{job.pk}/").json()["document_id"] is None
    jobs.drain()
    body = client.get(f"/api/jobs/{job.pk}/").json()
    assert body["state"] == "xong" and body["document_id"] == Document.objects.get().pk
    conflict = client.post(f"/api/jobs/{job.pk}/retry/")
    assert conflict.status_code == 409 and conflict.json()["code"] == "invalid_transition"

    empty = io.BytesIO(b"")
    empty.name = "rong.txt"
    failed_url = client.post("/api/documents/", {"file": empty})["Location"]
    jobs.drain()
    failed = client.get(failed_url).json()
    assert failed["state"] == "loi" and failed["error_code"] == "empty_file" and "Tệp rỗng" in failed["error"]
    retried = client.post(failed_url + "retry/")
    assert retried.status_code == 202 and retried.json()["state"] == "cho_xu_ly"
    assert api("taichinh").get(failed_url).status_code == 403
    assert client.get("/api/jobs/999999/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_give_one_job_twice(users: dict[str, User]) -> None:
    """Threads claiming at the same moment (SQLite: conditional UPDATE on the test database file;
    PostgreSQL: the same, under row locks): every job goes to exactly one of them."""
    import threading

    for i in range(12):
        jobs.submit(sample_bytes(NOTICE) + f"\nBản số {i}.\n".encode(), f"tb-{i}.txt", users["vanphong"])
    won: list[int] = []
    start = threading.Barrier(4)

    def claimer(n: int) -> None:
        try:
            start.wait()
            while (job := jobs.claim(f"luong-{n}")) is not None:
                won.append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == sorted(IngestJob.objects.values_list("pk", flat=True))
    assert all(a == 1 for a in IngestJob.objects.values_list("attempts", flat=True))


def test_several_worker_processes_never_process_one_job_twice(tmp_path: Path) -> None:
    """Real ``dondoc worker --once`` processes on one SQLite file, started together on 8 queued files:
    each job is run once (one attempt, one document, one import event), whoever ran it."""
    files = []
    for i in range(8):
        path = tmp_path / f"thong-bao-{i}.txt"
        path.write_bytes(sample_bytes(NOTICE) + f"\nBản số {i}.\n".encode())
        files.append(str(path))
    data = tmp_path / "var"
    queued = subprocess.run(
        [sys.executable, "-m", "dondoc", "import", "--queue", *files],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert queued.returncode == 0, queued.stderr
    assert queued.stderr.count("đã xếp hàng chờ xử lý") == 8
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "dondoc", "worker", "--once"],
            env=_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outs = [w.communicate(timeout=300) for w in workers]
    assert all(w.returncode == 0 for w in workers), outs
    counts = [int(out.strip().split()[-2]) for out, _err in outs]  # "Đã xử lý N tệp."
    assert sum(counts) == 8
    check = (
        "from dondoc.tracking.models import *; import json; print(json.dumps(["
        "list(IngestJob.objects.values_list('state', 'attempts')), Document.objects.count(),"
        " AuditEvent.objects.filter(action='document.imported').count()]))"
    )
    out = subprocess.run(
        [sys.executable, "-m", "dondoc", "manage", "shell", "-c", check],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    import json

    states, documents, events = json.loads(out.stdout.strip().splitlines()[-1])
    assert states == [["xong", 1]] * 8
    assert documents == 8 and events == 8


def test_no_view_runs_the_extraction() -> None:
    """Issue 11: web requests never run extraction of unbounded cost. No module of the web UI or the
    API reaches the pipeline or the synchronous ingestion; they queue jobs (``jobs.submit``)."""
    import ast

    import dondoc.tracking.api as api_package
    import dondoc.tracking.views as views_package

    forbidden = {"extract_bytes", "extract_path", "ingest", "import_many", "import_one_path", "ingest_bytes"}
    found = []
    for package in (views_package, api_package):
        for source in Path(package.__file__).parent.glob("*.py"):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and "pipeline" in node.module:
                    found.append(f"{source.name}: from {node.module}")
                names = [a.name for a in node.names] if isinstance(node, ast.ImportFrom | ast.Import) else []
                found += [f"{source.name}: {n}" for n in names if n.split(".")[-1] in forbidden]
    assert found == []
    assert "jobs.submit(" in (Path(views_package.__file__).parent / "documents.py").read_text(encoding="utf-8")
    assert "jobs.submit(" in (Path(api_package.__file__).parent / "views.py").read_text(encoding="utf-8")


def _processes_with(argument: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argument.encode() in argv and b"worker" in argv:
                found.append(int(entry.name))
    return found


def test_serve_starts_the_worker_beside_gunicorn_and_it_ends_with_it(tmp_path: Path) -> None:
    import time

    from .test_cli_web import _free_port

    server = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "serve", "--port", str(_free_port()), "--workers", "1"],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            workers = _processes_with(str(server.pid))  # `dondoc worker --parent-pid <gunicorn>`
            if workers:
                break
            time.sleep(0.1)
        assert len(workers) == 1
    finally:
        server.terminate()
        server.wait(timeout=30)
    for _ in range(100):
        if not _processes_with(str(server.pid)):
            break
        time.sleep(0.1)
    assert _processes_with(str(server.pid)) == []  # no orphan worker left behind
