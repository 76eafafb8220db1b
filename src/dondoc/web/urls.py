from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("api/", include("dondoc.tracking.api.urls")),
    path("", include("dondoc.tracking.urls")),
]

# Vietnamese error pages inside the layout; JSON under /api/ (dondoc.web.errors).
handler400 = "dondoc.web.errors.bad_request"
handler403 = "dondoc.web.errors.permission_denied"
handler404 = "dondoc.web.errors.page_not_found"
handler500 = "dondoc.web.errors.server_error"
