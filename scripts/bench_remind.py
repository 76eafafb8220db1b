"""Benchmark of the daily reminder run (``dondoc remind``) over 100,000 open tasks.

For each database (SQLite always; PostgreSQL when ``--database-url`` is given or
``DONDOC_TEST_DATABASE_URL`` is set) the script seeds a fresh register in a child process (300 units
with two officers each, 1,000 confirmed documents, ``--tasks`` open tasks with deadlines from 120 days
ago to 60 days ahead, one in ten without deadline, and 10,000 completed ones), then times:

- the dry run (what would go out: the policy's query and the digests' texts);
- the real run (records, notifications, the tasks of each digest), e-mails composed and handed to
  Django's in-memory backend: sending mail over the network is excluded, as the target says;
- a second run on the same day (sends nothing: the unique constraint, one query).

Target: the real run in under 10 s. Figures only, no assert.

    .venv/bin/python scripts/bench_remind.py
    .venv/bin/python scripts/bench_remind.py --database-url postgres://dondoc:pw@127.0.0.1/dondoc

PostgreSQL: the role must be allowed to create databases; the script uses ``<name>_remind_bench``
and drops it at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 12, 7)
TARGET_S = 10.0


def seed(n_tasks: int) -> dict[str, float]:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from dondoc.tracking.models import Document, DocumentState, Profile, Role, Task, TaskState, Unit

    t0 = time.perf_counter()
    rng = random.Random(13)
    units = Unit.objects.bulk_create(
        [Unit(name=f"Đơn vị thử {k:03d}", name_key=f"don vi thu {k:03d}") for k in range(300)]
    )
    group, _ = Group.objects.get_or_create(name=Role.UNIT.value)
    leaders, _ = Group.objects.get_or_create(name=Role.LEADER.value)
    people = User.objects.bulk_create(
        [User(username=f"cb{k:04d}", email=f"cb{k:04d}@hoalam.gov.vn", password="!") for k in range(600)]
    )
    group.user_set.add(*people)
    Profile.objects.bulk_create([Profile(user=u, unit=units[k // 2]) for k, u in enumerate(people)])
    boss = User.objects.create(username="lanhdao", email="lanhdao@hoalam.gov.vn", password="!")
    leaders.user_set.add(boss)
    confirmed = timezone.make_aware(dt.datetime(2026, 6, 1, 9))
    docs = Document.objects.bulk_create(
        [
            Document(
                original_name=f"tb-{k}.txt",
                sha256=f"{k:064x}",
                size=1,
                media_type="text/plain",
                number=f"{k}/TB-UBND",
                issued_date=dt.date(2026, 6, 1),
                state=DocumentState.CONFIRMED,
                confirmed_at=confirmed,
            )
            for k in range(1000)
        ]
    )
    batch: list[Task] = []
    total = n_tasks + 10_000
    for k in range(total):
        done = k >= n_tasks
        deadline = None if k % 10 == 0 else DAY + dt.timedelta(days=rng.randint(-120, 60))
        batch.append(
            Task(
                document=docs[k % len(docs)],
                order=k,
                lead=units[rng.randrange(len(units))],
                content=f"Rà soát, báo cáo kết quả thực hiện nhiệm vụ số {k} theo kết luận của UBND tỉnh",
                deadline=deadline,
                state=TaskState.DONE if done else TaskState.IN_PROGRESS,
                completed_on=DAY - dt.timedelta(days=3) if done else None,
            )
        )
        if len(batch) == 5000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)
    return {"seconds": round(time.perf_counter() - t0, 1), "tasks": float(total)}


def measure() -> dict[str, float]:
    from django.db import connection, reset_queries
    from django.test.utils import override_settings

    from dondoc.tracking.models import Notification, ReminderItem
    from dondoc.tracking.services.reminders import run_reminders

    out: dict[str, float] = {}
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", DONDOC_EMAIL_ENABLED=True
    ):
        t0 = time.perf_counter()
        dry = run_reminders(DAY, dry_run=True)
        out["dry_run_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        real = run_reminders(DAY)
        out["run_s"] = round(time.perf_counter() - t0, 2)
        reset_queries()
        t0 = time.perf_counter()
        again = run_reminders(DAY)
        out["second_run_s"] = round(time.perf_counter() - t0, 2)
    out.update(
        digests=dry.digests,
        tasks_reminded=real.tasks_reminded,
        emails=real.emails_sent,
        notifications=Notification.objects.count(),
        items=ReminderItem.objects.count(),
        second_run_messages=len(again.messages),
        vendor_postgres=float(connection.vendor == "postgresql"),
    )
    return out


def child_main(command: str, arg: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.web.settings")
    import django

    django.setup()
    result = seed(int(arg)) if command == "_seed" else measure()
    print(json.dumps(result))


def run_child(env: dict[str, str], *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def pg_recreate(url: str, drop_only: bool = False) -> str:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    name = (parts.path.lstrip("/") or "dondoc") + "_remind_bench"
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def bench(label: str, database_url: str | None, n_tasks: int, keep: bool = False) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix=f"dondoc-remind-{label.lower()}-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    src = str(ROOT / "src")
    env.update(
        DONDOC_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="dondoc.web.settings",
        PYTHONPATH=src + os.pathsep + env.get("PYTHONPATH", ""),
    )
    if database_url:
        env["DATABASE_URL"] = pg_recreate(database_url)
    try:
        subprocess.run(
            [sys.executable, "-m", "dondoc", "manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True
        )
        seeded = run_child(env, "_seed", str(n_tasks))
        m = run_child(env, "_measure", "0")
        verdict = "OK" if m["run_s"] < TARGET_S else "ABOVE TARGET"
        print(f"\n=== {label} === seeded {seeded['tasks']:.0f} tasks in {seeded['seconds']} s")
        print(f"dry run            {m['dry_run_s']:6.2f} s  ({m['digests']:.0f} unit digests)")
        print(
            f"reminder run       {m['run_s']:6.2f} s  (target < {TARGET_S:.0f} s: {verdict}); "
            f"{m['tasks_reminded']:.0f} tasks reminded, {m['emails']:.0f} e-mails composed, "
            f"{m['notifications']:.0f} notifications"
        )
        print(
            f"second run, same day {m['second_run_s']:4.2f} s  ({m['second_run_messages']:.0f} messages sent)"
        )
    finally:
        if keep:
            print(f"kept: DONDOC_DATA_DIR={data_dir} DATABASE_URL={env.get('DATABASE_URL', '')}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if database_url:
                pg_recreate(database_url, drop_only=True)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of the daily reminder run.")
    parser.add_argument("--tasks", type=int, default=100_000, help="open tasks (default 100000)")
    parser.add_argument("--database-url", default=os.environ.get("DONDOC_TEST_DATABASE_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and database afterwards")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} ({sys.executable}); {os.cpu_count()} CPUs")
    bench("SQLite", None, args.tasks, args.keep)
    if args.database_url and not args.sqlite_only:
        bench("PostgreSQL", args.database_url, args.tasks, args.keep)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("_seed", "_measure"):
        child_main(sys.argv[1], sys.argv[2])
    else:
        raise SystemExit(main())
