"""Shared test helpers: the scorer's comparison rules for unit names, and the scorer itself."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_TRAILING_LEVEL = re.compile(r"(?<![,;])(?<!\bcác)\s+(thành phố|tp\.?|tỉnh|huyện|thị xã|quận)\s*$")
_LONG_FORMS = (("ủy ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd"))


def _tone_last(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base) + tones


def unit_key(name: str) -> str:
    """A unit name as the spec's scorer compares it: UBND = Ủy ban nhân dân, one trailing level
    optional, tone placement, punctuation and "và" ignored."""
    text = unicodedata.normalize("NFC", name).lower().strip()
    stripped = _TRAILING_LEVEL.sub("", text)
    if len(stripped.split()) >= 2:
        text = stripped
    text = " " + " ".join(_tone_last(w) for w in re.sub(r"[^\w\s]", " ", text).split()) + " "
    for long, short in _LONG_FORMS:
        text = text.replace(" " + " ".join(_tone_last(w) for w in long.split()) + " ", f" {short} ")
    return " ".join(w for w in text.split() if w != "và")


def load_scorer() -> Any:
    """``../shared/tools/score_extraction.py`` as a module (callers skip when ../shared is absent)."""
    path = SHARED / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
