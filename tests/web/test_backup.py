"""``services.backup``: a snapshot of the database and every stored file, restored into an empty
register with the same rows and byte-identical files — also when writers keep working during the
backup. On SQLite (database files with the project's connection settings) and on PostgreSQL
(``pg_dump`` / ``pg_restore``; the test database is emptied before the restore)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import load_backend

from dondoc.tracking.demo import load_registry, load_users
from dondoc.tracking.models import Document, ReportAttachment
from dondoc.tracking.services import workflow
from dondoc.tracking.services.backup import MANIFEST, BackupError, backup, restore
from dondoc.tracking.services.ingestion import ingest
from dondoc.tracking.services.review import confirm_document

from .conftest import sample_bytes


def _point_settings(settings: Any, data_dir: Path) -> None:
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    settings.INBOX_DIR = data_dir / "inbox"


@contextmanager
def _register(tmp_path: Path, settings: Any) -> Iterator[Callable[[str], Callable[[], None]]]:
    """Yields ``switch(name)``: point Django at register ``name`` (its data dir under ``tmp_path``, and
    on SQLite its own database file, migrated); returns the function a thread calls to use it."""
    original = connections["default"]
    sqlite = connection.vendor == "sqlite"

    def switch(name: str) -> Callable[[], None]:
        data_dir = tmp_path / name
        data_dir.mkdir(parents=True, exist_ok=True)
        _point_settings(settings, data_dir)
        if not sqlite:
            return lambda: None
        settings_dict = {**original.settings_dict, "NAME": str(data_dir / "dondoc.sqlite3")}
        backend = load_backend(settings_dict["ENGINE"])

        def use() -> None:
            connections["default"] = backend.DatabaseWrapper(dict(settings_dict), "default")

        if connections["default"] is not original:
            connections["default"].close()
        use()
        return use

    try:
        yield switch
    finally:
        if connections["default"] is not original:
            connections["default"].close()
            connections["default"] = original


def _fill(users: dict[str, User], start: int, count: int) -> None:
    office = users["vanphong"]
    for i in range(start, start + count):
        data = sample_bytes("thong-bao-ket-luan-giao-ban.txt") + f"\nBản số {i}.\n".encode()
        doc = ingest(data, f"thong-bao-{i}.txt", office)
        confirm_document(office, doc)
        task = doc.tasks.filter(lead__name="Sở Tài chính").order_by("order").first()
        assert task is not None
        workflow.report(
            users["taichinh"],
            task,
            task.version,
            "tien_do",
            f"Báo cáo {i}.",
            [SimpleUploadedFile(f"bien-ban-{i}.pdf", f"%PDF-1.4 biên bản {i}".encode())],
        )


def _world() -> dict[str, User]:
    units = load_registry()
    load_users(units)
    return {u.username: u for u in User.objects.all()}


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    out = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT * FROM "{name}"')
            out[name] = sorted((tuple(r) for r in cursor.fetchall()), key=repr)
    return out


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _empty_postgresql() -> None:
    """On PostgreSQL the restore target is the test database itself, emptied (tables kept)."""
    call_command("flush", interactive=False, verbosity=0)


def _files_match_rows() -> int:
    """Every document and attachment row has its file, with the sha256 the row records."""
    checked = 0
    for obj in [*Document.objects.all(), *ReportAttachment.objects.all()]:
        assert hashlib.sha256(obj.file.read()).hexdigest() == obj.sha256, obj.file.name
        obj.file.close()
        checked += 1
    return checked


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_the_same_rows_and_identical_files(tmp_path: Path, settings: Any) -> None:
    with _register(tmp_path, settings) as switch:
        switch("a")
        if connection.vendor == "sqlite":
            call_command("migrate", verbosity=0, interactive=False)
        _fill(_world(), 0, 3)
        (tmp_path / "a" / "inbox").mkdir()
        (tmp_path / "a" / "inbox" / "cho-nhap.txt").write_bytes(b"Van ban cho nhap.")
        (tmp_path / "a" / "secret_key").write_text("k" * 64)
        rows, media = _rows(), _tree(tmp_path / "a" / "media")
        assert rows["tracking_document"] and rows["tracking_reportattachment"] and len(media) == 6
        report = backup(tmp_path / "sao-luu.tar.gz")
        assert report.rows["tracking_document"] == 3 and report.files == 8

        switch("b")
        if connection.vendor == "postgresql":
            _empty_postgresql()
        restored = restore(tmp_path / "sao-luu.tar.gz")
        assert restored.files == 8
        assert _rows() == rows
        assert _tree(tmp_path / "b" / "media") == media
        assert (tmp_path / "b" / "inbox" / "cho-nhap.txt").read_bytes() == b"Van ban cho nhap."
        assert (tmp_path / "b" / "secret_key").read_text() == "k" * 64
        assert (tmp_path / "b" / "secret_key").stat().st_mode & 0o077 == 0
        assert _files_match_rows() == 6


@pytest.mark.django_db(transaction=True)
def test_backup_while_writers_work(tmp_path: Path, settings: Any) -> None:
    """Writers (own database connections) import documents and reports during the whole backup; the
    restored register is the snapshot: the manifest's rows, each row's file byte-identical."""
    with _register(tmp_path, settings) as switch:
        use = switch("a")
        if connection.vendor == "sqlite":
            call_command("migrate", verbosity=0, interactive=False)
        users = _world()
        _fill(users, 0, 2)
        stop = threading.Event()
        writes: list[tuple[float, float]] = []  # (start, end) of each import
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            use()
            try:
                i = 0
                while not stop.is_set():
                    start = time.monotonic()
                    _fill(users, 1000 * (n + 1) + i, 1)
                    writes.append((start, time.monotonic()))
                    i += 1
            except BaseException as exc:
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        while len(writes) < 2:  # the writers are under way
            time.sleep(0.05)
        began = time.monotonic()
        report = backup(tmp_path / "sao-luu.tar.gz")
        ended = time.monotonic()
        time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        during = [w for w in writes if w[0] <= ended and w[1] >= began]
        assert during, "no write happened while the backup ran"
        total = Document.objects.count()
        assert total > report.rows["tracking_document"] >= 4

        switch("b")
        if connection.vendor == "postgresql":
            _empty_postgresql()
        restore(tmp_path / "sao-luu.tar.gz")
        assert Document.objects.count() == report.rows["tracking_document"]
        assert ReportAttachment.objects.count() == report.rows["tracking_reportattachment"]
        assert (
            _files_match_rows() == report.rows["tracking_document"] + report.rows["tracking_reportattachment"]
        )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_register_that_is_not_empty(tmp_path: Path, settings: Any) -> None:
    with _register(tmp_path, settings) as switch:
        switch("a")
        if connection.vendor == "sqlite":
            call_command("migrate", verbosity=0, interactive=False)
        _fill(_world(), 0, 1)
        backup(tmp_path / "sao-luu.tar.gz")
        with pytest.raises(BackupError) as inside:
            backup(tmp_path / "a" / "media" / "sao-luu.tar.gz")
        assert "tự chứa chính nó" in inside.value.message
        before = _rows()
        with pytest.raises(BackupError) as caught:
            restore(tmp_path / "sao-luu.tar.gz")
        assert "đã có dữ liệu" in caught.value.message
        assert _rows() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive(tmp_path: Path, settings: Any) -> None:
    with _register(tmp_path, settings) as switch:
        switch("a")
        if connection.vendor == "sqlite":
            call_command("migrate", verbosity=0, interactive=False)
        _fill(_world(), 0, 1)
        backup(tmp_path / "sao-luu.tar.gz")
        # The same archive with one stored file's bytes changed (its manifest entry kept).
        with (
            tarfile.open(tmp_path / "sao-luu.tar.gz") as src,
            tarfile.open(tmp_path / "hong.tar.gz", "w:gz") as dst,
        ):
            manifest = json.loads(src.extractfile(MANIFEST).read())  # type: ignore[union-attr]
            victim = manifest["files"][0]["path"]
            for member in src.getmembers():
                data = src.extractfile(member).read()  # type: ignore[union-attr]
                if member.name == victim:
                    data = bytes([data[0] ^ 1]) + data[1:]
                dst.addfile(member, io.BytesIO(data))
        switch("b")
        if connection.vendor == "postgresql":
            _empty_postgresql()
        with pytest.raises(BackupError) as caught:
            restore(tmp_path / "hong.tar.gz")
        assert "mã băm" in caught.value.message and "bị hỏng" in caught.value.message
        with pytest.raises(BackupError) as caught:
            restore(tmp_path / "khong-co.tar.gz")
        assert "Không tìm thấy tệp sao lưu" in caught.value.message
