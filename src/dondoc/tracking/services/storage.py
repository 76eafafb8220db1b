"""Names of stored files: the file system only ever sees a generated name.

An uploaded file's name comes from the user (a browser, an API client, a file in the inbox): any
length, any characters, path separators, control characters. It is kept, cleaned for display and
for the database (``display_name``), in ``original_name``; the file itself is stored as
``<upload_to>/<32 hex digits><suffix>`` (``stored_name``), which no file system and no storage can
refuse, and which never collides.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

MAX_NAME = 255  # the ``original_name`` columns
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}\Z")


def display_name(name: str | None, default: str) -> str:
    """The user's file name as it is kept in the database and shown: NFC, without control characters
    (NUL, which PostgreSQL refuses; CR/LF, which would break a download header), without the
    directories a client may send, at most ``MAX_NAME`` characters (the end, with the extension, is
    kept). ``default`` when nothing is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = re.split(r"[\\/]", text)[-1].strip()
    if text in ("", ".", ".."):
        return default
    if len(text) > MAX_NAME:
        text = "…" + text[-(MAX_NAME - 1) :]
    return text


def stored_name(original: str | None, default_suffix: str = "") -> str:
    """A safe, unique name for the storage: random hex and the original's extension when it is a
    plain one (``.docx``, ``.pdf``), else ``default_suffix``."""
    found = _SUFFIX.search(original or "")
    suffix = found.group(0).lower() if found else default_suffix
    return uuid.uuid4().hex + suffix
