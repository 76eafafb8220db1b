"""The watched inbox folder: every file put there is imported, then moved to ``da-nhap/`` (imported)
or ``loi/`` (failed, with a ``.loi.txt`` note in Vietnamese beside it). Nothing is ever deleted.

Nothing is passed over in silence: a scan reports every file it imported, every file that failed and
every entry it skipped (hidden files, folders, files still being written), with the reason."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from dondoc.tracking.services.ingestion import NO_TASKS_NOTE, import_one_path

DONE_DIR = "da-nhap"
FAILED_DIR = "loi"
SETTLE_SECONDS = 2.0  # a file still being written (mtime within this window) waits for the next scan


@dataclass
class InboxScan:
    """One scan: a Vietnamese line per entry, and the counts the command's exit code depends on."""

    lines: list[str] = field(default_factory=list)
    imported: int = 0
    failed: int = 0
    skipped: int = 0


def _unique(target: Path) -> Path:
    n = 1
    out = target
    while out.exists():
        out = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return out


def _skip_reason(path: Path, now: float, settle: float) -> str | None:
    if path.name in (DONE_DIR, FAILED_DIR) and path.is_dir():
        return None  # the folders the scan itself sorts into: not reported
    if path.is_dir():
        return "là thư mục (chỉ nhập các tệp đặt trực tiếp trong thư mục nhận)"
    if not path.is_file():
        return "không phải tệp thông thường"
    if path.name.startswith("."):
        return "tệp ẩn (tên bắt đầu bằng dấu chấm)"
    if now - path.stat().st_mtime < settle:
        return "tệp đang được ghi, sẽ nhập ở lần quét sau"
    return ""


def scan_inbox(inbox: Path, settle: float = SETTLE_SECONDS) -> InboxScan:
    """Import the files waiting in ``inbox``; every entry of the folder is reported."""
    scan = InboxScan()
    now = time.time()
    for path in sorted(inbox.iterdir()):
        reason = _skip_reason(path, now, settle)
        if reason is None:
            continue
        if reason:
            scan.skipped += 1
            scan.lines.append(f"– {path.name}: bỏ qua, {reason}")
            continue
        outcome = import_one_path(path, None, source="inbox")
        dest = _unique(inbox / (DONE_DIR if outcome.ok else FAILED_DIR) / path.name)
        dest.parent.mkdir(exist_ok=True)
        path.replace(dest)
        if outcome.ok and outcome.document is not None:
            scan.imported += 1
            n = outcome.document.tasks.count()
            found = f"{n} nhiệm vụ chờ duyệt" if n else NO_TASKS_NOTE.lower()
            scan.lines.append(f"✓ {path.name}: đã nhập (văn bản #{outcome.document.pk}), {found}")
        else:
            scan.failed += 1
            dest.with_name(dest.name + ".loi.txt").write_text(outcome.error or "", encoding="utf-8")
            scan.lines.append(f"✗ {path.name}: {outcome.error} (đã chuyển vào {FAILED_DIR}/)")
    return scan
