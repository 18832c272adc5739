"""The bulk invite in a real browser: paste a list, read the preview, click once, watch it run."""

import re

import pytest

from lives_admin.models import InviteJob, ItemState
from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"


def test_paste_preview_one_click_and_the_progress_bar_reaches_the_end(
    browser_page, screenshot, sandbox, job_worker
):
    already = next(iter(get_client().participants.iter_all(LIVE))).email
    worker = job_worker()
    # Small batches and slow answers, so the bar is seen moving.
    worker.env.update({"MELTINGSPOT_BULK_BATCH_SIZE": "10"})
    worker.start()
    sandbox.configure(latency_ms=150)
    page = browser_page
    page.goto(f"/lives/{LIVE}/")
    page.get_by_role("link", name="Invite people").click()
    page.wait_for_url(f"**/lives/{LIVE}/invite/")

    fresh = [f"Guest {i} <browser.guest{i}@example.org>" for i in range(60)]
    pasted = "\n".join([*fresh, "oops-no-at", "BROWSER.GUEST1@example.org ", already])
    page.get_by_role("textbox", name="Emails").fill(pasted)
    screenshot(page, "invite-paste")
    page.get_by_role("button", name="See the preview").click()

    page.get_by_role("heading", name="Before anything is sent").wait_for()
    cards = page.get_by_label("What will happen").locator(".metric")
    numbers = {
        card.locator(".metric-label").inner_text(): card.locator(".metric-value").inner_text()
        for card in cards.all()
    }
    assert numbers["new invitations"] == "60"
    assert numbers["already invited or registered"] == "1"
    assert numbers["duplicate in the input"] == "1"
    assert numbers["invalid address"] == "1"
    assert page.get_by_text("each gets an invitation email: 60 emails").is_visible()
    page.get_by_text("Show the 1 invalid address").click()  # a disclosure, closed at first
    assert page.get_by_role("cell", name="oops-no-at").is_visible()
    assert page.get_by_text("missing @").is_visible()
    screenshot(page, "invite-preview")
    assert not InviteJob.objects.exists(), "nothing sent before the click"

    page.get_by_role("button", name="Invite 60 people").click()
    page.wait_for_url(re.compile(rf"/lives/{LIVE}/#jobs-panel$"))
    bar = page.locator("#jobs-panel progress").first
    bar.wait_for()
    page.get_by_text("You can leave this page: it keeps running.").wait_for()
    seen = set()
    for _ in range(300):
        value = bar.get_attribute("value")
        seen.add(value)
        if value == "100":
            break
        page.wait_for_timeout(100)
    assert "100" in seen
    page.locator("#jobs-panel").get_by_text("Finished").wait_for()
    assert page.locator("#jobs-panel").get_by_text("60", exact=True).first.is_visible()
    page.locator("#jobs-panel").scroll_into_view_if_needed()
    screenshot(page, "invite-finished", full_page=False)

    job = InviteJob.objects.get()
    assert job.items.filter(state=ItemState.INVITED).count() == 60
    emails = sandbox.emails(LIVE)
    assert all(emails.get(f"browser.guest{i}@example.org") == 1 for i in range(60))

    # The per-person report is one click away.
    page.locator("#jobs-panel").get_by_role("link", name=f"Invite participants #{job.pk}").click()
    page.get_by_role("heading", name="Per person").wait_for()
    screenshot(page, "invite-job-detail")


def test_members_ticked_in_one_search_stay_chosen_through_the_next(browser_page, sandbox):
    page = browser_page
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_label("Spot members").check()
    search = page.get_by_label("Find members by name or email")
    search.fill("ma")
    first = page.locator("#invite-member-results input[type=checkbox]").first
    first.wait_for()
    picked = first.get_attribute("value")
    first.check()
    search.fill("le")
    page.wait_for_timeout(800)  # the new results arrive; the ticked member stays
    chosen = page.locator("#invite-member-chosen input:checked")
    assert chosen.count() == 1 and chosen.first.get_attribute("value") == picked
    second = page.locator("#invite-member-results input[type=checkbox]").first
    second.check()
    assert page.locator("#invite-member-chosen input:checked").count() == 2
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    assert "2 Spot members picked by hand" in page.content()
