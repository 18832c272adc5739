"""Journeys through the lives area in a real browser: search, open a live, create one."""

import re

import pytest

from lives_admin.meltingspot import get_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_a_live_and_create_one(browser_page, screenshot):
    page = browser_page
    page.goto("/lives/")
    rows = page.locator("tbody tr")
    rows.first.wait_for()
    screenshot(page, "lives-list")
    before = rows.count()

    # Active search: the list follows the typing and the URL follows the list.
    word = get_client().lives.list(page=1, limit=1).items[0].title.split()[0]
    page.get_by_label("Title", exact=True).press_sequentially(word.lower(), delay=40)
    page.wait_for_url(re.compile(rf"title={re.escape(word.lower())}"))
    page.get_by_text(f"Title contains “{word.lower()}”").wait_for()
    titles = page.locator("tbody tr td:nth-child(2) a").all_inner_texts()
    assert titles
    assert all(word.lower() in title.lower() for title in titles)
    assert len(titles) <= before
    screenshot(page, "lives-list-search")

    # Back restores the full list.
    page.go_back()
    page.wait_for_url(re.compile(r"/lives/$"))

    # Open a live: the page paints, then its panels arrive.
    page.goto("/lives/?status=Ended")  # an ended live has every metric to chart
    first = page.locator("tbody tr td:nth-child(2) a").first
    title = first.inner_text()
    first.click()
    page.get_by_role("heading", level=1).filter(has_text=title).wait_for()
    page.locator("#groups-panel .panel-loading").wait_for(state="detached")
    screenshot(page, "live-detail")

    # Create a live, picking the host with the type-ahead.
    host = get_client().spot_members.list(page=1, limit=1).items[0]
    page.goto("/lives/new/")
    page.get_by_label("Title (required)").fill("Browser-made live")
    page.get_by_label("Host (required)").press_sequentially(host.email[:6], delay=40)
    page.locator(f'#host-results input[value="{host.id}"]').check()
    page.get_by_label("Starts (required)").fill("2031-05-04T10:00")
    page.get_by_label("Ends (required)").fill("2031-05-04T11:00")
    page.get_by_label("Video solution").select_option("BuiltIn")
    page.get_by_label("Built-in type").select_option("Workshop")
    page.get_by_label("Description").fill("Hello **browser**")
    page.locator("#description-preview strong").filter(has_text="browser").wait_for()
    screenshot(page, "live-create")
    page.get_by_role("button", name="Create the live").click()
    page.get_by_role("heading", level=1).filter(has_text="Browser-made live").wait_for()
    assert page.get_by_text("“Browser-made live” was created.").is_visible()
    # Let the page's lazy panels finish before the live server is torn down.
    page.wait_for_load_state("networkidle")
