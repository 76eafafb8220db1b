"""The secret key: from ``DONDOC_SECRET_KEY``, or generated once and kept in the data dir.

The key signs sessions' integrity hashes, password-reset tokens, the messages cookie and CSRF
secrets: a key known to anyone lets anyone forge them. So there is no default. With the variable
unset, the first start writes a random key to ``<data dir>/secret_key`` (mode 0600, never
overwritten: two workers starting at once agree on the first key written) and later starts read it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

FILE_NAME = "secret_key"
MIN_LENGTH = 50


class SecretKeyError(RuntimeError):
    """The key file is unusable (empty, too short); the message says what to do, in Vietnamese."""


def new_key() -> str:
    return secrets.token_urlsafe(48)  # 64 characters of 6 random bits each


def load_or_create(data_dir: Path) -> str:
    """The key kept in ``data_dir``, written there first if there is none."""
    path = data_dir / FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        _write_new(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:  # readable by others: keep the key, close the file to them
        os.chmod(path, 0o600)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(
            f"Tệp khóa bí mật {path} rỗng hoặc quá ngắn (cần ít nhất {MIN_LENGTH} ký tự): "
            "xóa tệp để hệ thống tạo khóa mới, hoặc đặt biến môi trường DONDOC_SECRET_KEY."
        )
    return key


def _write_new(path: Path) -> None:
    """Write a new key to a private temporary file, then link it into place: the link fails if
    another process was first, and then that process's key is the one kept."""
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(new_key() + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: keep its key
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def secret_key(environ: os._Environ[str] | dict[str, str], data_dir: Path) -> str:
    configured = environ.get("DONDOC_SECRET_KEY", "").strip()
    return configured or load_or_create(data_dir)
