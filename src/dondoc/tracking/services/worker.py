"""The embedded worker (``DONDOC_JOBS=db``): a loop that claims and runs ingestion jobs.

``dondoc worker`` runs one; ``dondoc serve`` starts one beside gunicorn, which ends when gunicorn
does (its parent process changes). Several may run at once, on one machine or several sharing a
PostgreSQL database: ``jobs.claim`` gives each job to one of them. SIGTERM and Ctrl+C let the job in
hand finish; a worker killed in the middle of a job leaves it to be claimed again once stale.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

from django.conf import settings
from django.db import close_old_connections

from dondoc.tracking.services import jobs

logger = logging.getLogger(__name__)


def lower_priority() -> None:
    """The worker process runs at a lower CPU priority (``DONDOC_WORKER_NICE``, default 10), so that
    web requests beside it answer at once while it extracts."""
    try:
        os.nice(int(settings.DONDOC_WORKER_NICE))
    except OSError:  # not permitted here: the worker runs at the normal priority
        logger.warning("could not lower the worker's priority")


def run_worker(
    *,
    once: bool = False,
    poll: float | None = None,
    parent_pid: int | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run jobs until stopped (or, with ``once``, until none is left); the number of jobs run."""
    stop = stop or threading.Event()
    wait = float(settings.DONDOC_JOB_POLL_SECONDS if poll is None else poll)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    name = jobs.worker_name()
    count = 0
    while not stop.is_set():
        if parent_pid is not None and os.getppid() != parent_pid:
            logger.warning("worker %s: the server stopped, so does the worker", name)
            break
        close_old_connections()
        try:
            job = jobs.run_next(name)
        except Exception:  # the database is away a moment (restart): try again later
            logger.exception("worker %s: cannot claim a job", name)
            job = None
        if job is not None:
            count += 1
            continue
        if once:
            break
        stop.wait(wait)
    return count
