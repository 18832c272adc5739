"""Back, Forward and quick clicks on filters in a real browser (issue 15, item 21): the
filter boxes say what the address says, one history entry per filter change, and the
last status tab clicked wins for the panel and the address alike."""

import contextlib
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from lives_admin.meltingspot import ParticipantFilters
from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE_ID = "live003"  # a past live with participants of every status


def _boxes(page):
    """What the lives filter bar shows: the title, its match, the status and the replay."""
    return page.evaluate(
        """() => { const form = document.querySelector("form.filters");
        return [form.title.value, form.match.value, form.status.value, form.replay.value] }"""
    )


def _history_length(page):
    return page.evaluate("history.length")


def _settled(page):
    """No htmx request in flight, and a moment for a trailing `change` to fire."""
    page.wait_for_timeout(700)
    page.wait_for_function("!document.querySelector('.htmx-request')")


def test_back_restores_the_filter_boxes_and_one_entry_per_change(browser_page, screenshot):
    page = browser_page
    page.goto("/lives/")
    page.locator("tbody tr").first.wait_for()
    start = _history_length(page)
    title = page.get_by_label("Title", exact=True)

    # Typed slowly (a pause longer than the search's delay between keys): still one entry.
    title.press_sequentially("office", delay=450)
    page.wait_for_url(re.compile(r"\?title=office$"))
    page.keyboard.press("Tab")  # the blur sends a `change`: the address does not move
    _settled(page)
    assert _history_length(page) - start == 1, "typing “office” makes one entry"

    page.get_by_label("Status", exact=True).select_option("Ended")
    page.wait_for_url(re.compile(r"\?title=office&status=Ended$"))
    _settled(page)
    assert _history_length(page) - start == 2, "one more entry for the status"

    page.go_back()
    page.wait_for_url(re.compile(r"\?title=office$"))
    page.get_by_text("Title contains “office”").wait_for()
    expect(page.locator(".chip", has_text="Status")).to_have_count(0)
    assert _boxes(page) == ["office", "contains", "", ""]
    screenshot(page, "lives-list-back-boxes")

    # The next filter keeps the title the address had.
    page.get_by_label("Replay", exact=True).select_option("yes")
    page.wait_for_url(re.compile(r"\?title=office&replay=yes$"))
    page.locator(".chip", has_text="With a replay").wait_for()
    assert _boxes(page) == ["office", "contains", "", "yes"]

    # Back in the title box later: more typing is a new change, with its own entry.
    before = _history_length(page)
    title.click()
    title.press("End")
    title.press_sequentially("s", delay=50)
    page.wait_for_url(re.compile(r"\?title=offices&replay=yes$"))
    _settled(page)
    assert _history_length(page) == before + 1
    page.go_back()
    page.wait_for_url(re.compile(r"\?title=office&replay=yes$"))
    page.locator(".chip", has_text="“office”").wait_for()
    assert _boxes(page) == ["office", "contains", "", "yes"]

    page.go_back()
    page.wait_for_url(re.compile(r"\?title=office$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/lives/$"))
    expect(page.locator(".chip")).to_have_count(0)
    assert _boxes(page) == ["", "contains", "", ""]
    page.go_forward()
    page.wait_for_url(re.compile(r"\?title=office$"))
    page.get_by_text("Title contains “office”").wait_for()
    assert _boxes(page) == ["office", "contains", "", ""]


def test_the_last_status_tab_clicked_wins_on_a_slow_line(browser_page, screenshot):
    page = browser_page
    live = get_client().lives.retrieve(LIVE_ID)
    invited = (
        get_client()
        .participants.list(live.id, ParticipantFilters(statuses=("Invited",)), limit=1)
        .total
    )
    assert invited > 0
    page.goto(f"/lives/{live.id}/")
    panel = page.locator("#participants-panel")
    panel.locator(".tabs a").first.wait_for()
    page.locator("#participants-panel .panel-loading").wait_for(state="detached")

    # The line is slow for the first tab clicked: its answer comes after the second's.
    held = []

    def hold_declined(route):
        if "status=Declined" in route.request.url and not held:
            held.append(route)  # answered below, once the second tab's answer is in
        else:
            route.continue_()

    page.route(re.compile(r"/participants/\?"), hold_declined)
    panel.get_by_role("link", name=re.compile(r"^Declined")).click()
    with page.expect_response(lambda response: "status=Invited" in response.url):
        panel.get_by_role("link", name=re.compile(r"^Invited")).click()
    assert held, "the Declined tab was sent"
    # The late answer to the first click (unless the browser already gave that request up).
    with contextlib.suppress(PlaywrightError):
        held[0].continue_()
    page.wait_for_timeout(1500)

    assert re.search(r"status=Invited", page.url) and "Declined" not in page.url
    expect(panel.locator('.tabs a[aria-current="page"]')).to_have_text(re.compile(r"^Invited"))
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(min(invited, 25))
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {"Invited"}
    screenshot(page, "participants-last-tab-wins")


def test_two_quick_backs_end_on_the_last_address_however_slow_the_first(browser_page):
    """Back twice on a slow line: the list shown is the one the address names, even when
    the page asked for first answers after the second."""
    page = browser_page
    page.goto("/lives/")
    page.get_by_label("Title", exact=True).fill("office")
    page.wait_for_url(re.compile(r"\?title=office$"))
    _settled(page)
    page.get_by_label("Replay", exact=True).select_option("yes")
    page.wait_for_url(re.compile(r"\?title=office&replay=yes$"))
    _settled(page)

    def slow_restore(route):
        if route.request.headers.get("hx-history-restore-request"):
            page.wait_for_timeout(1500)
        with contextlib.suppress(PlaywrightError):  # aborted by the later Back, as it should be
            route.continue_()

    page.route(re.compile(r"/lives/\?title=office$"), slow_restore)
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/lives/$"))
    page.wait_for_timeout(2500)
    expect(page.locator(".chip")).to_have_count(0)
    assert _boxes(page) == ["", "contains", "", ""]
