from django.urls import path

from lives_admin.views import lives

urlpatterns = [
    path("lives/", lives.live_list, name="live_list"),
]
