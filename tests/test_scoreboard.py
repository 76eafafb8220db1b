"""The extraction scoreboard on the real documents in ../shared (skipped when it is absent).

The thresholds are the figures the extractor reaches now: a regression guard. The issue's
acceptance targets (strict F1 ≥ 0.95, metadata ≥ 0.9 per field) are printed for comparison.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dondoc.pipeline import extract_path
from scoring_rules import load_scorer

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "gold" / "seeds", 0.95, 0.9),
    "dev": (SHARED / "dev" / "docs", SHARED / "gold" / "dev", 0.95, 0.9),
}


def _scorer() -> Any:
    return load_scorer()


@pytest.mark.parametrize("name", sorted(SETS))
def test_scoreboard(name: str, tmp_path: Path) -> None:
    docs, gold, min_strict, min_meta = SETS[name]
    if not docs.is_dir() or not gold.is_dir():
        pytest.skip("../shared is not available")
    for path in sorted(docs.glob("*.txt")):
        data = extract_path(path).to_contract()
        (tmp_path / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    scorer = _scorer()
    results = {}
    for gold_file in sorted(gold.glob("*.json")):
        g = json.loads(gold_file.read_text(encoding="utf-8"))
        pred_file = tmp_path / gold_file.name
        p = json.loads(pred_file.read_text(encoding="utf-8")) if pred_file.exists() else None
        results[gold_file.stem] = scorer.score_document(g, p)
    summary = scorer.summarize(results)
    print(
        f"{name}: strict F1={summary['strict']['f1']:.3f} (target 0.95), metadata={summary['metadata_accuracy']}"
    )
    assert summary["strict"]["f1"] >= min_strict
    for field, accuracy in summary["metadata_accuracy"].items():
        assert accuracy >= min_meta, field
