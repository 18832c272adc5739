"""Issue 15, item 9: the invite preview's cards add up to the entries read, its lists of
duplicates and invalid entries open like disclosures and scroll inside their box, and the
other live's audience is picked through a search box, with the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"


def _number(locator) -> int:
    return int(locator.inner_text().replace(",", "").strip())


@pytest.mark.parametrize("width", [1366, 390])
def test_the_preview_adds_up_and_its_lists_open_and_scroll(browser_page, screenshot, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    client = get_client()
    current = {p.email.lower() for p in client.participants.iter_all(LIVE)}
    members = [m.email for m in client.spot_members.iter_all() if m.email.lower() not in current]
    already = sorted(current)[:2]
    fresh = [f"fresh.{i}@example.org" for i in range(20)]
    duplicates = fresh  # 20 duplicates
    pasted = [*members[:2], *fresh, *already, *duplicates, "no-at-all", "two@@example.org"]
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_role("textbox", name="Emails").fill("\n".join(pasted))
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()

    cards = page.get_by_label("What will happen").locator(".metric")
    numbers = {
        card.locator(".metric-label").inner_text(): _number(card.locator(".metric-value"))
        for card in cards.all()
    }
    assert numbers == {
        "new invitations": 22,
        "already invited or registered": 2,
        "duplicates in the input": 20,
        "invalid addresses": 2,
    }
    assert sum(numbers.values()) == len(pasted)
    expect(page.locator("#preview-sum")).to_contain_text(
        f"{len(pasted)} entries read = 22 new + 2 already there + 20 duplicates + 2 invalid"
    )
    # Members and emails are parts of the 22 new invitations, inside their card.
    new_card = cards.filter(has_text="new invitations")
    parts = [_number(p) for p in new_card.locator(".part-value").all()]
    assert sum(parts) == 22 and parts[0] == 2
    expect(new_card).to_contain_text("2 Spot members, invited by member id")
    expect(new_card).to_contain_text("20 by email only")

    duplicates_box = page.locator("details#duplicates")
    summary = duplicates_box.locator("summary")
    expect(summary).to_contain_text("Show the 20 duplicates")
    expect(duplicates_box.locator("ul")).to_be_hidden()
    chevron = page.evaluate(
        "getComputedStyle(document.querySelector('#duplicates summary'), '::before').content"
    )
    assert chevron != "none"  # a chevron says it opens
    screenshot(page, f"invite-preview-sums-{width}")
    summary.focus()
    page.keyboard.press("Enter")  # opens from the keyboard
    listing = duplicates_box.locator("ul")
    expect(listing).to_be_visible()
    expect(listing.locator("li")).to_have_count(20)
    # The list scrolls inside its box: the page does not grow by the whole list.
    box = duplicates_box.get_by_role("region").evaluate("el => [el.scrollHeight, el.clientHeight]")
    assert box[0] > box[1]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("details#invalid summary").click()
    expect(page.get_by_role("cell", name="no-at-all")).to_be_visible()
    screenshot(page, f"invite-preview-lists-open-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_other_live_is_found_by_typing_part_of_its_title(browser_page, screenshot, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    lives = [live for live in get_client().lives.iter_all() if live.id != LIVE]
    target = next(live for live in lives if "critique" in live.title.lower())
    matching = [live for live in lives if "critique" in live.title.lower()]
    assert len(matching) < len(lives)
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_label("Another live's audience").check()

    search = page.get_by_role("searchbox", name="Find the live by its title")
    search.press_sequentially("critique", delay=30)
    results = page.locator("#invite-live-results")
    expect(results.locator("input[type=radio]")).to_have_count(len(matching))
    expect(results).to_contain_text("whose title contains “critique”")
    # Keyboard: Tab into the lives, arrows move the choice.
    with page.expect_response(re.compile(r"/invites/lives/")):
        search.press("Enter")  # searches, does not send the form
    expect(page).to_have_url(re.compile(rf"/lives/{LIVE}/invite/$"))
    page.wait_for_load_state("networkidle")
    radios = results.locator("input[type=radio]")
    values = [radio.get_attribute("value") for radio in radios.all()]
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(values.index(target.id)):
        page.keyboard.press("ArrowDown")
    expect(results.get_by_label(re.compile(re.escape(target.title)))).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"invite-live-picker-{width}")
    page.get_by_label("Who", exact=True).select_option("attendees")
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    expect(page.get_by_text(f"The attendees of “{target.title}”")).to_be_visible()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_cross_live_preview_names_people_and_invitations_and_each_live_s_emails(
    browser_page, screenshot, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/lives/")
    boxes = page.locator('input[name="selected"]')
    titles = [boxes.nth(i).get_attribute("aria-label").removeprefix("Select ") for i in range(2)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Action", exact=True).select_option("invite")
    page.get_by_role("button", name="Continue").click()
    pasted = ["x1@example.org", "x2@example.org", "x3@example.org"]
    page.get_by_role("textbox", name="Emails").fill("\n".join(pasted))
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    expect(page.locator("#preview-sum")).to_contain_text("3 people × 2 lives = 6 invitations")
    button = page.get_by_role("button", name="Invite 3 people to 2 lives (6 invitations)")
    expect(button).to_be_visible()
    recipients = page.locator("section[aria-labelledby=recipients-title]")
    headings = recipients.get_by_role("heading", level=3)
    expect(headings).to_have_count(2)
    for index, title in enumerate(titles):
        expect(headings.nth(index)).to_contain_text(title)
        listing = headings.nth(index).locator("xpath=following-sibling::ul[1]")
        assert listing.locator("li").all_inner_texts() == pasted
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    recipients.scroll_into_view_if_needed()
    screenshot(page, f"invite-preview-cross-live-{width}", full_page=False)
