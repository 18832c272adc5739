from django.urls import path
from django.views.generic import RedirectView

from lives_admin.views import health, lives

app_name = "lives_admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="lives_admin:live_list"), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("lives/", lives.live_list, name="live_list"),
]
