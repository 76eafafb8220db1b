"""Periodic work (the daily reminders …): one table, read from settings, for Celery beat and for cron.

``DONDOC_PERIODIC`` maps a name to the dotted path of a callable taking no argument and a cron
expression (minute hour day-of-month month day-of-week, server time zone). With ``DONDOC_JOBS=celery``,
Celery beat runs each entry (``celery_schedule``); otherwise the administrator puts
``dondoc periodic NAME`` in crontab (``cron_lines`` prints the lines). The reminders entry defaults to
``dondoc.tracking.services.reminders.run_reminders`` at 07:00 on working days
(``DONDOC_REMINDERS_CALLABLE``, ``DONDOC_REMINDERS_CRON``).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings

from dondoc.tracking.services.errors import ServiceError


def entries() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = settings.DONDOC_PERIODIC
    return table


def resolve(path: str) -> Any:
    module, _, attr = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ServiceError(f"Không tìm thấy hàm «{path}» của việc định kỳ.") from exc


def run(name: str) -> Any:
    """Run one entry now; raises ``ServiceError`` (Vietnamese) for an unknown name or callable."""
    entry = entries().get(name)
    if entry is None:
        known = ", ".join(sorted(entries())) or "không có"
        raise ServiceError(f"Không có việc định kỳ «{name}» (các việc: {known}).")
    return resolve(entry["callable"])()


def _cron_fields(expr: str) -> list[str]:
    fields = expr.split()
    if len(fields) != 5:
        raise ServiceError(f"Biểu thức cron «{expr}» phải có 5 trường (phút giờ ngày tháng thứ).")
    return fields


def celery_schedule() -> dict[str, dict[str, Any]]:
    """``CELERY_BEAT_SCHEDULE``: every entry of the table, and the requeue of lost jobs each minute."""
    from celery.schedules import crontab

    schedule: dict[str, dict[str, Any]] = {
        "requeue-jobs": {"task": "dondoc.requeue_jobs", "schedule": 60.0},
    }
    for name, entry in entries().items():
        minute, hour, day, month, weekday = _cron_fields(entry["cron"])
        schedule[f"periodic-{name}"] = {
            "task": "dondoc.periodic",
            "schedule": crontab(
                minute=minute, hour=hour, day_of_month=day, month_of_year=month, day_of_week=weekday
            ),
            "args": (name,),
        }
    return schedule


def cron_lines(command: str = "dondoc") -> list[str]:
    """The crontab lines of the embedded set-up (no Celery)."""
    return [f"{' '.join(_cron_fields(e['cron']))} {command} periodic {name}" for name, e in entries().items()]
