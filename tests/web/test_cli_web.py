"""The web application's CLI verbs, run as real processes: demo, import, watch-inbox, serve.

Each runs on its own SQLite database in a temporary DONDOC_DATA_DIR (DATABASE_URL is removed from the
environment so that a PostgreSQL run of the suite never touches a real database)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "dondoc" / "samples"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["DONDOC_DATA_DIR"] = str(data_dir)
    return env


def _dondoc(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dondoc", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _count(data_dir: Path, expr: str) -> str:
    code = f"from dondoc.tracking.models import *; print({expr})"
    out = _dondoc("manage", "shell", "-c", code, data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_demo_loads_registry_users_and_samples(tmp_path: Path) -> None:
    out = _dondoc("demo", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "vanphong" in out.stdout and "taichinh" in out.stdout and "dondoc-demo-2026" in out.stdout
    assert _count(tmp_path, "Document.objects.count()") == "3"
    assert int(_count(tmp_path, "Task.objects.exclude(state='cho_duyet').count()")) > 0
    again = _dondoc("demo", data_dir=tmp_path)  # idempotent: nothing duplicated
    assert again.returncode == 0, again.stderr
    assert _count(tmp_path, "Document.objects.count()") == "3"


def test_import_reports_each_file_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "rong.docx"
    bad.write_bytes(b"")
    good = SAMPLES / "thong-bao-ket-luan-giao-ban.txt"
    out = _dondoc("import", str(bad), str(good), str(good), data_dir=tmp_path / "data")
    assert out.returncode == 1  # some files failed
    assert "rong.docx" in out.stderr and "Tệp rỗng" in out.stderr
    assert "nhiệm vụ chờ duyệt" in out.stderr
    assert "đã có trong hệ thống" in out.stderr  # the second copy is a duplicate
    assert "Đã nhập 1/3 tệp" in out.stderr
    assert _count(tmp_path / "data", "Document.objects.count()") == "1"


def test_watch_inbox_imports_and_sorts_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cong-van.md").write_bytes((SAMPLES / "cong-van-chi-dao.md").read_bytes())
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (inbox / "khong-nhiem-vu.txt").write_text("Kính gửi các đơn vị.\nTrân trọng.\n", encoding="utf-8")
    (inbox / ".an.txt").write_text("ẩn", encoding="utf-8")
    (inbox / "thu-muc-con").mkdir()
    old = time.time() - 60
    for p in inbox.iterdir():
        os.utime(p, (old, old))
    (inbox / "dang-ghi.txt").write_text("vừa ghi", encoding="utf-8")  # still being written:
    os.utime(inbox / "dang-ghi.txt", (time.time() + 3600, time.time() + 3600))  # (whatever the start-up)
    out = _dondoc("watch-inbox", "--dir", str(inbox), "--once", data_dir=tmp_path / "data")
    assert out.returncode == 1, out.stderr  # a file failed
    lines = {line.split(":")[0]: line for line in out.stdout.splitlines()}
    assert "✗ hong.pdf" in lines and "loi/" in lines["✗ hong.pdf"]
    assert "không tìm thấy nhiệm vụ nào — kiểm tra lại" in lines["✓ khong-nhiem-vu.txt"]
    assert "tệp ẩn" in lines["– .an.txt"]
    assert "thư mục" in lines["– thu-muc-con"]
    assert "lần quét sau" in lines["– dang-ghi.txt"]
    assert "Đã nhập 2 tệp, 1 tệp lỗi, bỏ qua 3." in out.stdout
    assert (inbox / "dang-ghi.txt").exists() and (inbox / ".an.txt").exists()
    assert (inbox / "da-nhap" / "cong-van.md").exists()
    assert (inbox / "loi" / "hong.pdf").exists()
    note = (inbox / "loi" / "hong.pdf.loi.txt").read_text(encoding="utf-8")
    assert "hỏng" in note or "không đọc được" in note.lower()
    assert _count(tmp_path / "data", "Document.objects.count()") == "2"


def test_watch_inbox_exits_zero_when_nothing_failed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cong-van.md").write_bytes((SAMPLES / "cong-van-chi-dao.md").read_bytes())
    os.utime(inbox / "cong-van.md", (time.time() - 60, time.time() - 60))
    out = _dondoc("watch-inbox", "--dir", str(inbox), "--once", data_dir=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert "Đã nhập 1 tệp, 0 tệp lỗi, bỏ qua 0." in out.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_gunicorn_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dondoc", "serve", "--port", str(port), "--workers", "1"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2) as resp:
                    body = resp.read().decode("utf-8")
                    server = resp.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        assert "Đăng nhập" in body
        assert "gunicorn" in server.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
