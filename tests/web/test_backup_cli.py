"""``dondoc backup`` / ``dondoc restore`` as real processes, with a live server (``dondoc serve``)
taking API uploads during the whole backup: the restore into a new data dir has the manifest's rows
and every row's file byte-identical. SQLite only (``DATABASE_URL`` removed, as in test_cli_web)."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from .conftest import PASSWORD, sample_bytes
from .test_cli_web import _dondoc, _env, _free_port

CHECK = """
import hashlib, json
from dondoc.tracking.models import Document, ReportAttachment
rows = [*Document.objects.all(), *ReportAttachment.objects.all()]
bad = [o.file.name for o in rows if hashlib.sha256(o.file.read()).hexdigest() != o.sha256]
print(json.dumps({"documents": Document.objects.count(), "checked": len(rows), "bad": bad}))
"""


def test_verbs_have_help_with_an_example(tmp_path: Path) -> None:
    for verb in ("backup", "restore"):
        out = _dondoc(verb, "--help", data_dir=tmp_path)
        assert out.returncode == 0
        assert "Ví dụ" in out.stdout and f"dondoc {verb} " in out.stdout


def _post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _get(url: str, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": headers["Authorization"]})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_backup_of_a_live_server_restores_into_a_new_data_dir(tmp_path: Path) -> None:
    live, fresh, archive = tmp_path / "live", tmp_path / "fresh", tmp_path / "sao-luu.tar.gz"
    assert _dondoc("demo", data_dir=live, timeout=300).returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "serve", "--port", str(port), "--workers", "2"],
        env=_env(live),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    writes: list[tuple[float, float, int]] = []
    stop = threading.Event()
    try:
        for _ in range(150):
            try:
                status, body = _post(
                    f"{base}/api/token/",
                    urllib.parse.urlencode({"username": "vanphong", "password": PASSWORD}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        assert status == 200, body
        headers = {"Authorization": f"Token {body['token']}", "Content-Type": MULTIPART_CONTENT}

        def writer() -> None:
            i = 0
            while not stop.is_set():
                data = sample_bytes("thong-bao-ket-luan-giao-ban.txt") + f"\nBản số {i}.\n".encode()

                class Upload:
                    name = f"thong-bao-{i}.txt"

                    def read(self, data: bytes = data) -> bytes:
                        return data

                start = time.monotonic()
                code, answer = _post(
                    f"{base}/api/documents/", encode_multipart(BOUNDARY, {"file": Upload()}), headers
                )
                writes.append((start, time.monotonic(), code))
                if isinstance(answer, dict) and "url" in answer:
                    job_urls.append(answer["url"])
                i += 1

        job_urls: list[str] = []
        thread = threading.Thread(target=writer)
        thread.start()
        while not any(code == 202 for *_t, code in writes):
            assert thread.is_alive() and len(writes) < 20, writes
            time.sleep(0.05)
        # The upload only queued a job: the worker `dondoc serve` started beside gunicorn runs it.
        for _ in range(300):
            job = _get(base + job_urls[0], headers)
            if job["state"] != "cho_xu_ly" and job["state"] != "dang_xu_ly":
                break
            time.sleep(0.1)
        assert job["state"] == "xong", job
        began = time.monotonic()
        out = _dondoc("backup", str(archive), data_dir=live)
        ended = time.monotonic()
        time.sleep(0.5)
        stop.set()
        thread.join(timeout=120)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert out.returncode == 0, out.stderr
    assert "Đã sao lưu" in out.stdout
    assert all(code == 202 for *_t, code in writes), writes
    assert any(start <= ended and end >= began for start, end, _ in writes), "no upload during the backup"

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    restored = _dondoc("restore", str(archive), data_dir=fresh)
    assert restored.returncode == 0, restored.stderr
    assert "Đã khôi phục" in restored.stdout
    check = _dondoc("manage", "shell", "-c", CHECK, data_dir=fresh)
    assert check.returncode == 0, check.stderr
    result = json.loads(check.stdout.strip().splitlines()[-1])
    assert result["bad"] == []
    assert result["documents"] == manifest["rows"]["tracking_document"] >= 4  # 3 demo + the first upload
    assert (
        result["checked"]
        == manifest["rows"]["tracking_document"] + manifest["rows"]["tracking_reportattachment"]
    )
    again = _dondoc("restore", str(archive), data_dir=fresh)
    assert again.returncode == 1 and "đã có dữ liệu" in again.stderr
