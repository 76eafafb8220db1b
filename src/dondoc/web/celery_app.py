"""The Celery application of ``DONDOC_JOBS=celery`` (Redis broker at ``DONDOC_REDIS_URL``).

Workers: ``dondoc worker`` (or ``celery -A dondoc.web.celery_app worker``); the periodic tasks
(requeue of lost jobs, the reminders): ``celery -A dondoc.web.celery_app beat``. Its settings are the
``CELERY_*`` names of ``dondoc.web.settings``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")

app = Celery("dondoc", include=["dondoc.tracking.celery_jobs"])
app.config_from_object("django.conf:settings", namespace="CELERY")


def _beat_schedule() -> None:
    from dondoc.tracking.services.periodic import celery_schedule

    app.conf.beat_schedule = celery_schedule()


_beat_schedule()


def _lower_priority(**_kwargs: Any) -> None:
    """Each worker process yields the CPU to the web server (``DONDOC_WORKER_NICE``, default 10): an
    upload answers at once even while OCR keeps every core busy."""
    from dondoc.tracking.services.worker import lower_priority

    lower_priority()


worker_process_init.connect(_lower_priority, weak=False)
