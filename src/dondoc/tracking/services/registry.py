"""Match unit names and mentions from documents to the registry, ignoring diacritics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from dondoc.textutil import fold_words
from dondoc.tracking.models import Unit, UnitAlias, UnitGroup


def resolve_unit(*names: str, on: dt.date | None = None) -> Unit | None:
    """The registry unit written as any of ``names`` (canonical name, mention, alias), or None.

    Never a guess: only an exact match of the folded name or of a remembered alias. A unit that
    was dissolved before ``on`` leads to its successor when it has exactly one."""
    for name in names:
        key = fold_words(name or "")
        if not key:
            continue
        unit = Unit.objects.filter(name_key=key).order_by("-valid_from").first()
        if unit is None:
            alias = UnitAlias.objects.filter(alias_key=key).select_related("unit").first()
            unit = alias.unit if alias else None
        if unit is not None:
            return current_successor(unit, on)
    return None


def resolve_group(*names: str) -> UnitGroup | None:
    for name in names:
        key = fold_words(name or "")
        if key:
            group = UnitGroup.objects.filter(name_key=key).first()
            if group is not None:
                return group
    return None


def current_successor(unit: Unit, on: dt.date | None) -> Unit:
    """Follow successors while the unit has ended before ``on`` and has exactly one successor."""
    seen = {unit.pk}
    while on is not None and unit.valid_to is not None and unit.valid_to < on:
        nxt = list(unit.successors.all()[:2])
        if len(nxt) != 1 or nxt[0].pk in seen:
            break
        unit = nxt[0]
        seen.add(unit.pk)
    return unit


def search_units(query: str, limit: int = 20, on: dt.date | None = None) -> QuerySet[Unit]:
    """Units whose name, short name or alias contains the query, diacritics ignored ("so tai chinh")."""
    key = fold_words(query)
    qs = Unit.objects.all()
    if on is not None:
        qs = qs.active_on(on)
    if key:
        alias_units = UnitAlias.objects.filter(alias_key__contains=key).values("unit_id")
        qs = qs.filter(
            Q(name_key__contains=key) | Q(pk__in=alias_units) | Q(short_name__iexact=query.strip())
        )
    return qs.order_by("name")[:limit]


def remember_alias(unit: Unit, mention: str) -> UnitAlias | None:
    """Remember how a document wrote a unit, so the next document links it by itself."""
    key = fold_words(mention)
    if not key or key == unit.name_key:
        return None
    existing = UnitAlias.objects.filter(alias_key=key).first()
    if existing is not None:
        return existing if existing.unit_id == unit.pk else None
    return UnitAlias.objects.create(unit=unit, alias=mention.strip())


def lookup_unit(text: str) -> Unit | None:
    """The unit a person typed: its exact name, short name or a remembered alias (diacritics and case
    ignored), or None. Never a partial match: the review screen asks again instead of guessing."""
    text = " ".join(text.split())
    key = fold_words(text)
    if not key:
        return None
    unit = Unit.objects.filter(name_key=key).order_by("-valid_from").first()
    if unit is None:
        alias = UnitAlias.objects.filter(alias_key=key).select_related("unit").first()
        unit = alias.unit if alias is not None else None
    if unit is None:
        matches = list(Unit.objects.filter(short_name__iexact=text)[:2])
        unit = matches[0] if len(matches) == 1 else None
    return unit
