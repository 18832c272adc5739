"""A live's page in a real browser: its description as rendered Markdown, its figures
following a bulk invitation the worker runs, and every panel reachable without JavaScript."""

import re

import pytest

from lives_admin.meltingspot import LiveUpdate, ParticipantFilters
from lives_admin.upstream import get_client
from tests.browser.conftest import PASSWORD
from tests.integration.lives.helpers import a_live_next_week
from tests.shared_across_processes import shared_cache_across_processes  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"
LONG_WORD = "https://example.org/" + "averylongunbrokenpath" * 14
DESCRIPTION = (
    "**Bienvenue** à tous\n\n"
    "- point 1\n- point 2\n\n"
    "[site](https://example.org/programme) and [trap](javascript:alert(1))\n\n"
    f"{LONG_WORD}"
)


def _described(description: str) -> None:
    live = get_client().lives.retrieve(LIVE)
    get_client().lives.update(LIVE, LiveUpdate.from_live(live, description=description))


def test_the_description_reads_as_rendered_markdown_at_both_widths(browser_page, screenshot):
    _described(DESCRIPTION)
    page = browser_page
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/lives/{LIVE}/")
        card = page.get_by_role("region", name="Description")
        card.locator("strong", has_text="Bienvenue").wait_for()
        assert card.get_by_role("listitem").all_inner_texts() == ["point 1", "point 2"]
        link = card.get_by_role("link", name="site")
        assert link.get_attribute("href") == "https://example.org/programme"
        # A javascript: link is its text only: no link, nothing happens on a click.
        assert card.locator("a", has_text="trap").count() == 0
        card.get_by_text("trap").click()
        assert "**" not in card.inner_text() and "- point" not in card.inner_text()
        # The long word wraps inside the card: nothing sticks out of the page.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = card.bounding_box()
        assert box["x"] + box["width"] <= width
        word = card.locator("p", has_text="averylong")
        assert word.evaluate("p => p.scrollWidth <= p.clientWidth"), "the long word sticks out"
        word_box = word.bounding_box()
        assert word_box["x"] + word_box["width"] <= box["x"] + box["width"]
        card.scroll_into_view_if_needed()
        screenshot(page, f"live-description-{width}", full_page=False)
    assert alerts == []


def _metric(page, label: str) -> str:
    card = page.locator(".metric", has=page.locator(".metric-label", has_text=label)).first
    return card.locator(".metric-value").inner_text()


def _tab_count(page, label: str) -> str:
    tab = page.locator("#participants-tabs a", has_text=label).first
    return tab.locator(".tab-count").inner_text()


def test_the_figures_follow_a_bulk_invite_without_a_reload(
    browser_page,
    screenshot,
    sandbox,
    shared_cache_across_processes,  # noqa: F811 (the worker's and the server's, as in make run)
):
    client = get_client()
    before = client.lives.retrieve(LIVE).metrics.invited
    invited_before = client.participants.list(
        LIVE, ParticipantFilters(statuses=("Invited",)), limit=1
    ).total
    worker = shared_cache_across_processes()
    # Small batches and slow answers: the job runs while the page is open.
    worker.env.update({"MELTINGSPOT_BULK_BATCH_SIZE": "5"})
    worker.start()
    page = browser_page
    page.goto(f"/lives/{LIVE}/")
    page.locator("#participants-tabs .tab-count").first.wait_for()  # counts read and cached
    assert _metric(page, "Invited") == f"{before:,}"

    page.get_by_role("link", name="Invite people").click()
    fresh = [f"Stale {i} <stale.guest{i}@example.org>" for i in range(22)]
    page.get_by_role("textbox", name="Emails").fill("\n".join(fresh))
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    sandbox.configure(latency_ms=150)
    page.get_by_role("button", name="Invite 22 people").click()
    page.wait_for_url(re.compile(rf"/lives/{LIVE}/#jobs-panel$"))
    page.locator("#jobs-panel progress").first.wait_for()
    page.locator("#participants-tabs .tab-count").first.wait_for()
    page.evaluate("window.notReloaded = true")

    page.locator("#jobs-panel").get_by_text("Finished").wait_for(timeout=60_000)
    after = before + 22
    page.wait_for_function(
        "want => [...document.querySelectorAll('.metric')].some(m =>"
        " m.querySelector('.metric-label').textContent === 'Invited' &&"
        " m.querySelector('.metric-value').textContent.trim() === want)",
        arg=f"{after:,}",
        timeout=10_000,
    )
    page.wait_for_function(
        "want => { const tab = [...document.querySelectorAll('#participants-tabs a')]"
        ".find(a => a.textContent.startsWith('Invited'));"
        " return tab && tab.querySelector('.tab-count')?.textContent.trim() === want }",
        arg=f"{invited_before + 22:,}",
        timeout=10_000,
    )
    assert _tab_count(page, "All") == f"{after:,}"
    assert page.evaluate("window.notReloaded") is True, "the page was reloaded"
    page.locator("#participants-panel").scroll_into_view_if_needed()
    screenshot(page, "live-page-after-job", full_page=True)

    # A reload agrees: the tabs' cache learnt of the worker's writes.
    page.reload()
    page.locator("#participants-tabs .tab-count").first.wait_for()
    assert _tab_count(page, "All") == f"{after:,}"
    assert _tab_count(page, "Invited") == f"{invited_before + 22:,}"


