"""Groups whose members the document names ("các xã: Hữu Lũng, Tuấn Sơn, …") and their expansion.

Commune and ward names are checked against the official list (the ``vietnam-provinces`` package,
post-2025 units), insensitive to diacritics and tolerant of OCR damage, within the issuer's province
when it is known. A name that cannot be confirmed is kept as written: never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import Levenshtein

from dondoc.model import DocumentStructure, NormalizedDocument
from dondoc.textutil import fold_words
from dondoc.units.scanner import UnitMatch

_KIND_PREFIX = {"xã": "UBND xã", "phường": "UBND phường", "huyện": "UBND huyện", "tỉnh": "UBND tỉnh"}


@cache
def _divisions() -> list[tuple[str, str, str, str]]:
    """(folded name, name, folded kind, folded province) for every ward and commune."""
    try:
        from vietnam_provinces import Province, Ward
    except ImportError:  # pragma: no cover - the package is a declared dependency
        return []
    provinces = {p.code: p.name for p in Province.iter_all()}
    out = []
    for w in Ward.iter_all():
        kind = str(w.division_type.value)
        name = w.name
        for prefix in ("Xã ", "Phường ", "Thị trấn ", "Đặc khu "):
            if name.startswith(prefix):
                name = name[len(prefix) :]
        out.append((fold_words(name), name, fold_words(kind), fold_words(provinces.get(w.province_code, ""))))
    return out


@dataclass(frozen=True, slots=True)
class _Candidates:
    divisions: tuple[tuple[str, str, str, str], ...]
    by_key: dict[str, tuple[tuple[str, str, str, str], ...]]  # folded name → divisions


@cache
def _candidates(kind_key: str, province_key: str) -> _Candidates:
    """The divisions of a kind, within the province when it has any there (``province_key`` "" for none)."""
    cands = [d for d in _divisions() if d[2] == kind_key]
    if province_key:
        cands = [d for d in cands if province_key in d[3]] or cands
    by_key: dict[str, list[tuple[str, str, str, str]]] = {}
    for d in cands:
        by_key.setdefault(d[0], []).append(d)
    return _Candidates(tuple(cands), {k: tuple(v) for k, v in by_key.items()})


def resolve_division(
    raw: str, kind: str, province: str | None, exclude: frozenset[str] = frozenset()
) -> str | None:
    """The official spelling of a commune/ward name written ``raw`` (possibly garbled)."""
    key = fold_words(raw)
    if not key:
        return None
    found = _candidates(fold_words(kind), fold_words(province) if province else "")
    exact = {d[1] for d in found.by_key.get(key, ()) if d[1] not in exclude}
    if len(exact) == 1:
        return exact.pop()
    if not province:
        return None
    scored = sorted(
        (
            (Levenshtein.normalized_similarity(key, d[0]), d[1])
            for d in found.divisions
            if d[1] not in exclude
        ),
        reverse=True,
    )
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.08):
        return scored[0][1]
    return None


# An enterprise or branch noun written alone ("đề nghị Công ty …", "Chi nhánh rà soát …") stands for the
# enterprises the document names in full, when they are this few: a letter to them, not a list of many.
_MAX_ENTERPRISES = 4
_ENTERPRISE_KINDS = {"dn": "dn", "chinhanh": "chinhanh"}  # the bare noun's kind → the kind it stands for


@dataclass(slots=True)
class MemberLists:
    lists: dict[str, list[str]] = field(default_factory=dict)
    enterprises: dict[str, list[str]] = field(default_factory=dict)  # kind → full names, in order

    @classmethod
    def from_document(
        cls,
        doc: NormalizedDocument,
        structure: DocumentStructure,
        units_in: Callable[[int, int], list[UnitMatch]],
    ) -> MemberLists:
        province = _province_of(structure)
        out = cls()
        spans = []
        if structure.title.evidence and structure.title.evidence.start is not None:
            spans.append((structure.title.evidence.start, structure.title.evidence.end or 0))
        body = doc.paragraphs[structure.body_start : structure.body_end]
        if body:
            spans.append((body[0].start, body[-1].end))
        named: dict[str, dict[str, str]] = {}  # kind → folded name → name, for the enterprises
        for start, end in spans:
            for m in units_in(start, end):
                if m.is_group and m.members and m.group_key and m.group_key not in out.lists:
                    kind = m.name.split()[-1].lower()
                    resolved = _resolve_all(list(m.members), kind, province)
                    out.lists[m.group_key] = [f"{_KIND_PREFIX.get(kind, kind)} {name}" for name in resolved]
                elif m.kind in _ENTERPRISE_KINDS.values() and not m.is_group and not m.group_key:
                    named.setdefault(m.kind, {}).setdefault(_enterprise_key(m.name), m.name)
        for kind, names in named.items():
            if len(names) <= _MAX_ENTERPRISES:
                out.enterprises[kind] = list(names.values())
        return out


def _enterprise_key(name: str) -> str:
    """An enterprise name as the scorer compares it: case, marks and "và" ignored."""
    return " ".join(w for w in fold_words(name).split() if w != "va")


def _resolve_all(raws: list[str], kind: str, province: str | None) -> list[str]:
    """Resolve a list of names together: a name taken by one member is not a candidate for another."""
    if kind not in ("xã", "phường"):
        return raws
    found: dict[int, str] = {}
    for _round in range(3):
        taken = frozenset(found.values())
        for i, raw in enumerate(raws):
            if i not in found:
                proper = resolve_division(raw, kind, province, taken)
                if proper:
                    found[i] = proper
    return [found.get(i, raw) for i, raw in enumerate(raws)]


@cache
def _province_keys() -> tuple[tuple[str, str], ...]:
    from vietnam_provinces import Province

    out = []
    for p in Province.iter_all():
        name = p.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
        out.append((f" {fold_words(name)} ", name))
    return tuple(out)


def _province_of(structure: DocumentStructure) -> str | None:
    hay = " ".join(x for x in (structure.issuer.value, structure.place.value) if x)
    key = f" {fold_words(hay)} "
    for folded, name in _province_keys():
        if folded.strip() and folded in key:
            return name
    return None


def expand_group(m: UnitMatch, lists: MemberLists) -> list[tuple[str, str]]:
    """The unit names a mention stands for: itself, or the members the document lists."""
    if m.is_group and m.group_key in lists.lists and "," not in m.name:
        return [(name, "group.expanded_members") for name in lists.lists[m.group_key]]
    if not m.is_group and m.group_key in _ENTERPRISE_KINDS:
        named = lists.enterprises.get(_ENTERPRISE_KINDS[m.group_key])
        if named:
            return [(name, "unit.generic") for name in named]
    return [(m.name, m.rule)]
