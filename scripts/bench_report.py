"""Benchmark of the periodic report (issue 13): the per-unit report over N tasks (default 1,000,000)
and the .xlsx annex of about 100,000 tasks, on a throwaway database filled with raw SQL.

    PYTHONPATH=src python scripts/bench_report.py                 # SQLite in a temporary folder
    PYTHONPATH=src python scripts/bench_report.py --postgres URL  # a throwaway database next to URL's

Prints figures (no assertion): seconds for the per-unit tables (in the period and carried over), for
the whole report (with the 12-month trend), and for the .xlsx annex with its peak resident memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

UNITS = 60
TASKS_PER_DOC = 20


def _setup(args: argparse.Namespace, tmp: Path) -> str | None:
    os.environ["DONDOC_DATA_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dondoc.web.settings"
    dropper = None
    if args.postgres:
        import psycopg

        base = args.postgres.rsplit("/", 1)[0]
        name = f"dondoc_bench_{os.getpid()}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"
        dropper = name
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return dropper


def _fill(n_tasks: int, months: list[tuple[int, int]]) -> None:
    from django.db import connection, transaction

    from dondoc.tracking.models import Unit

    units = [Unit.objects.create(name=f"Đơn vị thử số {i:03d}").pk for i in range(UNITS)]
    rng = random.Random(13)
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    n_docs = n_tasks // TASKS_PER_DOC
    doc_sql = (
        "INSERT INTO tracking_document (id, file, original_name, sha256, size, media_type, source, number, "
        "doc_type, title, issuer, place, issued_date, signer, authority, normalized_text, search_key, "
        "extraction, extractor_version, warnings, state, created_at, confirmed_at, withdrawal_reason) VALUES "
        "(%s, '', %s, %s, 1, 'text/plain', 'cli', %s, 'Thông báo kết luận', '', '', '', %s, %s, '', '', '', "
        "'{}', '', '[]', 'da_duyet', %s, %s, '')"
    )
    task_sql = (
        'INSERT INTO tracking_task (id, document_id, "order", section, content, search_key, lead_id, '
        "lead_mention, support_mention, unlinked, deadline, deadline_text, recurring, evidence, state, "
        "completed_on, result, fan_out, version, created_at, updated_at) VALUES "
        "(%s, %s, %s, '', %s, '', %s, '', '', '[]', %s, '', %s, '{}', %s, %s, '', 'mac_dinh', 1, %s, %s)"
    )
    tid = 0
    with transaction.atomic(), connection.cursor() as cur:
        docs, tasks = [], []
        for d in range(1, n_docs + 1):
            y, m = months[d * len(months) // (n_docs + 1)]
            issued = dt.date(y, m, rng.randint(1, 28))
            confirmed = dt.datetime.combine(issued, dt.time(9), tzinfo=dt.UTC)
            docs.append(
                (d, f"{d}.txt", f"{d:064d}", f"{d}/TB-UBND", issued, "Lãnh đạo A", confirmed, confirmed)
            )
            for k in range(TASKS_PER_DOC):
                tid += 1
                deadline = issued + dt.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.85 else None
                done = rng.random() < 0.8 and issued < dt.date(2026, 11, 1)
                completed = issued + dt.timedelta(days=rng.randint(5, 150)) if done else None
                state = "da_hoan_thanh" if done else "dang_thuc_hien"
                tasks.append(
                    (
                        tid,
                        d,
                        k,
                        f"Nhiệm vụ thử {tid}",
                        rng.choice(units),
                        deadline,
                        False,
                        state,
                        completed,
                        now,
                        now,
                    )
                )
            if len(tasks) >= 50_000:
                cur.executemany(doc_sql, docs)
                cur.executemany(task_sql, tasks)
                docs, tasks = [], []
        if docs:
            cur.executemany(doc_sql, docs)
            cur.executemany(task_sql, tasks)
    if connection.vendor == "postgresql" or connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def _timed(label: str, fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, value = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        spent = time.perf_counter() - t0
        best = spent if best is None else min(best, spent)
    print(f"{label}: {best:.3f} s (best of {repeat})")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL server (a throwaway database is made)")
    args = parser.parse_args()
    months = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-") as tmp:
        dropper = _setup(args, Path(tmp))
        try:
            return _run(args, months, Path(tmp))
        finally:
            if dropper:
                _drop(args.postgres, dropper)


def _run(args: argparse.Namespace, months: list[tuple[int, int]], tmp: Path) -> int:
    from django.db import connection

    from dondoc.tracking.models import Task
    from dondoc.tracking.services.report.build import build_report
    from dondoc.tracking.services.report.export_xlsx import write_xlsx
    from dondoc.tracking.services.report.period import parse_period
    from dondoc.tracking.services.report.scope import Scope, carried_over, in_period, scoped
    from dondoc.tracking.services.report.tables import unit_table

    t0 = time.perf_counter()
    _fill(args.tasks, months)
    print(f"{connection.vendor}: {Task.objects.count():,} tasks inserted in {time.perf_counter() - t0:.1f} s")
    as_of = dt.date(2026, 11, 30)
    for code in ("2026-11", "2026-Q4", "2026"):
        period = parse_period(code)
        base = scoped(None, Scope(), as_of)

        def tables(period=period, base=base):  # type: ignore[no-untyped-def]
            return (
                unit_table(in_period(base, period.start, min(period.end, as_of)), as_of),
                unit_table(carried_over(base, period.start), as_of),
            )

        cur, car = _timed(f"per-unit report {code} (both tables)", tables)
        print(
            f"  tasks in period {cur.total.total:,}, carried over {car.total.total:,}, units {len(cur.rows)}"
        )
        _timed(
            f"whole report {code} (tables, summary, 12-month trend)",
            lambda p=period: build_report(None, p, as_of, Scope()),
        )
    period = parse_period("01/10/2026-30/11/2026")
    report = build_report(None, period, as_of, Scope())
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    n = write_xlsx(None, report, tmp / "annex.xlsx")
    spent = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = (tmp / "annex.xlsx").stat().st_size
    print(
        f".xlsx with an annex of {n:,} tasks: {spent:.1f} s, {size / 1048576:.1f} MB, "
        f"peak RSS {rss1 / 1024:.0f} MB (grew {max(rss1 - rss0, 0) / 1024:.0f} MB while writing)"
    )
    return 0


def _drop(url: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.exit(main())