def test_the_speakers_panel_follows_a_speaker_job_without_a_reload(
    browser_page, screenshot, sandbox, job_worker
):
    speakers_before = get_client().speakers.list(LIVE, limit=1).total
    job_worker().start()
    page = browser_page
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_label("Speakers", exact=True).check()
    emails = [f"Speaker {i} <new.speaker{i}@example.org>" for i in range(3)]
    page.get_by_role("textbox", name="Emails").fill("\n".join(emails))
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    sandbox.configure(latency_ms=300)  # the job ends while the page is open
    page.get_by_role("button", name="Invite 3 people").click()
    page.wait_for_url(re.compile(rf"/lives/{LIVE}/#jobs-panel$"))
    heading = page.locator("#speakers-title .tab-count")
    heading.wait_for()
    page.evaluate("window.notReloaded = true")
    page.locator("#jobs-panel").get_by_text("Finished").wait_for(timeout=60_000)
    page.wait_for_function(
        "want => document.querySelector('#speakers-title .tab-count')?.textContent.trim() === want",
        arg=f"{speakers_before + 3:,}",
        timeout=10_000,
    )
    assert page.evaluate("window.notReloaded") is True, "the page was reloaded"
    page.locator("#speakers-panel").get_by_text("new.speaker0@example.org").wait_for()
    page.locator("#speakers-panel").scroll_into_view_if_needed()
    screenshot(page, "live-page-speakers-after-job", full_page=False)


