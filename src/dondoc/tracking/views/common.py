"""Helpers shared by the views: object access that never leaks other units' data."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from dondoc.tracking.models import Document, Task
from dondoc.tracking.services import access


def task_for(request: HttpRequest, pk: int) -> Task:
    """The task if the user may see it; 404 otherwise (a forbidden id looks like a missing one)."""
    task = access.visible_tasks(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def document_for(request: HttpRequest, pk: int) -> Document:
    doc = access.visible_documents(request.user).filter(pk=pk).first()
    if doc is None:
        raise Http404("Không tìm thấy văn bản.")
    return doc
