"""A live's page against the sandbox: header, metrics, charts, lazy panels, not found."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lives_admin.meltingspot import LiveCreate
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, a_live_next_week, api_requests, text

pytestmark = pytest.mark.django_db


def a_live(**conditions):
    for live in get_client().lives.iter_all():
        if all(getattr(live, key) == value for key, value in conditions.items()):
            return live
    raise AssertionError(f"no demo live with {conditions}")


def test_the_header_and_settings(sandbox, viewer_client):
    live = a_live(solution="BuiltIn")
    response = viewer_client.get(f"/lives/{live.id}/")
    assert response.status_code == 200
    page = text(response)
    assert live.title in page
    assert f"badge-{live.computed_status.lower()}" in response.content.decode()
    assert "Built-in" in page
    assert "Who can see it" in page
    assert "Recording" in page


def test_dates_are_in_the_organisers_timezone_and_the_spots(sandbox, viewer_client):
    live = a_live()
    viewer_client.cookies["tz"] = "America/New_York"
    page = text(viewer_client.get(f"/lives/{live.id}/"))
    local = live.start_date.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M") in page
    assert "In the Spot's timezone (Europe/Paris)" in page


def test_metrics_cards_and_accessible_charts(sandbox, viewer_client):
    ended = (item for item in get_client().lives.iter_all() if item.computed_status == "Ended")
    live = max(ended, key=lambda item: item.metrics.invited or 0)
    response = viewer_client.get(f"/lives/{live.id}/")
    html = response.content.decode()
    page = text(response)
    assert f"{live.metrics.invited:,}" in page
    assert html.count('role="img"') == 4
    assert f"Invited: {live.metrics.invited:,}" in html  # the chart's text alternative
    assert "<desc id=" in html
    for title in ("From invitation to attendance", "Attendance rate", "Replay views"):
        assert title in page


def test_a_live_next_week_has_no_attendance_figures_yet(sandbox, viewer_client):
    """Its host counts as registered: MeltingSpot answers "No-shows 1", "0 %" already."""
    live = a_live_next_week("Next week's clinic")
    assert live.metrics.no_show == 1  # what MeltingSpot says, and the page must not repeat
    html = viewer_client.get(f"/lives/{live.id}/").content.decode()
    card = r'<span class="metric-value">([^<]*)</span><span class="metric-label">([^<]+)<'
    shown = {label: value for value, label in re.findall(card, html)}
    assert shown["Invited"] == "1" and shown["Registrant"] == "1"  # one: singular
    for label in ("Attendees", "Attendance rate", "No-shows", "Average view time", "Replay views"):
        assert shown[label] == "—", label
    assert html.count('<span class="metric-sub">not over yet</span>') == 5
    assert html.count('title="Not over yet: known once the live has ended."') == 5
    # Only the funnel is drawn: the other charts would show zeros that are not results.
    assert html.count('role="img"') == 1


def _next_week_live():
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    return get_client().lives.create(
        LiveCreate(
            title="Next week's studio",
            start_date=start,
            end_date=start + dt.timedelta(hours=1),
            solution="BuiltIn",
            built_in_type="Workshop",
            spot_member_host_id=a_host().id,
        )
    )


def test_a_planned_live_says_not_over_yet_in_its_funnel_and_its_delete_confirmation(
    sandbox, admin_user_client
):
    live = _next_week_live()
    assert live.metrics.attendee == 0  # what MeltingSpot says before the end
    html = admin_user_client.get(f"/lives/{live.id}/").content.decode()
    funnel = re.search(r'<p class="small muted chart-legend">([^<]*)</p>', html).group(1)
    assert "0 % of the registrants" not in funnel and "Attended: no data" not in funnel
    assert "Attended: not over yet" in funnel
    assert "registrants who attended: not over yet." in funnel
    for page in (html, admin_user_client.get(f"/lives/{live.id}/delete/").content.decode()):
        assert "0 attendees" not in page
        assert "its metrics (attendees: not over yet)" in page


def test_panels_load_lazily_and_the_page_costs_one_call(sandbox, viewer_client):
    live = a_live()
    sandbox.clear_requests()
    html = viewer_client.get(f"/lives/{live.id}/").content.decode()
    assert len(api_requests(sandbox)) == 1
    # The panels that ask MeltingSpot load after the page, each with a link to its own
    # page for a browser without JavaScript.
    for panel, url in (
        ("groups-panel", f"/lives/{live.id}/groups/"),
        ("speakers-panel", f"/lives/{live.id}/speakers/"),
        ("participants-panel", f"/lives/{live.id}/participants/"),
    ):
        assert f'id="{panel}"' in html
        assert f'hx-get="{url}" hx-trigger="load"' in html
        assert "<noscript><header><h2>" in html and f'<a href="{url}">Open the ' in html
    assert html.count('class="panel-loading"') == 3
    # Those that read only our database are on the page at once.
    for panel, shown in (
        ("jobs-panel", "No bulk invitation for this live yet."),
        ("insights-panel", "No insights include this live yet."),
        ("history-panel", "Nothing changed on this live from the dashboard yet."),
    ):
        assert f'id="{panel}"' in html
        assert shown in html


def test_the_metrics_come_again_alone_for_the_page_to_refresh_them(sandbox, viewer_client):
    live = a_live()
    sandbox.clear_requests()
    response = viewer_client.get(
        f"/lives/{live.id}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="live-metrics"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="live-metrics"')
    assert "Invited" in html and "<html" not in html and "jobs-panel" not in html
    assert len(api_requests(sandbox)) == 1


def test_metrics_asked_again_for_a_live_gone_meanwhile_leave_the_page_as_it_is(
    sandbox, viewer_client
):
    response = viewer_client.get(
        "/lives/no-such-live/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="live-metrics"
    )
    assert response.status_code == 204  # htmx swaps nothing: no error page in the metrics


def test_the_description_is_rendered_from_its_nodes(sandbox, organiser_client):
    live = a_live()
    from lives_admin.meltingspot import LiveUpdate

    get_client().lives.update(live.id, LiveUpdate.from_live(live, description="Hello **there**"))
    html = organiser_client.get(f"/lives/{live.id}/").content.decode()
    assert "<p>Hello <strong>there</strong></p>" in html


MARKDOWN = (
    "# Programme\n\n**Bienvenue** à tous\n\n- point 1\n- point 2\n\n"
    "[site](https://example.org/programme) [trap](javascript:alert(1))"
)


def test_the_description_reads_as_the_preview_showed_it(sandbox, organiser_client):
    live = a_live()
    from lives_admin.meltingspot import LiveUpdate

    get_client().lives.update(live.id, LiveUpdate.from_live(live, description=MARKDOWN))
    response = organiser_client.get(f"/lives/{live.id}/")
    html = response.content.decode()
    preview = organiser_client.post(
        "/lives/preview/",
        {"description": MARKDOWN},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="description-preview",
    ).content.decode()
    for fragment in (
        "<strong>Bienvenue</strong> à tous",
        "<li>point 1</li>",
        '<a href="https://example.org/programme" rel="nofollow noopener">site</a>',
        " trap</p>",  # a javascript: link is its text only
    ):
        assert fragment in html, fragment
        assert fragment in preview, fragment
    # Its heading sits under the page's h2 sections, in the preview too.
    assert "<h3>Programme</h3>" in html and "<h3>Programme</h3>" in preview
    assert "**" not in text(response) and "javascript:" not in html


def test_a_missing_live_has_a_proper_page(sandbox, viewer_client):
    response = viewer_client.get("/lives/no-such-live/")
    assert response.status_code == 404
    assert "This live no longer exists" in text(response)


def test_actions_follow_the_role(sandbox, viewer_client, organiser_client, admin_user_client):
    live = a_live()
    assert f"/lives/{live.id}/edit/" not in viewer_client.get(f"/lives/{live.id}/").content.decode()
    organiser_page = organiser_client.get(f"/lives/{live.id}/").content.decode()
    assert f"/lives/{live.id}/edit/" in organiser_page
    assert f"/lives/{live.id}/invite/" in organiser_page
    assert "delete-dialog" not in organiser_page
    assert "delete-dialog" in admin_user_client.get(f"/lives/{live.id}/").content.decode()
