"""Journeys through the lives area in a real browser: search, open a live, create one."""

import re
from urllib.parse import urlencode

import pytest

from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_search_open_a_live_and_create_one(browser_page, screenshot):
    page = browser_page
    page.goto("/lives/")
    rows = page.locator("tbody tr")
    rows.first.wait_for()
    screenshot(page, "lives-list")
    before = rows.count()

    # Active search: the list follows the typing and the URL follows the list.
    word = get_client().lives.list(page=1, limit=1).items[0].title.split()[0]
    # One input event: typed key by key, a loaded machine may pause longer than the
    # search's delay between two keys and push an extra URL that Back then walks through.
    page.get_by_label("Title", exact=True).fill(word.lower())
    page.wait_for_url(re.compile(rf"title={re.escape(word.lower())}"))
    page.get_by_text(f"Title contains “{word.lower()}”").wait_for()
    titles = page.locator("tbody tr td:nth-child(2) a").all_inner_texts()
    assert titles
    assert all(word.lower() in title.lower() for title in titles)
    assert len(titles) <= before
    screenshot(page, "lives-list-search")

    # A bad parameter is named and ignored; the other filters still apply, shown as chips.
    page.goto("/lives/?solution=BuiltIn&type=Workshop&invited_min=abc&registrants_min=10")
    page.get_by_text("Invited, at least: Enter a whole number. This filter was ignored.").wait_for()
    assert page.locator("details.filters-more").get_attribute("open") is not None
    screenshot(page, "lives-list-filters")
    page.go_back()

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


def test_edit_duplicate_and_delete_from_the_live_page(browser_page, screenshot):
    page = browser_page
    live = next(
        item for item in get_client().lives.iter_all() if item.solution in ("Youtube", "Vimeo")
    )
    page.goto(f"/lives/{live.id}/edit/")
    title = page.get_by_label("Title (required)")
    assert title.input_value() == live.title
    # Switching to the built-in solution hides the video URL and shows the built-in fields.
    assert page.get_by_label("Video URL", exact=True).is_visible()
    page.get_by_label("Video solution").select_option("BuiltIn")
    assert not page.get_by_label("Video URL", exact=True).is_visible()
    assert page.get_by_label("Built-in type").is_visible()
    page.get_by_label("Video solution").select_option(live.solution)
    screenshot(page, "live-edit")
    title.fill(f"{live.title} (edited)")
    page.get_by_role("button", name="Save the live").click()
    page.get_by_text(f"“{live.title} (edited)” was saved.").wait_for()

    # Duplicate as it comes (Repeat: Once): the hidden "Number of lives" is not sent.
    page.goto(f"/lives/{live.id}/duplicate/")
    assert not page.get_by_label("Number of lives").is_visible()
    page.get_by_role("button", name="Create the copies").click()
    page.get_by_text(f"“{live.title} (edited) (copy)” was created.").wait_for()
    once = page.url

    page.goto(f"/lives/{live.id}/duplicate/")
    page.get_by_label("Repeat").select_option("weekly")
    page.get_by_label("Number of lives").fill("2")
    screenshot(page, "live-duplicate")
    page.get_by_role("button", name="Create the copies").click()
    page.get_by_text("2 lives were created:").wait_for()
    # Each new live is linked from the answer: they are rarely on the list's first page.
    links = page.locator(".messages a", has_text=f"{live.title} (edited) (copy)")
    assert links.count() == 2
    screenshot(page, "live-duplicate-series")

    # No Delete on the list's rows; on the live's page, behind its dialog.
    copies = urlencode({"title": f"{live.title} (edited) (copy)", "match": "exact"})
    page.goto(f"/lives/?{copies}")
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    assert page.locator("tbody").get_by_role("link", name="Delete").count() == 0
    page.goto(once)
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete the live").click()
    page.get_by_text(f"“{live.title} (edited) (copy)” was deleted.").wait_for()
    page.goto(f"/lives/?{copies}")
    assert page.locator("tbody tr").count() == 2
    page.wait_for_load_state("networkidle")
