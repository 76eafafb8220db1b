"""Backup and restore of the whole register: the database and every stored file, in one archive.

``backup(target)`` writes a ``.tar.gz`` with

- ``database/dondoc.sqlite3`` (SQLite's online backup API) or ``database/dondoc.pgdump`` (``pg_dump``,
  custom format): a consistent snapshot, taken while the server runs and writes;
- ``files/media/…`` (uploaded documents and report attachments), ``files/inbox/…`` (the watched
  inbox) and ``files/secret_key`` (the signing key kept in the data dir, when there is one);
- ``manifest.json``: the format, the database vendor, the row count of every table *in the
  snapshot*, and the size and sha256 of every file.

The snapshot comes first, the files after it. A row in the snapshot was committed after its file was
written in full, and stored files are never changed or removed afterwards, so every file a row of the
snapshot names is in the archive. A file written while the backup runs may be in the archive without
its row: harmless, and restored as it was archived (its sha256 is the archived bytes').

``restore(source)`` puts the archive into an *empty* register (no rows in the database, no stored
files): the database from the snapshot, each file after checking its sha256 against the manifest,
then checks that every table has the manifest's row count. Anything else raises ``BackupError`` with
a Vietnamese message. The CLI verbs ``dondoc backup`` / ``dondoc restore`` are thin shells over these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection, connections

from dondoc import __version__

FORMAT = "dondoc-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/dondoc.sqlite3"
PG_MEMBER = "database/dondoc.pgdump"
SECRET_FILE = "secret_key"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; ``message`` (Vietnamese) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class BackupReport:
    path: Path
    vendor: str
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# ------------------------------------------------------------------------------------------ places


def _roots() -> dict[str, Path]:
    """Archive prefix → directory of stored files."""
    return {"media": Path(settings.MEDIA_ROOT), "inbox": Path(settings.INBOX_DIR)}


def _secret_path() -> Path:
    return Path(settings.DATA_DIR) / SECRET_FILE


def _stored_files() -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every stored file, in a stable order."""
    for prefix, root in _roots().items():
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            yield f"files/{prefix}/{path.relative_to(root).as_posix()}", path
    secret = _secret_path()
    if secret.is_file():
        yield f"files/{SECRET_FILE}", secret


