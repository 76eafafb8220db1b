"""Background ingestion: a received file becomes a job; a worker claims it and runs the ingestion.

A web request only calls ``submit`` (size and duplicate checks, the file stored, a queued job: a few
milliseconds); the extraction, of unbounded cost (OCR), runs in a worker:

- embedded (``DONDOC_JOBS=db``, the default): ``dondoc worker`` or the worker ``dondoc serve``
  starts poll the table and ``claim`` a job with a conditional UPDATE on its ``lease``, which is
  atomic on SQLite and PostgreSQL alike: several workers never run one job twice;
- at scale (``DONDOC_JOBS=celery``): ``submit`` also sends the job's id to Celery (Redis broker) once
  the transaction commits; a Celery task claims that job the same way (``dondoc.tracking.celery_jobs``).

The state is in the database: a job survives a restart, and a job left ``processing`` by a worker
that died (no heartbeat for ``DONDOC_JOB_STALE_SECONDS``) is claimed again. The document and its
tasks are stored, and the job marked done, in one transaction (``ingestion.ingest(on_stored=…)``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from dondoc.errors import DondocError
from dondoc.tracking.models import Document, DocumentSource, IngestJob, JobState
from dondoc.tracking.services import audit
from dondoc.tracking.services.access import AnyUser
from dondoc.tracking.services.errors import InvalidTransition
from dondoc.tracking.services.filetype import check_claimed_type
from dondoc.tracking.services.ingestion import (
    STORE_FAILED,
    DuplicateDocumentError,
    check_size,
    ingest,
)
from dondoc.tracking.services.storage import display_name, stored_name

logger = logging.getLogger(__name__)


class DuplicateJobError(DondocError):
    code = "duplicate_job"

    def __init__(self, job: IngestJob) -> None:
        super().__init__(
            f"Tệp này đã được nhận lúc {timezone.localtime(job.created_at):%H:%M %d/%m/%Y} "
            f"(«{job.original_name}») và đang chờ xử lý: không nhận lại."
        )
        self.job = job


class LeaseLost(Exception):
    """Another worker claimed the job (this one was thought dead): its result is not kept."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(settings.DONDOC_JOB_STALE_SECONDS))


# --- submit ------------------------------------------------------------------------------------------


