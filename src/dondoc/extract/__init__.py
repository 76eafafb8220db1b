"""Extract: the tasks of a directive document, each with lead and support units and deadlines."""

from dondoc.extract.tasks import extract_tasks

__all__ = ["extract_tasks"]
