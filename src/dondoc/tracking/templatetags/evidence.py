"""``{{ rule|rule_label }}``: the Vietnamese explanation of an extraction rule id."""

from __future__ import annotations

from django import template

from dondoc.rules import describe

register = template.Library()


@register.filter
def rule_label(rule: str | None) -> str:
    return describe(rule) if rule else ""
