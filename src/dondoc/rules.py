"""Vietnamese explanations of the extraction rules (``data/rules.yaml``), for the evidence shown to users."""

from __future__ import annotations

from functools import cache

from dondoc import langdata
from dondoc.langdata import LanguageDataError


@cache
def _data() -> tuple[dict[str, str], dict[str, str]]:
    data = langdata.load("rules")
    rules, roles = data.get("rules"), data.get("roles")
    if not isinstance(rules, dict) or not isinstance(roles, dict):
        raise LanguageDataError("rules.yaml: 'rules' and 'roles' must be mappings")
    return {str(k): str(v) for k, v in rules.items()}, {str(k): str(v) for k, v in roles.items()}


def known(rule: str) -> bool:
    """Is every part of ``rule`` explained ("lead:unit.known_name", "issuer.closing_formula+place")?"""
    rules, roles = _data()
    role, _, base = rule.rpartition(":")
    return (not role or role in roles) and all(part in rules for part in base.split("+"))


def describe(rule: str) -> str:
    """ "lead:unit.known_name" → "Chủ trì: tên đơn vị theo danh mục tên chuẩn". An unknown rule is
    returned as it is (the id still says which rule it was)."""
    if not known(rule):
        return rule
    rules, roles = _data()
    role, _, base = rule.rpartition(":")
    parts = [rules[part] for part in base.split("+") if part]
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    return f"{roles.get(role, role)}: {text[:1].lower()}{text[1:]}" if role else text