def _target_of(name: str) -> Path:
    """Where an archived file goes back; refuses names outside the stored-file places."""
    parts = PurePosixPath(name).parts
    if len(parts) == 2 and parts == ("files", SECRET_FILE):
        return _secret_path()
    roots = _roots()
    if (
        len(parts) < 3
        or parts[0] != "files"
        or parts[1] not in roots
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise BackupError(f"Tệp sao lưu không hợp lệ: đường dẫn «{name}» nằm ngoài thư mục dữ liệu.")
    return roots[parts[1]].joinpath(*parts[2:])


# ---------------------------------------------------------------------------------------- database


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại «{connection.vendor}».")
    return connection.vendor


def _sqlite_tables(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: int(conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names}


def _sqlite_path() -> str | None:
    """The SQLite database file, or None for an in-memory database (the tests')."""
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    return str(connection.settings_dict["NAME"])


def _sqlite_snapshot(out: Path) -> dict[str, int]:
    """A consistent copy of the live database (the backup API copies one snapshot, whatever writes)."""
    dst = sqlite3.connect(out)
    try:
        path = _sqlite_path()
        if path is None:
            connection.ensure_connection()
            connection.connection.backup(dst)
        else:
            src = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
            try:
                src.backup(dst)
            finally:
                src.close()
        return _sqlite_tables(dst)
    finally:
        dst.close()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = []
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _pg_program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"Không tìm thấy chương trình «{name}» (gói postgresql-client): cần có để sao lưu/khôi phục "
            "cơ sở dữ liệu PostgreSQL."
        )
    return found


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for name in _pg_tables(cursor):
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
        counts[name] = int(cursor.fetchone()[0])
    return counts


def _pg_snapshot(out: Path) -> dict[str, int]:
    """``pg_dump`` of one exported snapshot; the row counts are read in that same snapshot."""
    program = _pg_program("pg_dump")
    args, env = _pg_env()
    own = connections.create_connection("default")  # its own session: the snapshot stays open
    try:
        own.ensure_connection()
        own.set_autocommit(True)
        with own.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            done = subprocess.run(
                [program, *args, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", "-f", str(out), str(connection.settings_dict["NAME"])],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            cursor.execute("COMMIT")
        if done.returncode != 0:
            raise BackupError(f"pg_dump không sao lưu được cơ sở dữ liệu: {done.stderr.strip()[:500]}")
        return counts
    finally:
        own.close()


def _database_rows() -> dict[str, int]:
    """Row counts of the live database (what restore checks, and what must be empty before it)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _pg_counts(cursor)
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f'SELECT COUNT(*) FROM "{name}"')
            counts[name] = int(cursor.fetchone()[0])
        return counts


def _restore_sqlite(snapshot: Path) -> None:
    src = sqlite3.connect(snapshot)
    try:
        path = _sqlite_path()
        if path is None:
            connection.ensure_connection()
            src.backup(connection.connection)
        else:
            connections.close_all()
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            dst = sqlite3.connect(path, timeout=60)
            try:
                src.backup(dst)
            finally:
                dst.close()
    finally:
        src.close()


def _restore_pg(dump: Path) -> None:
    program = _pg_program("pg_restore")
    args, env = _pg_env()
    connections.close_all()
    done = subprocess.run(
        [program, *args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", "-d", str(connection.settings_dict["NAME"]), str(dump)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_restore không khôi phục được cơ sở dữ liệu: {done.stderr.strip()[:500]}")


# ------------------------------------------------------------------------------------------ backup


class _Hashing(io.RawIOBase):
    """Reads a file for tarfile while hashing what it hands over."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def backup(target: Path) -> BackupReport:
    """Write the archive to ``target`` (through a temporary file beside it, renamed at the end)."""
    target = Path(target)
    vendor = _vendor()
    if target.exists() and target.is_dir():
        raise BackupError(f"«{target}» là một thư mục: hãy cho tên tệp sao lưu, ví dụ dondoc-sao-luu.tar.gz.")
    for prefix, root in _roots().items():
        if target.resolve().is_relative_to(root.resolve()):
            raise BackupError(
                f"Không ghi tệp sao lưu vào thư mục {prefix} ({root}): bản sao lưu sẽ tự chứa chính nó. "
                "Hãy chọn một thư mục khác, tốt nhất trên một ổ đĩa khác."
            )
    target.parent.mkdir(parents=True, exist_ok=True)
    report = BackupReport(path=target, vendor=vendor)
    with tempfile.TemporaryDirectory(prefix="dondoc-backup-") as work:
        snapshot = Path(work) / ("dondoc.sqlite3" if vendor == "sqlite" else "dondoc.pgdump")
        report.rows = _sqlite_snapshot(snapshot) if vendor == "sqlite" else _pg_snapshot(snapshot)
        partial = target.with_name(target.name + ".partial")
        files: list[dict[str, Any]] = []
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                member = SQLITE_MEMBER if vendor == "sqlite" else PG_MEMBER
                tar.add(snapshot, arcname=member)
                database_sha = _sha256_of(snapshot)
                for name, path in _stored_files():
                    try:
                        stream = path.open("rb")
                    except FileNotFoundError:  # removed meanwhile (a failed import cleaning up)
                        continue
                    with stream:
                        info = tar.gettarinfo(fileobj=stream, arcname=name)
                        hashing = _Hashing(stream)
                        tar.addfile(info, hashing)
                    files.append({"path": name, "size": info.size, "sha256": hashing.digest.hexdigest()})
                    report.files += 1
                    report.file_bytes += info.size
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "dondoc_version": __version__,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "member": member, "sha256": database_sha},
                    "rows": report.rows,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                tar.addfile(info, io.BytesIO(data))
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return report


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------- restore


@contextmanager
def _open_archive(source: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    if not source.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu «{source}».")
    try:
        tar = tarfile.open(source, "r:*")  # noqa: SIM115 (closed below, after the manifest is read)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            f"Tệp «{source.name}» không phải tệp sao lưu của Đôn đốc hoặc đã hỏng ({exc})."
        ) from None
    try:
        try:
            raw = tar.extractfile(MANIFEST)
            manifest = json.loads(raw.read()) if raw is not None else None
        except (KeyError, ValueError, tarfile.TarError, EOFError, OSError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"Tệp «{source.name}» không phải tệp sao lưu của Đôn đốc (thiếu {MANIFEST}).")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"Tệp sao lưu theo định dạng phiên bản {manifest.get('format_version')}, phiên bản này của "
                f"Đôn đốc chỉ đọc định dạng {FORMAT_VERSION}."
            )
        yield tar, manifest
    finally:
        tar.close()


def _check_empty() -> None:
    rows = {name: n for name, n in _database_rows().items() if n and name != "django_migrations"}
    # The tables ``migrate`` fills by itself (content types, permissions) do not make a register.
    rows = {n: c for n, c in rows.items() if n not in ("django_content_type", "auth_permission")}
    if rows:
        listed = ", ".join(f"{name} ({n} dòng)" for name, n in sorted(rows.items())[:5])
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào một hệ thống trống "
            f"(thư mục dữ liệu mới, cơ sở dữ liệu mới). Đang có: {listed}."
        )
    for prefix, root in _roots().items():
        if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
            raise BackupError(
                f"Thư mục {prefix} ({root}) đã có tệp: chỉ khôi phục vào một thư mục dữ liệu trống."
            )


