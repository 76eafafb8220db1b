#!/usr/bin/env python3
"""Score the extractor on scans made from the real documents of ../shared (and the bundled samples).

Every .txt is rendered as an office issues it (tests/render_formats.py: .docx, then PDF by LibreOffice),
its pages rendered to greyscale images (pypdfium2) at 200 and 300 dpi, turned by about one degree, with
noise, then wrapped as an image-only PDF ("pdf") or saved as a JPEG photo ("jpeg": one-page documents
only). Each scan is extracted (OCR) and scored with the spec's scorer against the document's gold.

Usage:
    python scripts/scan_scoreboard.py                    # dev, 300 dpi, pdf and jpeg
    python scripts/scan_scoreboard.py dev seeds --dpi 200 300 -v
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

SETS = {
    "seeds": (SHARED / "seeds", SHARED / "gold" / "seeds"),
    "dev": (SHARED / "dev" / "docs", SHARED / "gold" / "dev"),
    "train": (SHARED / "train" / "docs", SHARED / "gold" / "train"),
}
KINDS = ("pdf", "jpeg")


def degrade(image: Any, seed: int) -> Any:
    """A scanner's or a phone's page: turned by about one degree, with speckle noise."""
    from PIL import Image

    rng = random.Random(seed)
    turned = image.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BILINEAR, fillcolor=255)
    # Gaussian noise (mean 128, sigma 24) from the seeded generator: Image.effect_noise draws from the C
    # library's rand() and gave another page, and another score, at every run.
    uniform = Image.frombytes("L", turned.size, rng.randbytes(turned.size[0] * turned.size[1]))
    noise = uniform.point(_GAUSSIAN)
    return Image.blend(turned, noise, 0.12)


_NORMAL = statistics.NormalDist(128, 24)
_GAUSSIAN = [min(255, max(0, round(_NORMAL.inv_cdf((i + 0.5) / 256)))) for i in range(256)]


def scans(pdf_path: Path, dpi: int, out: Path) -> dict[str, Path]:
    """The scans of one rendered PDF: an image-only PDF, and a JPEG when the document has one page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    pages = [degrade(pdf[i].render(scale=dpi / 72, grayscale=True).to_pil(), i) for i in range(len(pdf))]
    made = {"pdf": out / f"{pdf_path.stem}.pdf"}
    pages[0].save(made["pdf"], "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    if len(pages) == 1:
        made["jpeg"] = out / f"{pdf_path.stem}.jpg"
        buffer = io.BytesIO()
        pages[0].save(buffer, "JPEG", quality=85)
        made["jpeg"].write_bytes(buffer.getvalue())
    return made


def run(
    names: list[str], dpis: list[int], work: Path, verbose: bool, kinds: tuple[str, ...] = KINDS
) -> dict[tuple[str, int, str], Any]:
    import render_formats as RF
    from dondoc.errors import DondocError
    from dondoc.pipeline import extract_path
    from scoring_rules import load_scorer

    scorer = load_scorer()
    summaries: dict[tuple[str, int, str], Any] = {}
    for name in names:
        docs, gold_dir = SETS[name]
        stems = {p.stem for p in gold_dir.glob("*.json")}
        sources = sorted(p for p in docs.glob("*.txt") if p.stem in stems)
        rendered = RF.to_pdf([RF.render_docx(p, work / name / "docx") for p in sources], work / name / "pdf")
        for dpi in dpis:
            results: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
            for pdf_path in rendered:
                out = work / name / str(dpi)
                out.mkdir(parents=True, exist_ok=True)
                gold = json.loads((gold_dir / f"{pdf_path.stem}.json").read_text(encoding="utf-8"))
                for kind, scan in scans(pdf_path, dpi, out).items():
                    if kind not in kinds:
                        continue
                    try:
                        pred: dict[str, Any] | None = extract_path(scan).to_contract()
                    except DondocError as exc:
                        print(f"  {scan.name}: {exc}", file=sys.stderr)
                        pred = None
                    results[kind][pdf_path.stem] = scorer.score_document(gold, pred)
            for kind in kinds:
                if results[kind]:
                    summaries[(name, dpi, kind)] = scorer.summarize(results[kind])
                    print(line(name, dpi, kind, summaries[(name, dpi, kind)]), flush=True)
                    if verbose:
                        from scoreboard import table

                        print(table(results[kind], True))
    return summaries


def line(name: str, dpi: int, kind: str, s: dict[str, Any]) -> str:
    meta = " ".join(f"{k}={v:.2f}" for k, v in s["metadata_accuracy"].items())
    return (
        f"{name:6} {dpi} dpi {kind:4} docs={s['documents']:3} tasks={s['gold']:4} "
        f"strict F1={s['strict']['f1']:.3f} detection F1={s['detection']['f1']:.3f} | {meta}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("sets", nargs="*", metavar="SET", help="seeds, dev, train (default: dev)")
    ap.add_argument("--dpi", type=int, nargs="+", default=[300])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print("../shared is not available", file=sys.stderr)
        return 2
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        run(args.sets or ["dev"], args.dpi, Path(tmp), args.verbose)
    print(f"{time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
