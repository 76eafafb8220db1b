"""The extraction scoreboard on scans (skipped without ../shared, and on the PostgreSQL run of the suite).

The dev documents rendered to 300 dpi image-only PDFs (turned about one degree, with noise:
scripts/scan_scoreboard.py, which also makes the 200 dpi set, JPEG photos and the seeds and train sets)
are OCR'd and scored: strict F1 ≥ 0.90 and every metadata field but the signer ≥ 0.90. The six real
scans / broken-layer PDFs of the train set are OCR'd and must keep the figures measured when OCR came
(a regression floor: the issue's target, 0.90, is not met yet; see the format issue's notes).
These tests touch no database, so they run once per CI run (not again when DATABASE_URL is set).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from scoring_rules import load_scorer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import scan_scoreboard as SB

pytestmark = [
    pytest.mark.skipif(not SB.SHARED.is_dir(), reason="../shared is not available"),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="no database: runs on the SQLite pass only"
    ),
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed"),
]

TRAIN_SCANS = (
    "08_bca-4214-trien-khai-ctmtqg-ma-tuy-2025.pdf",
    "11_quangngai-ct-08-2018-ho-tro-nha-dau-tu.pdf",
    "16_bca-tctlntw-kh-996-kiem-soat-hoat-dong-hop-phap-ma-tuy-2026.pdf",
    "19_quangngai-cv-575-gop-y-du-thao-nghi-dinh-2025.pdf",
    "PC-466-VPUBND-chuyen-SCT-tham-dinh-PANM-Ngoi-Nhu-1A.pdf",
    "QD-2336-2026-CTDT-KCN-Phu-Xuan.pdf",
)


def test_dev_scans_at_300_dpi(tmp_path: Path) -> None:
    summaries = SB.run(["dev"], [300], tmp_path, verbose=False, kinds=("pdf",))
    s = summaries[("dev", 300, "pdf")]
    assert s["strict"]["f1"] >= 0.90, s
    # The signer is the one field below the target: OCR misreads tone marks in some names (0.71 measured).
    low = {f: v for f, v in s["metadata_accuracy"].items() if v < 0.90 and f != "signer"}
    assert not low, low
    assert s["metadata_accuracy"]["signer"] >= 0.6


def test_train_scans_keep_their_measured_scores() -> None:
    from dondoc.pipeline import extract_path

    scorer = load_scorer()
    docs, gold = SB.SETS["train"]
    results: dict[str, Any] = {}
    for name in TRAIN_SCANS:
        pred = extract_path(docs / name).to_contract()
        g = json.loads((gold / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
        results[name] = scorer.score_document(g, pred)
    s = scorer.summarize(results)
    # Measured 07/12/2026: strict F1 0.338, detection F1 0.688 (0 of the 63 gold tasks before OCR); after
    # the OCR list-mark, stroke and comma repairs and the lead-in scope fix: strict 0.390, detection 0.727.
    assert s["detection"]["f1"] >= 0.70, s
    assert s["strict"]["f1"] >= 0.36, s
