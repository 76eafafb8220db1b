"""URLs of the web UI. Each view module owns its own ``urlpatterns``."""

from django.urls import path

from dondoc.tracking.views import (
    accounts,
    corrections,
    dashboard,
    documents,
    jobs,
    reminders,
    reports,
    review,
    tasks,
    units,
    workflow,
)

app_name = "tracking"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    *tasks.urlpatterns,
    *workflow.urlpatterns,
    *documents.urlpatterns,
    *jobs.urlpatterns,
    *review.urlpatterns,
    *corrections.urlpatterns,
    *units.urlpatterns,
    *accounts.urlpatterns,
    *reminders.urlpatterns,
    *reports.urlpatterns,
]
