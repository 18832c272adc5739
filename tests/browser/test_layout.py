"""Every main page fits its window: phones, small and common laptops, 200 % zoom,
long titles and long unbroken words (issue 15, items 10, 11 and 22)."""

import re

import pytest
from django.contrib.auth import get_user_model

from lives_admin.meltingspot.bodies import LiveUpdate
from lives_admin.models import InviteJob, SavedView
from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE = "live003"  # a past live with groups, speakers and participants
# 200 characters of ordinary words, as an organiser may well type.
LONG_TITLE = ("Community roundtable on onboarding, moderation and growth for new members " * 3)[
    :200
].strip()
# 300 characters without a break: a pasted link, a hash, a word in a language without spaces.
LONG_WORD = "https://example.org/" + "slidesnotes" * 25 + "x" * 5
# The longest name "Save this view" takes, without a space: it sits in the top bar of every page.
LONG_VIEW_NAME = "EndedWorkshopsWithTheHighestNoShowRateForTheGrowthTeamReviewInFebruaryAndMarch!!"

# name: (viewport, device scale factor). 683 × 384 at scale 2 is a 1366 × 768 screen at 200 %.
WINDOWS = {
    "390": ({"width": 390, "height": 844}, 1),
    "1024": ({"width": 1024, "height": 768}, 1),
    "1366": ({"width": 1366, "height": 768}, 1),
    "zoom200": ({"width": 683, "height": 384}, 2),
}

