import zoneinfo

import pytest
from django.test import RequestFactory

from lives_admin.models import UserPreference
from lives_admin.team.roles import Role
from lives_admin.web.timezones import TZ_COOKIE, timezone_for_request


def _request(cookie=None, user=None):
    request = RequestFactory().get("/")
    if cookie:
        request.COOKIES[TZ_COOKIE] = cookie
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return request


def test_browser_timezone_cookie_is_used_when_valid(settings):
    settings.TIME_ZONE = "UTC"
    assert timezone_for_request(_request("America/New_York")) == zoneinfo.ZoneInfo(
        "America/New_York"
    )


def test_a_bogus_cookie_falls_back_to_the_site_timezone(settings):
    settings.TIME_ZONE = "UTC"
    assert timezone_for_request(_request("Mars/Olympus")) == zoneinfo.ZoneInfo("UTC")


@pytest.mark.django_db
def test_saved_preference_wins_over_the_browser(make_user):
    user = make_user(Role.VIEWER)
    UserPreference.objects.create(user=user, timezone="Asia/Tokyo")
    request = _request("Europe/Paris", user=user)
    assert timezone_for_request(request) == zoneinfo.ZoneInfo("Asia/Tokyo")