def test_without_javascript_every_panel_is_within_reach(
    chromium, live_server, sandbox, browser_user, screenshot
):
    context = chromium.new_context(
        java_script_enabled=False,
        viewport={"width": 1366, "height": 900},
        base_url=live_server.url,
        timezone_id="Europe/Paris",
        locale="en-GB",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/login/")
        page.get_by_label("Username").fill(browser_user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/lives/**")
        page.goto(f"/lives/{LIVE}/")
        assert page.locator(".spinner:visible").count() == 0, "no spinner for ever"
        screenshot(page, "live-page-no-js-1366")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "live-page-no-js-390")
        page.set_viewport_size({"width": 1366, "height": 900})

        # Shown on the page itself: the jobs and the history.
        page.locator("#jobs-panel").get_by_text("No bulk invitation for this live yet").wait_for()
        page.locator("#history-panel").get_by_role("heading", name="History").wait_for()
        # A link away and back for the panels that ask MeltingSpot.
        for name, url, proof in (
            ("groups", f"/lives/{LIVE}/groups/", "#groups-panel"),
            ("speakers", f"/lives/{LIVE}/speakers/", "#speakers-panel"),
            ("participants", f"/lives/{LIVE}/participants/", "#participants-panel table"),
        ):
            page.goto(f"/lives/{LIVE}/")
            page.get_by_role("link", name=re.compile(f"^Open the {name}")).click()
            page.wait_for_url(f"**{url}")
            page.locator(proof).first.wait_for()
            assert page.locator(".spinner:visible").count() == 0
        screenshot(page, "live-page-no-js-participants")
    finally:
        context.close()


def test_a_job_started_in_another_tab_shows_and_its_end_refreshes_the_figures(
    browser_page,
    screenshot,
    sandbox,
    shared_cache_across_processes,  # noqa: F811 (the worker's and the server's, as in make run)
):
    before = get_client().lives.retrieve(LIVE).metrics.invited
    shared_cache_across_processes().start()
    page = browser_page  # tab 1: the live's page, opened before any job
    page.goto(f"/lives/{LIVE}/")
    page.locator("#participants-tabs .tab-count").first.wait_for()
    assert _metric(page, "Invited") == f"{before:,}"
    page.locator("#jobs-panel").get_by_text("No bulk invitation for this live yet").wait_for()
    page.evaluate("window.notReloaded = true")

    other = page.context.new_page()  # tab 2 starts the job
    other.goto(f"/lives/{LIVE}/invite/")
    pasted = [f"Elsewhere {i} <elsewhere.guest{i}@example.org>" for i in range(20)]
    other.get_by_role("textbox", name="Emails").fill("\n".join(pasted))
    other.get_by_role("button", name="See the preview").click()
    other.get_by_role("heading", name="Before anything is sent").wait_for()
    other.get_by_role("button", name="Invite 20 people").click()
    other.wait_for_url(re.compile(rf"/lives/{LIVE}/#jobs-panel$"))
    other.close()

    # Tab 1 learns of the job by itself, and its figures follow once it has ended.
    page.bring_to_front()
    page.locator("#jobs-panel").get_by_text(re.compile(r"Invite.* #\d+")).first.wait_for(
        timeout=30_000
    )
    page.locator("#jobs-panel").get_by_text("Finished").wait_for(timeout=60_000)
    page.wait_for_function(
        "want => [...document.querySelectorAll('.metric')].some(m =>"
        " m.querySelector('.metric-label').textContent === 'Invited' &&"
        " m.querySelector('.metric-value').textContent.trim() === want)",
        arg=f"{before + 20:,}",
        timeout=15_000,
    )
    assert page.evaluate("window.notReloaded") is True, "the page was reloaded"
    page.locator("#jobs-panel").scroll_into_view_if_needed()
    screenshot(page, "live-page-job-from-another-tab", full_page=False)


def test_the_jobs_panel_does_not_poll_while_the_tab_is_hidden(browser_page, sandbox):
    page = browser_page
    polls = []
    page.on("request", lambda r: "/jobs/?known=" in r.url and polls.append(r.url))
    page.goto(f"/lives/{LIVE}/")
    page.locator("#jobs-panel").wait_for()
    page.evaluate(
        "() => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
        " document.dispatchEvent(new Event('visibilitychange')) }"
    )
    page.wait_for_timeout(11_500)  # more than one 10 s turn
    assert polls == [], "polled while hidden"
    page.evaluate(
        "() => { Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
        " document.dispatchEvent(new Event('visibilitychange')) }"
    )
    page.wait_for_timeout(1_000)
    assert len(polls) == 1, "shown again: one look at once"


def test_a_planned_live_s_funnel_and_delete_dialog_say_not_over_yet(
    browser_page, screenshot, sandbox
):
    live = a_live_next_week("Next week's studio")
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/lives/{live.id}/")
    legend = page.locator(".chart-legend").first
    assert "share of the registrants who attended: not over yet." in legend.inner_text()
    assert "0 %" not in legend.inner_text().split(";")[-1]
    legend.scroll_into_view_if_needed()
    screenshot(page, "live-planned-funnel-390", full_page=False)
    page.get_by_role("link", name="Delete", exact=True).click()
    dialog = page.get_by_role("dialog")
    assert "its metrics (attendees: not over yet)" in dialog.inner_text()
    screenshot(page, "live-planned-delete-390", full_page=False)
