"""Load and validate the language data files in ``dondoc/data`` (YAML).

Language data (unit-type nouns, abbreviations, directive verbs, deadline phrases, noise) lives in
data files, not in code. Every file is validated on load: a malformed file fails loudly with the
file name and the offending entry, never silently.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import yaml


class LanguageDataError(ValueError):
    """A data file is malformed."""


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``dondoc/data/<name>.yaml`` as NFC text, validated for its top-level shape."""
    path = resources.files("dondoc").joinpath("data", f"{name}.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageDataError(f"{name}.yaml: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise LanguageDataError(f"{name}.yaml: expected a mapping with 'version: 1'")
    return _nfc_tree(raw)  # type: ignore[no-any-return]


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {_nfc_tree(k): _nfc_tree(v) for k, v in value.items()}
    return value


def string_list(name: str, key: str) -> list[str]:
    data = load(name)
    values = data.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LanguageDataError(f"{name}.yaml: '{key}' must be a list of non-empty strings")
    return list(values)


def phrase_alternation(name: str, key: str) -> str:
    """A list of phrases as one regex alternation (longest first): words separated by any white space,
    a comma optional ("cấp ủy, chính quyền" also matches "cấp ủy chính quyền")."""
    out = []
    for phrase in sorted(string_list(name, key), key=len, reverse=True):
        words = [re.escape(w) for w in phrase.split()]
        out.append(r"\s+".join(words).replace(r",\s+", r",?\s*"))
    return "(?:" + "|".join(out) + ")"


def string_map(name: str, key: str) -> dict[str, str]:
    data = load(name)
    values = data.get(key)
    if not isinstance(values, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in values.items()
    ):
        raise LanguageDataError(f"{name}.yaml: '{key}' must map non-empty strings to non-empty strings")
    return dict(values)


@cache
def patterns(name: str, key: str) -> list[tuple[str, re.Pattern[str]]]:
    """A list of ``{id, pattern}`` entries compiled as whole-line, case-insensitive regexes."""
    entries = load(name).get(key)
    if not isinstance(entries, list):
        raise LanguageDataError(f"{name}.yaml: '{key}' must be a list")
    out: list[tuple[str, re.Pattern[str]]] = []
    seen: set[str] = set()
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("id"), str)
            or not isinstance(entry.get("pattern"), str)
        ):
            raise LanguageDataError(f"{name}.yaml: '{key}' entry {entry!r} needs string 'id' and 'pattern'")
        if entry["id"] in seen:
            raise LanguageDataError(f"{name}.yaml: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        try:
            out.append((entry["id"], re.compile(rf"(?:{entry['pattern']})\Z", re.IGNORECASE)))
        except re.error as exc:
            raise LanguageDataError(f"{name}.yaml: {entry['id']}: bad pattern: {exc}") from exc
    return out


def all_files() -> list[str]:
    return sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("dondoc").joinpath("data").iterdir()
        if p.name.endswith(".yaml")
    )


@cache
def combined(name: str, key: str) -> re.Pattern[str]:
    """All ``{id, pattern}`` entries of a list as one whole-line regex; ``match.lastgroup`` names
    the entry that matched (ids with dots become ``_``-joined group names)."""
    parts = []
    for rule_id, rx in patterns(name, key):
        group = re.sub(r"\W", "_", rule_id)
        parts.append(f"(?P<{group}>{rx.pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def requirements(name: str, key: str) -> dict[str, tuple[str, ...]]:
    """Entry id → its ``requires`` list: lower-case substrings one of which a line must contain for
    the entry's pattern to match at all (a cheap gate before a costly pattern such as ``.*(a|b).*``)."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in load(name).get(key) or []:
        req = entry.get("requires") if isinstance(entry, dict) else None
        if req is None:
            continue
        if (
            not isinstance(req, list)
            or not req
            or not all(isinstance(r, str) and r == r.lower() and r for r in req)
        ):
            raise LanguageDataError(
                f"{name}.yaml: {entry.get('id')}: 'requires' must be a list of lower-case strings"
            )
        out[entry["id"]] = tuple(req)
    return out


@cache
def gated(name: str, key: str) -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    """(all entries, entries without ``requires``, every required substring) as combined regexes.

    A line holding none of the required substrings cannot match a gated entry, so the cheaper regex
    gives the same answer for it."""
    req = requirements(name, key)
    full = combined(name, key)
    parts = []
    for rule_id, rx in patterns(name, key):
        if rule_id not in req:
            group = re.sub(r"\W", "_", rule_id)
            parts.append(f"(?P<{group}>{rx.pattern})")
    cheap = re.compile("|".join(parts), re.IGNORECASE) if parts else re.compile(r"(?!)")
    return full, cheap, tuple(r for rs in req.values() for r in rs)


def rule_id(group: str | None) -> str:
    """The data-file id of a combined-regex group name ("web_loading" → "web.loading")."""
    return (group or "").replace("_", ".", 1)
