"""``{{ rule|rule_label }}``: the Vietnamese explanation of an extraction rule id."""

from __future__ import annotations

from django import template

from dondoc.rules import describe

register = template.Library()


@register.filter
def rule_label(rule: str | None) -> str:
    """The explanation without the role ("lead:unit.known_name" → "Tên đơn vị theo danh mục tên chuẩn"):
    every place that shows it already names the field."""
    return describe(rule.rpartition(":")[2]) if rule else ""
