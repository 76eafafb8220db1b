#!/usr/bin/env python3
"""Benchmark the background ingestion with Celery (``DONDOC_JOBS=celery``) and Redis.

    .venv/bin/python scripts/bench_jobs.py                  # 90 documents, 1 then 2 Celery workers
    .venv/bin/python scripts/bench_jobs.py --copies 10      # 30 documents per run

In a temporary data dir (SQLite) with its own redis-server on a free port: ``dondoc demo`` (users),
then for 1 and for 2 Celery worker processes (``celery worker --concurrency 1`` each): the bundled
samples, made distinct (``--copies`` of each), are queued with ``dondoc import --queue`` and the
workers ingest them. Documents per minute = documents / (last job finished − first job started), from
the jobs' own timestamps (worker start-up is not counted). During the 2-worker run, ``dondoc serve``
(gunicorn, no embedded worker) takes API uploads (``POST /api/documents/``) while jobs run: their
latency (median, 95th percentile, max) is the web upload's answer time; the target is < 300 ms.

Prints the figures next to their targets; never fails on a missed target. Needs redis-server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from importlib import resources
from pathlib import Path
from typing import Any

SAMPLES = ("thong-bao-ket-luan-giao-ban.txt", "cong-van-chi-dao.md", "ke-hoach-trien-khai.txt")
PASSWORD = "dondoc-demo-2026"
BOUNDARY = "dondoc-bench-boundary"
LATENCIES: list[float] = []
WARM_UP = 4  # untimed uploads first: each of the 2 gunicorn workers' first requests load Django's code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dondoc(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([sys.executable, "-m", "dondoc", *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"dondoc {' '.join(args[:2])} failed:\n{out.stderr}")
    return out


def make_inputs(folder: Path, tag: str, copies: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SAMPLES:
        data = (resources.files("dondoc") / "samples" / name).read_bytes()
        for i in range(copies):
            path = folder / f"{tag}-{i}-{name}"
            path.write_bytes(data + f"\nGhi chú: bản {tag} số {i}.\n".encode())
            paths.append(path)
    return paths


def job_rows(db: Path, since_id: int) -> list[tuple[str, str | None, str | None]]:
    with sqlite3.connect(db, timeout=30) as conn:
        rows = conn.execute(
            "SELECT state, started_at, finished_at FROM tracking_ingestjob WHERE id > ? ORDER BY id",
            (since_id,),
        ).fetchall()
    return [(str(s), a, b) for s, a, b in rows]


def last_id(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM tracking_ingestjob").fetchone()[0])


def parse_time(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp()


def start_workers(env: dict[str, str], count: int) -> list[subprocess.Popen[bytes]]:
    argv = [sys.executable, "-m", "celery", "-A", "dondoc.web.celery_app", "worker", "--concurrency", "1"]
    return [
        subprocess.Popen(
            [*argv, "-n", f"bench{i}@%h", "--loglevel", "WARNING"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(count)
    ]


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=60)


def wait_done(
    db: Path, since: int, total: int, timeout: float = 1800
) -> list[tuple[str, str | None, str | None]]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rows = job_rows(db, since)
        if len(rows) >= total and all(s in ("xong", "loi") for s, *_ in rows):
            return rows
        time.sleep(0.25)
    raise SystemExit("the jobs did not finish in time")


def post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def multipart(name: str, data: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str, dict[str, str]]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "serve", "--port", str(port), "--workers", "2", "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    form = urllib.parse.urlencode({"username": "vanphong", "password": PASSWORD}).encode()
    for _ in range(300):
        try:
            code, body = post(
                f"{base}/api/token/", form, {"Content-Type": "application/x-www-form-urlencoded"}
            )
            break
        except OSError:
            time.sleep(0.2)
    else:
        raise SystemExit("the server did not answer")
    if code != 200:
        raise SystemExit(f"no token: {code} {body[:200]!r}")
    token = json.loads(body)["token"]
    headers = {"Authorization": f"Token {token}", "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    return server, base, headers


def upload_latencies(base: str, headers: dict[str, str], db: Path, count: int) -> tuple[list[float], int]:
    data = (resources.files("dondoc") / "samples" / SAMPLES[0]).read_bytes()
    times, busy = [], 0
    for i in range(-WARM_UP, count):
        body = multipart(f"tai-len-{i}.txt", data + f"\nTải lên số {i}.\n".encode())
        start = time.perf_counter()
        code, answer = post(f"{base}/api/documents/", body, headers)
        if i >= 0:  # the first uploads warm the gunicorn workers up (imports, connections): not timed
            times.append((time.perf_counter() - start) * 1000)
        if code != 202:
            raise SystemExit(f"upload answered {code}: {answer[:300]!r}")
        with sqlite3.connect(db, timeout=30) as conn:
            (running,) = conn.execute(
                "SELECT COUNT(*) FROM tracking_ingestjob WHERE state = 'dang_xu_ly'"
            ).fetchone()
        busy += i >= 0 and running > 0
        time.sleep(0.1)
    LATENCIES[:] = times
    return times, busy


def run(
    workers: int, env: dict[str, str], db: Path, inputs: list[Path], measure: Any = None
) -> dict[str, float]:
    """Queue ``inputs`` for ``workers`` Celery workers; with ``measure`` (base URL, headers), time API
    uploads while those jobs run (the uploads are jobs too, counted apart from the throughput)."""
    procs = start_workers(env, workers)
    try:
        time.sleep(4)  # let the workers connect (their start-up is outside the measured span anyway)
        since = last_id(db)
        dondoc(env, "import", "--queue", *map(str, inputs))
        batch_end = last_id(db)
        result: dict[str, float] = {}
        if measure is not None:
            times, busy = upload_latencies(measure[0], measure[1], db, 20)
            result.update(
                median=statistics.median(times),
                p95=sorted(times)[int(0.95 * (len(times) - 1))],
                max=max(times),
                busy=busy,
                uploads=len(times),
            )
        wait_done(db, since, len(inputs) + (int(result["uploads"]) + WARM_UP if measure is not None else 0))
        rows = job_rows(db, since)[: batch_end - since]
    finally:
        stop(procs)
    starts = [parse_time(a) for _s, a, _b in rows if a]
    ends = [parse_time(b) for _s, _a, b in rows if b]
    span = max(ends) - min(starts)
    result.update(
        docs=len(rows), failed=sum(s == "loi" for s, *_ in rows), span=span, per_minute=len(rows) / span * 60
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--copies", type=int, default=30, help="copies of each bundled sample per run (default 30)"
    )
    args = parser.parse_args()
    redis_bin = shutil.which("redis-server")
    if redis_bin is None:
        print("redis-server is not installed (apt-get install redis-server)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-jobs-") as tmp:
        root = Path(tmp)
        port = free_port()
        redis = subprocess.Popen(
            [
                redis_bin,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                tmp,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(
            DONDOC_DATA_DIR=str(root / "var"),
            DONDOC_JOBS="celery",
            DONDOC_REDIS_URL=f"redis://127.0.0.1:{port}/0",
        )
        db = root / "var" / "dondoc.sqlite3"
        server = None
        try:
            dondoc(env, "demo")
            server, base, headers = serve(env)
            print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU, SQLite, Redis on port {port}")
            print(f"{len(SAMPLES) * args.copies} documents per run (the bundled samples × {args.copies})")
            for workers in (1, 2):
                inputs = make_inputs(root / f"in-{workers}", f"w{workers}", args.copies)
                r = run(workers, env, db, inputs)
                print(
                    f"{workers} Celery worker{'s' if workers > 1 else ' '}: "
                    f"{r['per_minute']:7.1f} documents/min "
                    f"({r['docs']:.0f} in {r['span']:.1f} s, {r['failed']:.0f} failed)"
                )
            r = run(2, env, db, make_inputs(root / "in-web", "web", 2 * args.copies), (base, headers))
            print(
                f"web upload (POST /api/documents/) while 2 workers run jobs: median {r['median']:.0f} ms, "
                f"p95 {r['p95']:.0f} ms, max {r['max']:.0f} ms over {r['uploads']:.0f} uploads "
                f"({r['busy']:.0f} of them with a job processing); target < 300 ms"
            )
            print("  each upload, in order (ms): " + " ".join(f"{t:.0f}" for t in LATENCIES))
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            redis.terminate()
            redis.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
