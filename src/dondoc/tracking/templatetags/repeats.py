"""``{% earlier_tasks task as chain %}``: the tasks a task repeats (nearest first), for "nhắc lại lần N"."""

from __future__ import annotations

from django import template

from dondoc.tracking.models import Task
from dondoc.tracking.services.repeats import earlier_chain

register = template.Library()


@register.simple_tag
def earlier_tasks(task: Task) -> list[Task]:
    return earlier_chain(task)
