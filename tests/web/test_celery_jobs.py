"""``DONDOC_JOBS=celery``: a real redis-server (free port, temporary directory) and a real Celery
worker (``dondoc worker``, a subprocess with two processes) ingest queued files in parallel; a job
that never reached the broker is sent again by the periodic requeue. Skips without redis-server.
SQLite file database shared by the processes (``DATABASE_URL`` removed, as in test_cli_web)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import sample_bytes
from .test_cli_web import _env, _free_port

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (.ci/run installs it)")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    workdir = tmp_path / "redis"
    workdir.mkdir()
    server = subprocess.Popen(
        [
            str(REDIS),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(100):
            try:
                if client.ping():
                    break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=20)


def _celery_env(data: Path, redis_url: str) -> dict[str, str]:
    env = _env(data)
    env.update(DONDOC_JOBS="celery", DONDOC_REDIS_URL=redis_url, DONDOC_JOB_STALE_SECONDS="1")
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dondoc", *args], env=env, capture_output=True, text=True, timeout=120
    )


def _jobs(data: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(data / "dondoc.sqlite3", timeout=20) as db:
        rows = db.execute("SELECT state, attempts, worker FROM tracking_ingestjob ORDER BY id").fetchall()
    return [(str(s), int(a), str(w)) for s, a, w in rows]


def test_celery_workers_ingest_queued_files(tmp_path: Path, redis_url: str) -> None:
    data = tmp_path / "var"
    env = _celery_env(data, redis_url)
    files = []
    for i in range(4):
        path = tmp_path / f"thong-bao-{i}.txt"
        path.write_bytes(sample_bytes("thong-bao-ket-luan-giao-ban.txt") + f"\nBản số {i}.\n".encode())
        files.append(str(path))
    # A job queued while the broker is away: the message is lost, the job stays queued in the database.
    down = {**env, "DONDOC_REDIS_URL": f"redis://127.0.0.1:{_free_port()}/0"}
    lost = _run(["import", "--queue", files[0]], down)
    assert lost.returncode == 0, lost.stderr
    queued = _run(["import", "--queue", *files[1:]], env)
    assert queued.returncode == 0, queued.stderr
    assert [s for s, *_ in _jobs(data)] == ["cho_xu_ly"] * 4

    worker = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "worker", "--concurrency", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = _jobs(data)
            if sum(s == "xong" for s, *_ in rows) == 3:
                break
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            time.sleep(0.2)
        rows = _jobs(data)
        assert [s for s, *_ in rows] == ["cho_xu_ly", "xong", "xong", "xong"], rows
        # Celery beat's entry: the requeue sends the lost job again (it is older than the stale delay).
        time.sleep(1.1)
        requeue = _run(
            ["manage", "shell", "-c", "from dondoc.tracking.services import jobs; print(jobs.requeue())"], env
        )
        assert requeue.returncode == 0, requeue.stderr
        assert requeue.stdout.strip().splitlines()[-1] == "1"
        while time.monotonic() < deadline and _jobs(data)[0][0] != "xong":
            time.sleep(0.2)
        rows = _jobs(data)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    assert [(s, a) for s, a, _w in rows] == [("xong", 1)] * 4, rows
    with sqlite3.connect(data / "dondoc.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM tracking_document").fetchone()[0] == 4
        tasks = db.execute("SELECT COUNT(*) FROM tracking_task").fetchone()[0]
    assert tasks >= 4 * 8
