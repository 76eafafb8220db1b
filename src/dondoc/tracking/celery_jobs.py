"""Celery tasks (``DONDOC_JOBS=celery``): thin shells over ``services.jobs`` and the periodic hook.

A message carries only the job's id; the job's state stays in the database, and the task claims the
job with the same conditional UPDATE as the embedded workers, so a message delivered twice (a
requeue, a worker lost after it took the message) never runs a job twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from celery import shared_task as _shared_task

from dondoc.tracking.services import jobs, periodic

F = TypeVar("F", bound=Callable[..., Any])


def shared_task(**options: Any) -> Callable[[F], F]:
    """Celery's decorator, typed (Celery has no type information)."""
    decorator: Callable[[F], F] = _shared_task(**options)
    return decorator


@shared_task(name="dondoc.ingest_job", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def ingest_job(job_id: int) -> str | None:
    job = jobs.claim(jobs.worker_name(), job_id=job_id)
    if job is None:  # done, taken by another worker, or retried meanwhile
        return None
    return str(jobs.run(job).state)


@shared_task(name="dondoc.requeue_jobs", ignore_result=True)
def requeue_jobs() -> int:
    return jobs.requeue()


@shared_task(name="dondoc.periodic", ignore_result=True)
def run_periodic(name: str) -> Any:
    """One entry of ``DONDOC_PERIODIC`` (the reminders …), by its name."""
    return periodic.run(name)