def _extract_to(tar: tarfile.TarFile, name: str, target: Path, size: int, sha256: str) -> None:
    member = tar.getmember(name)
    if not member.isfile() or member.size != size:
        raise BackupError(f"Tệp sao lưu bị hỏng: «{name}» không khớp với bản kê (manifest).")
    stream = tar.extractfile(member)
    assert stream is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        partial.unlink()
        raise BackupError(f"Tệp sao lưu bị hỏng: mã băm của «{name}» không khớp với bản kê (manifest).")
    partial.replace(target)


def restore(source: Path) -> BackupReport:
    """Restore ``source`` into the configured (empty) database and data dir."""
    source = Path(source)
    vendor = _vendor()
    with _open_archive(source) as (tar, manifest):
        database = manifest.get("database") or {}
        if database.get("vendor") != vendor:
            raise BackupError(
                f"Bản sao lưu là của cơ sở dữ liệu {database.get('vendor')}, hệ thống này dùng {vendor}: "
                "hãy đặt DATABASE_URL cho đúng loại trước khi khôi phục."
            )
        _check_empty()
        report = BackupReport(path=source, vendor=vendor, rows=dict(manifest.get("rows") or {}))
        files = list(manifest.get("files") or [])
        targets = [(_target_of(str(f["path"])), f) for f in files]  # every name checked before writing
        with tempfile.TemporaryDirectory(prefix="dondoc-restore-") as work:
            snapshot = Path(work) / PurePosixPath(str(database.get("member"))).name
            _extract_to(
                tar,
                str(database.get("member")),
                snapshot,
                _member_size(tar, database),
                str(database.get("sha256")),
            )
            if vendor == "sqlite":
                _restore_sqlite(snapshot)
            else:
                _restore_pg(snapshot)
        for target, f in targets:
            _extract_to(tar, str(f["path"]), target, int(f["size"]), str(f["sha256"]))
            if target == _secret_path():
                os.chmod(target, 0o600)
            report.files += 1
            report.file_bytes += int(f["size"])
    restored = _database_rows()
    wrong = {name: (n, restored.get(name)) for name, n in report.rows.items() if restored.get(name) != n}
    if wrong:
        listed = ", ".join(f"{name}: {got} thay vì {n}" for name, (n, got) in sorted(wrong.items())[:5])
        raise BackupError(f"Khôi phục không khớp bản kê (số dòng): {listed}.")
    return report


def _member_size(tar: tarfile.TarFile, database: dict[str, Any]) -> int:
    try:
        return tar.getmember(str(database.get("member"))).size
    except KeyError:
        raise BackupError("Tệp sao lưu bị hỏng: thiếu bản sao cơ sở dữ liệu.") from None
