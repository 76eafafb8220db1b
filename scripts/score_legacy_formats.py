#!/usr/bin/env python3
"""Score the legacy twins of every seed and dev document (../shared): .doc and .rtf saved by LibreOffice
from the rendered .docx, the .txt in TCVN3 bytes, the .docx retyped in .VnTime; one summary line per
format (tests/test_formats_legacy.py asserts the same on a subset).

Usage: python scripts/score_legacy_formats.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from scoring_rules import load_scorer  # noqa: E402
from test_formats_legacy import SHARED, make_twins, score  # noqa: E402


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print("../shared is not available", file=sys.stderr)
        return 2
    txts, golds = [], {}
    for docs, gold in (
        (SHARED / "seeds", SHARED / "gold" / "seeds"),
        (SHARED / "dev" / "docs", SHARED / "gold" / "dev"),
    ):
        for path in sorted(docs.glob("*.txt")):
            if (gold / f"{path.stem}.json").is_file():
                txts.append(path)
                golds[path.stem] = gold / f"{path.stem}.json"
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="legacy-formats-"))
    scorer = load_scorer()
    for fmt, files in make_twins(txts, out).items():
        s = score(files, golds, scorer)
        meta = " ".join(f"{k}={v:.2f}" for k, v in s["metadata_accuracy"].items())
        print(
            f"{fmt:12} docs={s['documents']:3} tasks={s['gold']:4} strict F1={s['strict']['f1']:.3f} | {meta}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
