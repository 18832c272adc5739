"""Insights in a real browser: tick lives, read the segments, start a follow-up invite."""

import re

import pytest

from tests.integration.insights.sandbox_truth import raw_lives, truth_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_tick_lives_read_the_segments_and_invite_the_no_shows(browser_page, screenshot, sandbox):
    lives = raw_lives(sandbox, **{"builtInType[eq]": "Workshop", "status[eq]": "Ended"})
    truth = truth_for(sandbox, lives)
    page = browser_page
    page.goto("/lives/?status=Ended&type=Workshop")
    page.get_by_label("Select all lives on this page").check()
    bar = page.get_by_label("Bulk actions")
    assert bar.get_by_text("5 selected").is_visible()
    screenshot(page, "insights-from-the-list", full_page=False)
    bar.get_by_role("button", name="Insights", exact=True).click()

    page.wait_for_url(re.compile(r"/insights/\d+/$"))
    page.get_by_role("heading", name="5 lives picked").wait_for()
    # Any age naturaltime gives ("now", "a second ago", "a minute ago", "3 minutes ago"):
    # how long the page took to come depends on the machine, not on the dashboard.
    assert page.get_by_text(re.compile(r"taken (now|(a|an|\d+)\s\w+ ago)")).is_visible()
    read = {
        name: int(page.locator(f'[data-segment-count="{name}"]').inner_text())
        for name in ("repeat-attendees", "chronic-no-shows", "replay-only", "never-registered")
    }
    assert read == {
        "repeat-attendees": len(truth.segments["repeat"]),
        "chronic-no-shows": len(truth.segments["chronic"]),
        "replay-only": len(truth.segments["replay_only"]),
        "never-registered": len(truth.segments["never"]),
    }
    chart = page.get_by_role("img", name=re.compile("Attendance rate and no-show rate"))
    assert chart.is_visible()
    assert page.get_by_role("row").filter(has_text="Best attendance").count() == 1
    assert page.get_by_role("row").filter(has_text="Worst attendance").count() == 1
    screenshot(page, "insights-page")
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_timeout(300)  # the layout settles at the new width
    screenshot(page, "insights-page-narrow")
    page.set_viewport_size({"width": 1440, "height": 900})

    card = page.locator("article.insight-segment", has_text="Chronic no-shows")
    card.get_by_role("link", name=re.compile("^See them")).click()
    page.get_by_role("heading", name=re.compile("Chronic no-shows")).wait_for()
    for email in truth.segments["chronic"]:
        assert page.get_by_text(email).first.is_visible()
    screenshot(page, "insights-segment")

    page.get_by_role("link", name="Invite these to a live").click()
    upcoming = raw_lives(sandbox, **{"status[eq]": "Planned"})
    page.get_by_label(re.compile(re.escape(upcoming[0]["title"]))).check()
    screenshot(page, "insights-invite-pick")
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    assert page.get_by_text(re.compile(r"Chronic no-shows \(\d+\) of the insights")).is_visible()
    cards = page.get_by_label("What will happen").locator(".metric")
    numbers = {
        card.locator(".metric-label").inner_text(): int(card.locator(".metric-value").inner_text())
        for card in cards.all()
    }
    new = numbers.get("new invitations", numbers.get("new invitation", 0))
    assert new + numbers["already invited or registered"] == len(truth.segments["chronic"])
    screenshot(page, "insights-invite-preview")

    page.goto(f"/lives/{lives[-1]['id']}/")
    panel = page.locator("#insights-panel")
    panel.get_by_text("repeat attendee").first.wait_for()
    panel.scroll_into_view_if_needed()
    screenshot(page, "insights-live-panel", full_page=False)
