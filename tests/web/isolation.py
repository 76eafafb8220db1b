"""Per-test settings shared by the web and browser suites: files, cache and password hashing."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def isolate(settings: Any, tmp_path: Path) -> None:
    """Uploaded files and the inbox under ``tmp_path``; a per-test memory cache (the file cache of
    the data dir is shared between processes); a fast password hasher for logins."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INBOX_DIR = tmp_path / "inbox"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
