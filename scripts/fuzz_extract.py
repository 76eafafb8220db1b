#!/usr/bin/env python3
"""Fuzz the extraction pipeline: mutations of generated documents must give tasks or the project's own
errors (``DondocError`` with a Vietnamese message), never a crash and never an internal error.

    .venv/bin/python scripts/fuzz_extract.py                  # 20,000 inputs, seed 1
    .venv/bin/python scripts/fuzz_extract.py -n 100000 --seed 7

The inputs start from the bundled sample documents as text, as .docx (python-docx) and as a zip of them,
and are mutated: bytes flipped, cut, repeated or spliced; lines deleted, repeated or shuffled; unit
names, dates, markers and odd Unicode (NFD marks, lookalikes, control characters, right-to-left marks)
inserted; one unit named thousands of times. The script prints the count, the crashes (with the input
saved to --crashes DIR), and the slowest inputs. It exits 1 when any input crashed.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dondoc.errors import DondocError, InternalError  # noqa: E402
from dondoc.pipeline import extract_bytes  # noqa: E402

INSERTS = [
    "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng:",
    "trước ngày 31/02/2025",
    "trong quý V/2025",
    "ngày 0 tháng 13 năm 99999",
    "1.1.1.1.1.",
    "a)",
    "- ",
    "Kính gửi:",
    "Nơi nhận:",
    "| STT | Nội dung | Chủ trì | Thời gian |",
    "Số: /TB-UBND",
    "UBND các xã, phường, thị trấn",
    "Các Bộ: Công Thương, Tài chính, Xây dựng",
    "(Nội dung a, b hoàn thành trước ngày 30/9/2025)",
    "\u0301\u0300\u0323",
    "\u200f\u202e",
    "\x00\x07\x1b",
    "Ð",
    "ﬁ",
    "\ufeff",
]


def samples() -> list[tuple[str, bytes]]:
    folder = resources.files("dondoc") / "samples"
    return [(f.name, f.read_bytes()) for f in folder.iterdir() if f.name.endswith((".txt", ".md"))]


def as_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():  # XML holds no control characters: Word files never carry them
        document.add_paragraph("".join(ch for ch in line if ch >= " " or ch == "\t"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text_mutations(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    op = rng.randrange(7)
    if op == 0 and lines:
        del lines[rng.randrange(len(lines))]
    elif op == 1 and lines:
        k = rng.randrange(len(lines))
        lines[k:k] = [lines[k]] * rng.randint(2, 50)
    elif op == 2:
        rng.shuffle(lines)
    elif op == 3 and lines:
        k = rng.randrange(len(lines))
        lines[k] = lines[k] + " " + rng.choice(INSERTS)
    elif op == 4:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(INSERTS) * rng.randint(1, 20))
    elif op == 5:
        lines.append("- Tham mưu cho " + ", ".join(["UBND tỉnh"] * rng.randint(100, 3000)) + " các văn bản.")
    else:
        lines = [line[: rng.randrange(len(line) + 1)] for line in lines]
    return "\n".join(lines)


def _byte_mutations(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    op = rng.randrange(4)
    if op == 0 and buf:
        for _ in range(rng.randint(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif op == 1 and buf:
        del buf[rng.randrange(len(buf)) :]
    elif op == 2 and buf:
        k = rng.randrange(len(buf))
        buf[k:k] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    else:
        k = rng.randrange(len(buf) + 1)
        buf[k:k] = buf[max(0, k - 500) : k] * rng.randint(1, 5)
    return bytes(buf)


def make_input(rng: random.Random, base: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    name, data = rng.choice(base)
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 4)):
        text = _text_mutations(rng, text)
    kind = rng.randrange(10)
    if kind < 6:
        encoded = text.encode(rng.choice(["utf-8", "utf-16", "cp1258"]), errors="replace")
        return name, _byte_mutations(rng, encoded) if rng.random() < 0.3 else encoded
    if kind < 9:
        packed = as_docx(text)
        return name.rsplit(".", 1)[0] + ".docx", _byte_mutations(rng, packed) if kind == 8 else packed
    return "x.pdf", b"%PDF-1.4\n" + _byte_mutations(rng, text.encode("utf-8"))


@dataclass
class FuzzResult:
    crashes: list[tuple[str, str]]  # (input name, what escaped)
    slowest: list[tuple[float, str, int]]  # (seconds, input name, bytes)
    extracted: int
    refused: int


def fuzz(n: int, seed: int, crashes: Path | None = None, report: Callable[[str], None] = print) -> FuzzResult:
    rng = random.Random(seed)
    base = samples()
    failures: list[tuple[str, str]] = []
    slowest: list[tuple[float, str, int]] = []
    outcomes = {"tasks": 0, "errors": 0}
    for k in range(n):
        name, data = make_input(rng, base)
        start = time.perf_counter()
        try:
            extract_bytes(data, name)
            outcomes["tasks"] += 1
        except InternalError as exc:
            failures.append((name, str(exc)))
        except DondocError:
            outcomes["errors"] += 1
        except Exception as exc:  # anything else escaping the pipeline is a crash too
            failures.append((name, f"{type(exc).__name__}: {exc}"))
        elapsed = time.perf_counter() - start
        slowest = sorted([*slowest, (elapsed, name, len(data))], reverse=True)[:5]
        if failures and crashes is not None and failures[-1][0] == name and len(failures) <= 20:
            crashes.mkdir(parents=True, exist_ok=True)
            (crashes / f"crash-{k}-{name}").write_bytes(data)
    report(f"inputs: {n} (seed {seed}); extracted: {outcomes['tasks']}; refused: {outcomes['errors']}")
    report(f"crashes: {len(failures)}")
    for name, message in failures[:10]:
        report(f"  {name}: {message}")
    for elapsed, name, size in slowest:
        report(f"slowest: {elapsed * 1000:.0f} ms, {name}, {size} bytes")
    return FuzzResult(failures, slowest, outcomes["tasks"], outcomes["errors"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("-n", type=int, default=20_000, help="number of inputs (default 20,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crashes", type=Path, help="save the crashing inputs here")
    args = ap.parse_args(argv)
    result = fuzz(args.n, args.seed, args.crashes)
    crashed = len(result.crashes)
    print(f"fuzz: {args.n - crashed} passed, {crashed} failed")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
