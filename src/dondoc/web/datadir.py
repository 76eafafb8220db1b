"""Where dondoc keeps its data: one documented default, independent of the current directory.

``DONDOC_DATA_DIR`` when set; else ``$XDG_DATA_HOME/dondoc``; else ``~/.local/share/dondoc`` (the XDG
default). The SQLite database, stored files, the inbox, the cache and the generated secret key live
there. Every ``dondoc`` command that touches the data prints the location on stderr (``describe``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    explicit = environ.get("DONDOC_DATA_DIR", "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = environ.get("XDG_DATA_HOME", "").strip()
    # The XDG spec: a relative XDG_DATA_HOME is invalid and is ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return (base / "dondoc").resolve()


def describe(data: Path, database: Mapping[str, object]) -> str:
    """One line saying where the data lives (printed on stderr by every command)."""
    engine = str(database.get("ENGINE", ""))
    if engine.endswith("postgresql"):
        where = f"PostgreSQL {database.get('NAME')} trên {database.get('HOST') or 'localhost'}"
    else:
        where = f"SQLite {database.get('NAME')}"
    return f"Thư mục dữ liệu: {data} (cơ sở dữ liệu: {where})"
