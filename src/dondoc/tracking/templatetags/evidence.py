"""``{{ rule|rule_label }}``: the Vietnamese explanation of an extraction rule id."""

from __future__ import annotations

from django import template

from dondoc.rules import describe

register = template.Library()


@register.filter
def rule_label(rule: str | None) -> str:
    return describe(rule) if rule else ""


@register.filter
def rule_reason(rule: str | None) -> str:
    """The explanation without the role ("lead:unit.known_name" → "Tên đơn vị theo danh mục tên chuẩn"),
    where the row already says which field it is."""
    return describe(rule.rpartition(":")[2]) if rule else ""
