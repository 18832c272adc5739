"""The lives list's query string → the exact API query, chips and messages."""

import zoneinfo
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from lives_admin.lives.list_state import list_state_from_query, live_filters_from_query

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def api_query(query: str, zone=PARIS) -> str:
    """The API query string the list sends for a dashboard query string (no page/limit)."""
    filters, errors = live_filters_from_query(query, zone)
    assert errors == []
    return urlencode(filters.to_query(), safe="[],")


@pytest.mark.parametrize(
    ("dashboard", "api"),
    [
        ("", ""),
        ("title=onboarding", "title[contains]=onboarding"),
        ("title=Onboarding+101&match=exact", "title[eq]=Onboarding+101"),
        ("title=+++", ""),
        ("status=Live", "status[eq]=Live"),
        # Days in the organiser's zone: 1 Jan 00:00 Paris = 31 Dec 23:00 UTC.
        ("start_from=2026-01-01", "startDate[gte]=1767222000"),
        ("start_to=2026-01-31", "startDate[lt]=1769900400"),  # before 1 Feb 00:00 Paris
        ("solution=Youtube", "solution[eq]=Youtube"),
        ("solution=Youtube&solution=Vimeo", "solution[in]=Youtube,Vimeo"),
        ("type=Workshop", "builtInType[eq]=Workshop"),
        ("type=Workshop&type=Conference", "builtInType[in]=Workshop,Conference"),
        ("replay=yes", "replay[eq]=true"),
        ("replay=no", "replay[eq]=false"),
        ("invited_min=100", "invited[gte]=100"),
        ("registrants_max=50", "registrant[lte]=50"),
        ("attendees_min=1&attendees_max=9", "attendee[lte]=9&attendee[gte]=1"),
        ("attendance_rate_min=40", "attendanceRate[gte]=40"),
        ("no_shows_max=0", "noShow[lte]=0"),
        ("view_minutes_min=5", "averageViewTime[gte]=300"),
        ("replay_views_min=1", "totalReplayView[gte]=1"),
    ],
)
def test_each_filter_is_sent_as_documented(dashboard, api):
    assert api_query(dashboard) == api


def test_filters_combine_in_one_query():
    query = "title=demo&status=Ended&solution=BuiltIn&type=Conference&replay=yes&invited_min=10"
    assert api_query(query) == (
        "title[contains]=demo&status[eq]=Ended&solution[eq]=BuiltIn&replay[eq]=true"
        "&builtInType[eq]=Conference&invited[gte]=10"
    )


def test_the_date_range_follows_the_organisers_timezone():
    utc = api_query("start_from=2026-01-01", zoneinfo.ZoneInfo("UTC"))
    assert utc == "startDate[gte]=1767225600"


@pytest.mark.parametrize(
    "bad",
    [
        "invited_min=abc",
        "status=Cancelled",
        "solution=Zoom",
        "start_from=yesterday",
        "attendance_rate_max=150",
        "per_page=7",
        "replay=maybe",
        "registrants_min=-3",
        "start_to=9999-12-31",  # the day after does not exist: no 500
        "start_from=0001-01-01",  # before Unix time
    ],
)
def test_a_bad_parameter_is_reported_and_ignored(bad):
    state = list_state_from_query(QueryDict(f"title=x&{bad}"))
    assert len(state.errors) == 1
    assert "ignored" in state.errors[0]
    assert state.filters.to_query() == [("title[contains]", "x")]
    assert state.per_page == 25


def test_a_bad_page_gives_the_first_page():
    state = list_state_from_query(QueryDict("page=two"))
    assert state.page == 1
    assert state.errors == ["Page “two” is not a page number: showing the first page."]
    assert list_state_from_query(QueryDict("page=0")).page == 1
    assert list_state_from_query(QueryDict("page=3")).page == 3


def test_a_range_upside_down_is_an_error_on_its_maximum():
    state = list_state_from_query(QueryDict("invited_min=10&invited_max=5"))
    assert state.form.errors["invited_max"] == ["The maximum is below the minimum."]
    assert state.filters.metrics == {"invited": state.filters.metrics["invited"]}
    assert state.filters.metrics["invited"].gte == 10
    assert state.filters.metrics["invited"].lte is None


def test_chips_remove_one_filter_and_keep_the_others():
    state = list_state_from_query(
        QueryDict("title=demo&solution=Youtube&solution=Vimeo&invited_min=5&page=3&per_page=50")
    )
    labels = [chip.label for chip in state.chips]
    assert labels == [
        "Title contains “demo”",
        "Solution: YouTube",
        "Solution: Vimeo",
        "Invited ≥ 5",
    ]
    youtube = state.chips[1]
    assert QueryDict(youtube.remove_query).getlist("solution") == ["Vimeo"]
    assert "page" not in QueryDict(youtube.remove_query)
    assert QueryDict(youtube.remove_query)["per_page"] == "50"
    assert state.query == ("title=demo&solution=Youtube&solution=Vimeo&invited_min=5&per_page=50")


def test_the_page_size_is_not_a_chip():
    state = list_state_from_query(QueryDict("per_page=100"))
    assert state.per_page == 100
    assert state.chips == []
    assert not state.has_filters