def submit(
    data: bytes, filename: str, actor: AnyUser | None, source: str = DocumentSource.UPLOAD
) -> IngestJob:
    """Store the file as a queued job, at once; raise ``TooLargeError``, ``DuplicateDocumentError``
    (already in the register) or ``DuplicateJobError`` (already waiting). Nothing is extracted here."""
    name = display_name(filename, "van-ban")
    check_size(len(data))
    check_claimed_type(data, filename)  # a text named .docx is refused at once (422), not queued
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        raise DuplicateDocumentError(existing)
    waiting = IngestJob.objects.filter(sha256=digest, state__in=[JobState.QUEUED, JobState.PROCESSING])
    if (job := waiting.first()) is not None:
        raise DuplicateJobError(job)
    job = IngestJob(
        original_name=name,
        sha256=digest,
        size=len(data),
        source=source,
        uploaded_by=actor if isinstance(actor, User) else None,
    )
    job.file.save(stored_name(name), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            job.save()
            transaction.on_commit(lambda: dispatch(job.pk))
    except BaseException:
        _drop_file(job)
        raise
    return job


def dispatch(job_id: int) -> None:
    """Tell the workers: nothing to do for the embedded workers (they poll), a Celery message else.
    A broker that is down loses nothing: the job stays queued and ``requeue`` sends it again."""
    if settings.DONDOC_JOBS != "celery":
        return
    try:
        from dondoc.web.celery_app import app

        app.send_task("dondoc.ingest_job", args=[job_id])
    except Exception:  # the broker is down: the periodic requeue sends it later
        logger.exception("could not send job %s to Celery", job_id)


# --- claim and run -----------------------------------------------------------------------------------


def claim(worker: str, job_id: int | None = None) -> IngestJob | None:
    """Take the oldest queued job (or ``job_id``), or one whose worker stopped beating; None when there
    is none. The UPDATE is conditional on the lease read: of two workers, one wins, the other retries."""
    for _ in range(20):
        now = timezone.now()
        ready = Q(state=JobState.QUEUED) | Q(state=JobState.PROCESSING, heartbeat_at__lt=now - stale_after())
        candidates = IngestJob.objects.filter(ready)
        if job_id is not None:
            candidates = candidates.filter(pk=job_id)
        found = candidates.order_by("created_at", "id").values_list("pk", "lease").first()
        if found is None:
            return None
        pk, old_lease = found
        lease = uuid.uuid4().hex
        won = IngestJob.objects.filter(ready, pk=pk, lease=old_lease).update(
            state=JobState.PROCESSING,
            lease=lease,
            worker=worker[:100],
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            progress_done=0,
            progress_total=0,
        )
        if won:
            return IngestJob.objects.get(pk=pk)
    return None


def _mine(job: IngestJob) -> Q:
    return Q(pk=job.pk, lease=job.lease, state=JobState.PROCESSING)


def record_progress(job: IngestJob, done: int, total: int) -> None:
    """The ingestion's progress hook: page ``done`` of ``total`` read (shown on the job's page)."""
    IngestJob.objects.filter(_mine(job)).update(
        progress_done=max(0, done), progress_total=max(0, total), heartbeat_at=timezone.now()
    )


@contextmanager
def _heartbeat(job: IngestJob) -> Iterator[None]:
    """While the job runs, a thread marks it alive every quarter of the stale delay (its first beat
    comes only then: a short job never touches the database from the thread)."""
    stop = threading.Event()
    interval = max(0.05, stale_after().total_seconds() / 4)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                IngestJob.objects.filter(_mine(job)).update(heartbeat_at=timezone.now())
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run(job: IngestJob) -> IngestJob:
    """Run a claimed job: the ingestion service, then the job marked done (in the document's own
    transaction) or failed with the Vietnamese message. Returns the job as stored."""
    try:
        with job.file.open("rb") as stream:
            data = stream.read()
    except OSError:
        logger.exception("job %s: stored file unreadable", job.pk)
        return _fail(job, "Không đọc được tệp đã nhận (tệp lưu tạm bị mất hoặc hỏng).", "missing_file")

    def done(doc: Document) -> None:
        if not IngestJob.objects.filter(_mine(job)).update(
            state=JobState.DONE, document=doc, error="", error_code="", finished_at=timezone.now()
        ):
            raise LeaseLost()

    try:
        with _heartbeat(job):
            ingest(
                data,
                job.original_name,
                job.uploaded_by,
                job.source,
                progress=lambda k, n: record_progress(job, k, n),
                on_stored=done,
            )
    except LeaseLost:
        logger.warning("job %s was claimed by another worker; this result is dropped", job.pk)
        return IngestJob.objects.get(pk=job.pk)
    except DuplicateDocumentError as exc:
        return _fail(job, exc.message, "duplicate", document=exc.existing)
    except DondocError as exc:
        return _fail(job, exc.message, exc.code)
    except Exception:  # a bug or a full disk: the job fails, the worker goes on; the log has it
        logger.exception("job %s failed", job.pk)
        return _fail(job, STORE_FAILED, "internal")
    job.refresh_from_db()
    _drop_file(job)
    return job


def _fail(job: IngestJob, message: str, code: str, document: Document | None = None) -> IngestJob:
    IngestJob.objects.filter(_mine(job)).update(
        state=JobState.FAILED,
        error=message,
        error_code=code[:50],
        document=document,
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def _drop_file(job: IngestJob) -> None:
    """A done job's copy of the file goes (the document keeps its own)."""
    if job.file and job.file.name:
        job.file.storage.delete(job.file.name)
        if job.pk is not None:
            IngestJob.objects.filter(pk=job.pk).update(file="")
        job.file.name = ""


def run_next(worker: str | None = None) -> IngestJob | None:
    job = claim(worker or worker_name())
    return run(job) if job is not None else None


def drain(worker: str | None = None) -> int:
    """Run every job that can be claimed now, one after the other, through the real worker path; the
    number run. ``dondoc worker --once`` and the tests use it."""
    count = 0
    while run_next(worker) is not None:
        count += 1
    return count


# --- retry and recovery ------------------------------------------------------------------------------


def retry(job: IngestJob, actor: AnyUser | None) -> IngestJob:
    """Put a failed job back in the queue (its file was kept)."""
    if job.state != JobState.FAILED:
        raise InvalidTransition("Chỉ thử lại được một lượt xử lý bị lỗi.")
    if job.dismissed_at is not None:
        raise InvalidTransition(_DISMISSED_ALREADY.format(when=_when(job.dismissed_at)))
    if not job.file or not job.file.name:
        raise InvalidTransition("Tệp của lượt xử lý này không còn: hãy tải tệp lên lại.")
    with transaction.atomic():
        changed = IngestJob.objects.filter(
            pk=job.pk, state=JobState.FAILED, dismissed_at__isnull=True
        ).update(state=JobState.QUEUED, lease="", error="", error_code="", document=None, finished_at=None)
        if not changed:
            raise InvalidTransition("Lượt xử lý này vừa được thử lại.")
        audit.record(actor, "job.retried", f"Thử lại việc xử lý tệp «{job.original_name}».")
        transaction.on_commit(lambda: dispatch(job.pk))
    job.refresh_from_db()
    return job


_DISMISSED_ALREADY = "Lượt xử lý này đã được bỏ qua lúc {when}: không thử lại hay bỏ qua lần nữa."


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def dismiss(job: IngestJob, actor: AnyUser | None) -> IngestJob:
    """Take a failed job the office will not retry (a wrong file, a duplicate) off the pending list;
    the job and its history stay. Only a failed job, and only once."""
    if job.state != JobState.FAILED:
        raise InvalidTransition("Chỉ bỏ qua được một lượt xử lý bị lỗi.")
    if job.dismissed_at is not None:
        raise InvalidTransition(_DISMISSED_ALREADY.format(when=_when(job.dismissed_at)))
    now = timezone.now()
    user = actor if isinstance(actor, User) else None
    with transaction.atomic():
        changed = IngestJob.objects.filter(
            pk=job.pk, state=JobState.FAILED, dismissed_at__isnull=True
        ).update(dismissed_at=now, dismissed_by=user)
        if not changed:
            job.refresh_from_db()
            if job.dismissed_at is not None:
                raise InvalidTransition(_DISMISSED_ALREADY.format(when=_when(job.dismissed_at)))
            raise InvalidTransition("Lượt xử lý này vừa được thử lại: không bỏ qua được.")
        audit.record(
            actor,
            "job.dismissed",
            f"Bỏ qua việc xử lý tệp «{job.original_name}» (lỗi: {job.error or 'không rõ'}).",
        )
    job.refresh_from_db()
    return job


def requeue() -> int:
    """Celery only (the embedded workers claim them directly): send again the queued jobs the broker
    may have lost and the ones whose worker died. Run periodically by Celery beat."""
    before = timezone.now() - stale_after()
    stale = Q(state=JobState.PROCESSING, heartbeat_at__lt=before) | Q(
        state=JobState.QUEUED, created_at__lt=before
    )
    ids = list(IngestJob.objects.filter(stale).values_list("pk", flat=True)[:1000])
    for pk in ids:
        dispatch(pk)
    return len(ids)