# What a page must hold, measured in the page: one string per problem found.
MEASURE = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) {
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
      .filter((el) => !el.closest(".table-scroll, .chart-scroll, .sr-only"))
      .slice(-3).map((el) => el.tagName + "." + [...el.classList].join("."));
    problems.push(`the page is ${root.scrollWidth}px wide in a ${innerWidth}px window (${wide})`);
  }
  const scrollsSideways = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  for (const table of document.querySelectorAll("table")) {
    if (!table.getClientRects().length) continue;
    const name = (table.querySelector("caption, th") || table).textContent.trim().slice(0, 30);
    let box = table.parentElement;
    while (box && box !== document.body && !scrollsSideways(box)) box = box.parentElement;
    if (box === document.body) box = null;
    const card = table.closest(".card, .panel, .fieldset, main");
    const edge = (box || table).getBoundingClientRect().right;
    const cardEdge = card.getBoundingClientRect().right;
    if (edge > cardEdge + 1) {
      const at = `${Math.round(edge)}px, its card at ${Math.round(cardEdge)}px`;
      problems.push(`table "${name}" ends at ${at}`);
    }
    if (box && box.scrollWidth > box.clientWidth + 1) {
      const labelled = box.getAttribute("aria-label") || box.getAttribute("aria-labelledby");
      if (box.tabIndex < 0 || box.getAttribute("role") !== "region" || !labelled) {
        problems.push(`table "${name}" scrolls in a box that is not a focusable, labelled region`);
      }
    }
  }
  const header = document.querySelector(".topbar");
  const position = getComputedStyle(header).position;
  const share = header.getBoundingClientRect().height / innerHeight;
  if ((position === "sticky" || position === "fixed") && share > 0.15) {
    problems.push(`the sticky header takes ${Math.round(share * 100)} % of the height`);
  }
  if (innerWidth <= 720 && share > 0.2) {
    problems.push(`the header takes ${Math.round(share * 100)} % of a narrow window`);
  }
  return problems;
}"""


def _prepare(page):
    """A live with a 200-character title and a 300-character word, a job and an insight,
    and a team view with an 80-character name without a space (in the top bar everywhere)."""
    someone = get_user_model().objects.first()
    SavedView.objects.create(
        owner=someone, name=LONG_VIEW_NAME, query_string="status=Ended", shared=True
    )
    client = get_client()
    live = client.lives.retrieve(LIVE)
    description = f"Slides and notes: {LONG_WORD}\n\nSee you there."
    client.lives.update(LIVE, LiveUpdate.from_live(live, title=LONG_TITLE, description=description))

    # A preview left open, with an entry that cannot be invited: the long word.
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_role("textbox", name="Emails").fill(f"one.guest@example.org\n{LONG_WORD}")
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    preview = page.url.removeprefix(page.url.split("/invites/")[0])

    page.goto(f"/lives/{LIVE}/invite/")
    emails = "\n".join(f"layout.guest{i}@example.org" for i in range(3))
    page.get_by_role("textbox", name="Emails").fill(emails)
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("button", name="Invite 3 people").click()
    page.wait_for_url(re.compile(rf"/lives/{LIVE}/"))
    job = InviteJob.objects.get()

    page.goto("/lives/?status=Ended&type=Workshop")
    page.get_by_label("Select all lives on this page").check()
    page.get_by_label("Bulk actions").get_by_role("button", name="Insights", exact=True).click()
    page.wait_for_url(re.compile(r"/insights/\d+/$"))
    insight = re.search(r"/insights/\d+/$", page.url).group(0)
    return {
        "login": "/login/",
        "lives": "/lives/",
        "lives-long-title": "/lives/?title=roundtable",
        "live": f"/lives/{LIVE}/",
        "invite": f"/lives/{LIVE}/invite/",
        "invite-preview": preview,
        "jobs": "/jobs/",
        "job": f"/jobs/{job.pk}/",
        "insights": "/insights/",
        "insight": insight,
        "audit": "/audit/",
        "team": "/team/",
        "preferences": "/me/",
    }


def _open(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    # A live's panels arrive on their own after the page paints.
    page.wait_for_function("!document.querySelector('.panel-loading')")
    page.wait_for_timeout(100)


@pytest.mark.parametrize("window", WINDOWS)
def test_no_page_scrolls_sideways_and_no_table_is_clipped(
    window, chromium, browser_page, live_server, screenshot
):
    pages = _prepare(browser_page)
    viewport, scale = WINDOWS[window]
    context = chromium.new_context(
        viewport=viewport,
        device_scale_factor=scale,
        base_url=live_server.url,
        timezone_id="Europe/Paris",
        locale="en-GB",
    )
    logged_out = context.new_page()
    context_in = chromium.new_context(
        viewport=viewport,
        device_scale_factor=scale,
        base_url=live_server.url,
        timezone_id="Europe/Paris",
        locale="en-GB",
    )
    context_in.add_cookies(browser_page.context.cookies())
    page = context_in.new_page()
    page.set_default_timeout(15_000)
    problems = {}
    try:
        for name, path in pages.items():
            current = logged_out if name == "login" else page
            _open(current, path)
            found = current.evaluate(MEASURE)
            if found:
                problems[name] = found
            screenshot(current, f"layout-{window}-{name}")
    finally:
        context.close()
        context_in.close()
    assert problems == {}


def test_the_lives_list_becomes_labelled_cards_on_a_phone(chromium, browser_page, live_server):
    _prepare(browser_page)
    browser_page.set_viewport_size({"width": 390, "height": 844})
    page = browser_page
    _open(page, "/lives/?title=roundtable")
    row = page.locator("tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") != "table-row"
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    labels = row.locator("td").evaluate_all(
        "cells => cells.map((td) => getComputedStyle(td, '::before').content)"
    )
    for label in ("Starts", "Status", "Solution", "Invited", "Registrants", "Attendees"):
        assert any(label in shown for shown in labels), (label, labels)
    assert row.get_by_role("link", name=LONG_TITLE).is_visible()
    assert row.get_by_label(f"Select {LONG_TITLE}").is_visible()


def test_the_people_tables_show_name_and_status_first_on_a_phone(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"/lives/{LIVE}/")
    for panel in ("speakers", "participants"):
        row = page.locator(f"#{panel}-panel tbody tr").first
        cells = {
            cell.get_attribute("data-label"): cell.bounding_box()
            for cell in row.locator("td").all()
        }
        # Name and status are read without scrolling, above the rest.
        for label in ("Name", "Status"):
            assert cells[label]["x"] + cells[label]["width"] <= 390, (panel, label, cells)
            assert cells[label]["y"] < cells["Invited"]["y"], (panel, label)


def test_the_header_gives_the_content_room(chromium, browser_page, live_server):
    context = chromium.new_context(
        viewport={"width": 683, "height": 384}, device_scale_factor=2, base_url=live_server.url
    )
    context.add_cookies(browser_page.context.cookies())
    page = context.new_page()
    try:
        _open(page, "/lives/")
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(200)
        # Scrolled down, a short window is all content: the header went away with the top.
        assert page.locator(".topbar").bounding_box()["y"] + 1 < 0 or (
            page.locator(".topbar").evaluate("h => getComputedStyle(h).position") == "static"
        )
    finally:
        context.close()


def test_the_speakers_and_the_insights_metrics_fit_a_laptop(browser_page):
    """At 1366 px both were cut off on the right: now every column is in view, unscrolled."""
    pages = _prepare(browser_page)
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    fits = (
        "t => { const box = t.closest('.table-wrap'); return box.scrollWidth <= box.clientWidth; }"
    )
    _open(page, pages["live"])
    assert page.locator("#speakers-panel table").evaluate(fits)
    _open(page, pages["insight"])
    assert page.locator("table.insight-compare").evaluate(fits)


def test_a_long_title_wraps_in_the_breadcrumb_on_a_phone(browser_page, screenshot):
    """A title opening with a 130-character word: the heading wrapped, the breadcrumb was cut."""
    title = ("Onboarding" * 13 + " and a roundtable on moderation and growth for members" * 2)[:200]
    client = get_client()
    live = client.lives.retrieve(LIVE)
    client.lives.update(LIVE, LiveUpdate.from_live(live, title=title))
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (f"/lives/{LIVE}/", f"/lives/{LIVE}/edit/"):
        _open(page, path)
        crumb = page.get_by_role("navigation", name="Breadcrumb")
        assert title in crumb.inner_text()
        fits = crumb.evaluate(
            """nav => [...nav.querySelectorAll('*'), nav].every((el) => {
                 const box = el.getBoundingClientRect();
                 return box.right <= innerWidth + 1 && el.scrollWidth <= el.clientWidth + 1;
               })"""
        )
        screenshot(page, "layout-390-breadcrumb-" + path.strip("/").replace("/", "-"))
        assert fits, path
