"""Case-insensitive patterns run over lower-cased text give the matches of ``re.IGNORECASE``."""

from __future__ import annotations

import random
import re
from importlib import resources

import pytest

from dondoc.caseless import Caseless
from dondoc.extract.cues import cues
from dondoc.extract.deadlines import _RECURRING, _period_start, _phrases
from dondoc.normalize.noise import _line_rules
from dondoc.structure.inference import _CLOSING_GATE
from dondoc.units.scanner import _candidate_regex


def _patterns() -> list[tuple[str, Caseless]]:
    c = cues()
    out: list[tuple[str, Caseless]] = [
        ("recurring", _RECURRING),
        ("period_start", _period_start()),
        ("unit_candidate", _candidate_regex()),
        ("noise_lines_all", _line_rules()[0]),
        ("noise_lines_ungated", _line_rules()[1]),
        ("closing_gate", _CLOSING_GATE),
    ]
    out += [(p.id, p.regex) for p in _phrases()[0] + _phrases("cell_phrases")[0]]
    for name in c.__dataclass_fields__:
        value = getattr(c, name)
        for k, item in enumerate(value if isinstance(value, tuple) else (value,)):
            if isinstance(item, Caseless):
                out.append((f"{name}[{k}]", item))
    return out


def _texts() -> list[str]:
    samples = resources.files("dondoc").joinpath("samples")
    lines = [
        line
        for f in samples.iterdir()
        if f.name.endswith((".txt", ".md"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(3)
    words = " ".join(lines).split()
    mixed = []
    for _ in range(300):
        chunk = words[rng.randrange(len(words)) :][:12]
        mixed.append(
            " ".join(
                w.upper() if rng.random() < 0.3 else w.title() if rng.random() < 0.3 else w for w in chunk
            )
        )
    extra = [
        "Ký bởi: Văn phòng Ủy ban nhân dân tỉnh",
        "Trang 2/5",
        "- 3 -",
        "VĂN BẢN CÙNG LĨNH VỰC",
        "Tải ứng dụng trên App Store",
        "TRƯỚC NGÀY 15/3/2026",
        "Trong Quý II/2026",
        "hoàn thành TRONG THÁNG 6/2025",
        "ĐỊNH KỲ hằng tháng",
        "Kính gửi: İstanbul trước ngày 1/2/2025",
    ]
    return lines + [line.upper() for line in lines] + mixed + extra


PATTERNS = _patterns()


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_same_matches_as_the_flag(name: str, pattern: Caseless) -> None:
    for text in _texts():
        expected = [(m.span(), m.group(), m.groupdict()) for m in pattern.regex.finditer(text)]
        got = [(m.span(), m.group(), m.groupdict()) for m in pattern.finditer(text)]
        assert got == expected, (name, text)
        for method in ("search", "match", "fullmatch"):
            want = getattr(pattern.regex, method)(text)
            have = getattr(pattern, method)(text)
            assert (have.span() if have else None) == (want.span() if want else None), (name, method, text)


def test_language_data_patterns_run_without_the_flag() -> None:
    slow = [name for name, pattern in PATTERNS if not pattern.fast]
    assert slow == [], "write these patterns' letters in lower case: " + ", ".join(slow)


@pytest.mark.parametrize(
    ("pattern", "fast"),
    [
        ("trước ngày", True),
        (r"\b(?:quý)\s+(?P<q>iv|iii|ii|i)\b", True),
        ("[a-zđ]+", True),
        ("[A-Z]", False),  # an upper-case letter: the flag is kept
        ("Trước", False),
        ("[à-ỹ]", False),  # the range holds upper-case letters whose lower case is outside it
        (r"(?<!\w)giao(?=\s)", True),
    ],
)
def test_which_patterns_run_without_the_flag(pattern: str, fast: bool) -> None:
    assert Caseless(pattern).fast is fast


def test_groups_come_from_the_original_text() -> None:
    m = Caseless(r"trước ngày (?P<d>\d+)").search("Hoàn thành TRƯỚC NGÀY 15")
    assert m is not None
    assert m.group() == "TRƯỚC NGÀY 15"
    assert m.groupdict() == {"d": "15"}
    assert m.span() == (11, 24)


def test_text_that_changes_length_when_lowered_uses_the_flag() -> None:
    # "İ".lower() is two characters: offsets in the lowered copy would be off by one.
    pattern = Caseless("giao")
    m = pattern.search("İ GIAO")
    assert m is not None and m.span() == (2, 6) and m.group() == "GIAO"
    assert re.search("giao", "İ GIAO", re.IGNORECASE).span() == (2, 6)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bgiao|cho", "xcho giao"),  # the boundary belongs to the first alternative only
        (r"\b(?:giao|cho)\b", "xgiao cho"),
        (r"\bgiao", "Giao"),
        (r"\b(?:giao|\.)", "x. giao"),  # an alternative that starts with a non-word character
        (r"(?<!\w)(?:giao|cho)(?!\w)", "xgiao cho_ giao"),
        (r"(?<!\w)giao|cho", "xgiao xcho"),  # the look-behind belongs to the first alternative only
    ],
)
def test_leading_boundary(pattern: str, text: str) -> None:
    want = re.search(pattern, text, re.IGNORECASE)
    have = Caseless(pattern).search(text)
    assert (have.span() if have else None) == (want.span() if want else None)
    for pos in range(len(text) + 1):
        for endpos in (pos, len(text), len(text) - 1):
            want = re.compile(pattern, re.IGNORECASE).search(text, pos, endpos)
            have = Caseless(pattern).search(text, pos, endpos)
            assert (have.span() if have else None) == (want.span() if want else None), (pos, endpos)
