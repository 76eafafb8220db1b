#!/usr/bin/env python3
"""Benchmark: a 10-page 300 dpi scan to draft tasks (the OCR issue's target: at most 60 s on 2 cores).

The scan is made of real signed scans of ../shared/train (QĐ 2336: 7 pages, CT 08: 3 pages), joined
into one 10-page image-only PDF; the whole pipeline (OCR, normalize, structure, extract) is timed.

    python scripts/bench_ocr.py
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "train" / "docs"
sys.path.insert(0, str(ROOT / "src"))
PARTS = ("QD-2336-2026-CTDT-KCN-Phu-Xuan.pdf", "11_quangngai-ct-08-2018-ho-tro-nha-dau-tu.pdf")


def main() -> int:
    import pypdfium2 as pdfium

    from dondoc.pipeline import extract_bytes

    if not all((TRAIN / p).is_file() for p in PARTS):
        print("../shared is not available", file=sys.stderr)
        return 2
    joined = pdfium.PdfDocument.new()
    for part in PARTS:
        joined.import_pages(pdfium.PdfDocument(TRAIN / part))
    buffer = io.BytesIO()
    joined.save(buffer)
    pages = len(joined)
    start = time.monotonic()
    result = extract_bytes(buffer.getvalue(), "ban-quet-10-trang.pdf")
    seconds = time.monotonic() - start
    print(
        f"{pages} pages, {len(result.tasks)} draft tasks in {seconds:.1f} s "
        f"({seconds / pages:.1f} s/page, {os.cpu_count()} CPUs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
