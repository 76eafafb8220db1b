"""Every stage of extraction grows linearly (or n·log n) with its input: no input can hold a worker.

Each case times one stage on a generated input of size n and of size 4n (the least CPU time of five runs each)
and asserts the growth ratio, not a time: a linear stage grows about 4×, a quadratic one 16×. The
limit (10×) leaves room for a noisy machine. The whole pipeline runs on the sentence that once took
48 s: one unit named thousands of times.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dondoc.errors import TooComplexError
from dondoc.extract.deadlines import find_deadlines
from dondoc.extract.restore import restore_phrases
from dondoc.ingest import ingest_bytes
from dondoc.normalize import normalize
from dondoc.pipeline import Budget, extract_bytes
from dondoc.structure import parse_structure
from dondoc.units.scanner import find_units

MAX_RATIO = 10.0


def _best(run: Callable[[], object]) -> float:
    """The least CPU time of this process over five runs: other processes on the machine do not count."""
    times = []
    for _ in range(5):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def _repeated_unit_letter(n: int) -> bytes:
    return ("THÔNG BÁO\nKết luận\n- Tham mưu kịp thời cho " + ", ".join(["UBND tỉnh"] * n) + " các văn bản.\n").encode()


def _sections(n: int) -> bytes:
    items = "".join(f"{k}. Phòng Kinh tế rà soát hồ sơ số {k} trước ngày 30/6/2025.\n- Báo cáo kết quả.\n" for k in range(n))
    return ("THÔNG BÁO\nKết luận\n" + items).encode()


def _table(n: int) -> bytes:
    rows = "".join(f"| {k} | Rà soát hồ sơ số {k} | Sở Tài chính | Sở Xây dựng | Quý II/2025 |\n" for k in range(n))
    head = "| STT | Nội dung | Chủ trì | Phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n"
    return ("KẾ HOẠCH\nTriển khai\nII. NHIỆM VỤ\n" + head + rows).encode()


CASES: dict[str, tuple[int, Callable[[int], Callable[[], object]]]] = {
    "units": (600, lambda n: lambda: find_units(", ".join(["Sở Tài chính", "UBND các xã, phường"] * n))),
    "deadlines": (
        1000,
        lambda n: lambda: find_deadlines(
            " ".join(f"hoàn thành trước ngày {1 + k % 28}/6/2025;" for k in range(n)), 0, meeting=None, issued=None
        ),
    ),
    "restore": (800, lambda n: lambda: restore_phrases(" ".join(["giao Phong Tai chinh ke hoach"] * n))),
    "sections": (400, lambda n: lambda: parse_structure(normalize(ingest_bytes(_sections(n), "x.txt")))),
    "tables": (100, lambda n: lambda: extract_bytes(_table(n), "x.md")),
    "pipeline, one unit named many times": (1000, lambda n: lambda: extract_bytes(_repeated_unit_letter(n), "x.txt")),
    "pipeline, many items": (100, lambda n: lambda: extract_bytes(_sections(n), "x.txt")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_stage_grows_linearly(name: str) -> None:
    n, make = CASES[name]
    make(n)()  # warm the caches of the language data
    small, large = _best(make(n)), _best(make(4 * n))
    ratio = large / max(small, 1e-4)
    print(f"{name}: n={n} {small * 1000:.1f} ms, 4n {large * 1000:.1f} ms, ratio {ratio:.1f}")
    assert ratio < MAX_RATIO, f"{name} grew {ratio:.1f}× for 4× the input"


def test_a_document_over_its_size_budget_is_refused_in_vietnamese() -> None:
    with pytest.raises(TooComplexError) as err:
        extract_bytes(_sections(50), "x.txt", Budget(max_chars=1_000))
    assert "quá dài hoặc quá phức tạp" in err.value.message


def test_a_document_over_its_time_budget_is_refused_in_vietnamese() -> None:
    with pytest.raises(TooComplexError):
        extract_bytes(_sections(50), "x.txt", Budget(seconds=0.0))
    assert extract_bytes(_sections(50), "x.txt", Budget(seconds=60.0)).tasks  # the same text within budget


def test_fuzzed_documents_never_crash_the_pipeline() -> None:
    """A bounded run of scripts/fuzz_extract.py (the CI runs 20,000 inputs after the suite)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import fuzz_extract

    result = fuzz_extract.fuzz(300, seed=3, report=lambda _line: None)
    assert not result.crashes, result.crashes[:3]
    assert result.extracted > 0 and result.refused > 0  # the mutations reach both outcomes
