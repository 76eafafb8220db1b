#!/usr/bin/env python3
"""Count the CPU instructions ``dondoc.pipeline.extract_bytes`` takes per document, under callgrind.

    .venv/bin/python scripts/count_instructions.py ../shared/seeds/*.txt
    .venv/bin/python scripts/count_instructions.py --passes 3 src/dondoc/samples/*.txt

Wall-clock figures on a shared virtual machine drift by a factor of two from one minute to the next;
an instruction count does not (the same code, inputs and hash seed give the same count to a few parts
per million). Use it to compare two versions of the extractor: run it on each and compare the figures.

The documents are extracted once to warm the caches (language data, compiled regexes), then ``--passes``
more times. valgrind runs the whole thing twice, with and without the timed passes; the difference,
divided by the number of timed extractions, is the figure printed. Needs valgrind (apt install valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

_CHILD = """
import sys
from pathlib import Path
from dondoc.errors import DondocError
from dondoc.pipeline import extract_bytes

passes = int(sys.argv[1])
blobs = [(Path(p).read_bytes(), Path(p).name) for p in sys.argv[2:]]
for _ in range(1 + passes):
    for data, name in blobs:
        try:
            extract_bytes(data, name)
        except DondocError:
            pass
"""


def _collected(passes: int, files: list[str], out_dir: str) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out_dir}/callgrind.out",
            sys.executable,
            "-c",
            _CHILD,
            str(passes),
            *files,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    m = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
    if result.returncode != 0 or not m:
        raise SystemExit(f"valgrind failed:\n{result.stderr[-2000:]}")
    return int(m.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="+", help="documents to extract")
    parser.add_argument("--passes", type=int, default=3, help="timed passes over the files (default 3)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dondoc-callgrind-") as tmp:
        warm = _collected(0, args.files, tmp)
        full = _collected(args.passes, args.files, tmp)
    per_doc = (full - warm) / (args.passes * len(args.files))
    print(f"{per_doc / 1e6:.2f} M instructions per document ({len(args.files)} files × {args.passes} passes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
