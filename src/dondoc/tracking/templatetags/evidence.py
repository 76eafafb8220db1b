"""``{{ rule|rule_label }}``: the Vietnamese explanation of an extraction rule id."""

from __future__ import annotations

from django import template

from dondoc.rules import describe, known

register = template.Library()


@register.filter
def rule_label(rule: str | None) -> str:
    """The explanation without the role ("lead:unit.known_name" → "Tên đơn vị theo danh mục tên chuẩn"):
    every place that shows it already names the field. A rule without an explanation (from an older
    extractor) reads as a generic phrase: users never see a rule id."""
    if not rule:
        return ""
    base = rule.rpartition(":")[2]
    return describe(base) if known(base) else "Căn cứ do hệ thống trích xuất"
