"""REST API (token auth, OpenAPI schema) for document-management systems (QLVB&ĐH).

Mounted at ``/api/`` with the URL namespace ``api``."""

from django.urls import URLPattern, path

from dondoc.tracking.api import auth, views

app_name = "api"

urlpatterns: list[URLPattern] = [
    path("token/", auth.TokenView.as_view(), name="token"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("jobs/<int:pk>/dismiss/", views.JobDismissView.as_view(), name="job_dismiss"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/report/", views.ReportView.as_view(), name="task_report"),
    path(
        "tasks/<int:pk>/confirm-completion/",
        views.ConfirmCompletionView.as_view(),
        name="task_confirm_completion",
    ),
    path("tasks/<int:pk>/return/", views.ReturnView.as_view(), name="task_return"),
    path("tasks/<int:pk>/reassign/", views.ReassignView.as_view(), name="task_reassign"),
    path("tasks/<int:pk>/postpone/", views.PostponeView.as_view(), name="task_postpone"),
    path("tasks/<int:pk>/resume/", views.ResumeView.as_view(), name="task_resume"),
    path("tasks/<int:pk>/extensions/", views.ExtensionRequestView.as_view(), name="task_extension_request"),
    path(
        "tasks/<int:pk>/extensions/<int:ext_pk>/decision/",
        views.ExtensionDecisionView.as_view(),
        name="task_extension_decision",
    ),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
]
