from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("django-admin/", admin.site.urls),
    path("", include("lives_admin.urls")),
]

handler400 = "lives_admin.views.errors.bad_request"
handler403 = "lives_admin.views.errors.permission_denied"
handler404 = "lives_admin.views.errors.page_not_found"
handler500 = "lives_admin.views.errors.server_error"
