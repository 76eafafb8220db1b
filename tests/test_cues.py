"""The suffix matchers of the task cues give the same answers as the regexes they stand for."""

from __future__ import annotations

import random

import pytest

from dondoc import langdata
from dondoc.extract.cues import Ending

_FRAGMENTS = [" ", "  ", ",", ", ", "\n", "a", "Giao", "x", "_", "đ", "Sở", "ĐỀ NGHỊ", "1", ":", "-"]


@pytest.mark.parametrize(
    ("key", "tail"),
    [("assign_triggers", "space"), ("support_triggers", "spaces"), ("unit_prefixes", "comma")],
)
def test_ending_agrees_with_its_regex(key: str, tail: str) -> None:
    phrases = langdata.string_list("tasks", key)
    ending = Ending(phrases, tail)
    rng = random.Random(key)
    pieces = _FRAGMENTS + phrases + [p.upper() for p in phrases] + [p.title() for p in phrases]
    texts = [""] + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(4000)]
    for text in texts:
        m = ending.regex.search(text)
        assert ending.start(text) == (m.start() if m else None), repr(text)


def test_ending_examples() -> None:
    ending = Ending(["giao", "giao cho", "cho"], "comma")
    assert ending.start("Giao cho ,  ") == 0  # the longest phrase starts leftmost
    assert ending.start("bàn giao cho") == 4  # "giao" after "bàn " is a word of its own
    assert ending.start("xgiao cho") == 6  # "xgiao" is not "giao": only "cho" is left
    assert ending.start("giao cho sở") is None
    assert Ending(["giao"], "space").start("giao") is None  # at least one space after it
    assert Ending(["giao"], "space").start("GIAO ") == 0
