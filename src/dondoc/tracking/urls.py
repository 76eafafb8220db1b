"""URLs of the web UI. Each view module owns its own ``urlpatterns``."""

from django.urls import path

from dondoc.tracking.views import dashboard, documents, reports, review, tasks, units, workflow

app_name = "tracking"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    *tasks.urlpatterns,
    *workflow.urlpatterns,
    *documents.urlpatterns,
    *review.urlpatterns,
    *units.urlpatterns,
    *reports.urlpatterns,
]
