"""The Celery application of ``DONDOC_JOBS=celery`` (Redis broker at ``DONDOC_REDIS_URL``).

Workers: ``dondoc worker`` (or ``celery -A dondoc.web.celery_app worker``); the periodic tasks
(requeue of lost jobs, the reminders): ``celery -A dondoc.web.celery_app beat``. Its settings are the
``CELERY_*`` names of ``dondoc.web.settings``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")

app = Celery("dondoc", include=["dondoc.tracking.celery_jobs"])
app.config_from_object("django.conf:settings", namespace="CELERY")


def _beat_schedule() -> None:
    from dondoc.tracking.services.periodic import celery_schedule

    app.conf.beat_schedule = celery_schedule()


_beat_schedule()
