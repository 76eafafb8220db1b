"""The periodic hook: one table (``DONDOC_PERIODIC``) gives Celery beat's schedule and the crontab
lines of the embedded set-up; ``dondoc periodic NAME`` runs an entry now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dondoc.tracking.services import periodic
from dondoc.tracking.services.errors import ServiceError

from .test_cli_web import _dondoc

REQUEUE = "dondoc.tracking.services.jobs.requeue"


def test_the_reminders_are_scheduled_on_working_days_by_default(settings: Any) -> None:
    entry = settings.DONDOC_PERIODIC["reminders"]
    assert entry["cron"] == "0 7 * * 1-5"
    assert entry["callable"] == "dondoc.tracking.services.reminders.run_reminders"
    assert periodic.cron_lines() == ["0 7 * * 1-5 dondoc periodic reminders"]
    schedule = periodic.celery_schedule()
    assert schedule["requeue-jobs"] == {"task": "dondoc.requeue_jobs", "schedule": 60.0}
    beat = schedule["periodic-reminders"]
    assert beat["task"] == "dondoc.periodic" and beat["args"] == ("reminders",)
    assert beat["schedule"].hour == {7} and beat["schedule"].minute == {0}
    assert beat["schedule"].day_of_week == {1, 2, 3, 4, 5}


def test_an_entry_runs_by_name_and_bad_ones_are_explained(settings: Any, db: None) -> None:
    settings.DONDOC_PERIODIC = {
        "gui-lai": {"callable": REQUEUE, "cron": "*/5 * * * *"},
        "hong": {"callable": "dondoc.khong_co.ham", "cron": "0 7 * * *"},
        "sai-cron": {"callable": REQUEUE, "cron": "0 7 *"},
    }
    assert periodic.run("gui-lai") == 0  # no job waits
    with pytest.raises(ServiceError, match=r"Không tìm thấy hàm «dondoc\.khong_co\.ham»"):
        periodic.run("hong")
    with pytest.raises(ServiceError, match=r"Không có việc định kỳ «nhac-viec» \(các việc: gui-lai, hong"):
        periodic.run("nhac-viec")
    with pytest.raises(ServiceError, match="phải có 5 trường"):
        periodic.cron_lines()


def test_periodic_verb_prints_crontab_lines_and_runs_an_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _dondoc("periodic", "--cron", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0 7 * * 1-5 dondoc periodic reminders"
    missing = _dondoc("periodic", "khong-co", data_dir=tmp_path)
    assert missing.returncode == 1 and "Không có việc định kỳ «khong-co»" in missing.stderr
    monkeypatch.setenv("DONDOC_REMINDERS_CALLABLE", REQUEUE)  # what the reminders entry calls
    ran = _dondoc("periodic", "reminders", data_dir=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "0"  # requeue's answer: no job sent again
