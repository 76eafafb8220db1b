"""The watched inbox folder: every file put there is imported, then moved to ``da-nhap/`` (imported)
or ``loi/`` (failed, with a ``.loi.txt`` note in Vietnamese beside it). Nothing is ever deleted."""

from __future__ import annotations

import time
from pathlib import Path

from dondoc.tracking.services.ingestion import import_one_path

DONE_DIR = "da-nhap"
FAILED_DIR = "loi"
SETTLE_SECONDS = 2.0  # a file still being written (mtime within this window) waits for the next scan


def _unique(target: Path) -> Path:
    n = 1
    out = target
    while out.exists():
        out = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return out


def scan_inbox(inbox: Path, settle: float = SETTLE_SECONDS) -> list[str]:
    """Import the files waiting in ``inbox``; returns one Vietnamese line per file handled."""
    lines = []
    now = time.time()
    for path in sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")):
        if now - path.stat().st_mtime < settle:
            continue
        outcome = import_one_path(path, None, source="inbox")
        if outcome.ok:
            dest = _unique(inbox / DONE_DIR / path.name)
            dest.parent.mkdir(exist_ok=True)
            path.replace(dest)
            lines.append(
                f"✓ {path.name}: đã nhập (văn bản #{outcome.document.pk if outcome.document else ''})"
            )
        else:
            dest = _unique(inbox / FAILED_DIR / path.name)
            dest.parent.mkdir(exist_ok=True)
            path.replace(dest)
            dest.with_name(dest.name + ".loi.txt").write_text(outcome.error or "", encoding="utf-8")
            lines.append(f"✗ {path.name}: {outcome.error}")
    return lines
