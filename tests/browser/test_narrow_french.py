"""A phone (390 px) in French, where the labels are longest: the people cards, the job's
per-person table and the top navigation stay readable (outside tester's report).
Screenshots in artifacts/screenshots/narrow-*.png."""

import pytest
from django.contrib.auth import get_user_model

from lives_admin.models import InviteJob
from lives_admin.models.jobs import InviteJobItem, ItemState, JobKind, JobStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE = "live003"  # a past live with speakers and participants
WHY = (
    "MeltingSpot a refusé l'invitation : l'adresse n'appartient à aucun membre de "
    "l'espace et les invitations externes sont désactivées."
)


def _open(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('.panel-loading')")
    page.wait_for_timeout(100)


def _in(page, language: str, width: int):
    if language == "fr":
        page.locator("#language-switch").select_option("fr")
        page.locator(".language-switch button").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fr"
    page.set_viewport_size({"width": width, "height": 844})
    return page


# Each card's cells: none wider than its box, no two overlapping, the email on one line.
PEOPLE_CARDS = """(panel) => {
  const problems = [];
  for (const row of document.querySelectorAll(`${panel} tbody tr`)) {
    const cells = [...row.querySelectorAll("td")];
    for (const cell of cells) {
      if (cell.scrollWidth > cell.clientWidth + 1) {
        const widths = `${cell.scrollWidth} > ${cell.clientWidth}`;
        problems.push(`"${cell.dataset.label}" overflows: ${widths}`);
      }
    }
    for (const [i, a] of cells.entries()) {
      for (const b of cells.slice(i + 1)) {
        const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
        if (r.width && s.width && r.left < s.right - 1 && s.left < r.right - 1
            && r.top < s.bottom - 1 && s.top < r.bottom - 1) {
          problems.push(`"${a.dataset.label}" and "${b.dataset.label}" overlap`);
        }
      }
    }
    const email = row.querySelector("td.person-email") || cells[1];
    const range = document.createRange();
    range.selectNodeContents(email);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    const address = email.textContent.trim();
    if (lines.size > 1) problems.push(`the email "${address}" breaks over ${lines.size} lines`);
  }
  return problems;
}"""


def test_the_participants_cards_are_readable_on_a_phone_in_french(browser_page, screenshot):
    page = _in(browser_page, "fr", 390)
    _open(page, f"/lives/{LIVE}/")
    for panel in ("#participants-panel", "#speakers-panel"):
        assert page.locator(f"{panel} tbody tr").count()
        problems = page.evaluate(PEOPLE_CARDS, panel)
        assert not problems, (panel, problems)
    page.locator("#participants-panel").scroll_into_view_if_needed()
    screenshot(page, "narrow-fr-participants", full_page=False)


def _a_job_with_reasons(user) -> InviteJob:
    job = InviteJob.objects.create(
        kind=JobKind.INVITE_PARTICIPANTS,
        status=JobStatus.COMPLETED,
        created_by=user,
        live_ids=[LIVE],
    )
    for i in range(3):
        InviteJobItem.objects.create(
            job=job,
            live_id=LIVE,
            email=f"helene.durand{i}@example.org",
            state=ItemState.FAILED,
            error=WHY,
        )
    return job


def test_the_jobs_why_column_stays_readable_on_a_phone_in_french(browser_page, screenshot):
    job = _a_job_with_reasons(get_user_model().objects.get(username="browser-admin"))
    page = _in(browser_page, "fr", 390)
    _open(page, f"/jobs/{job.pk}/")
    why = page.get_by_text(WHY[:40]).first
    box = why.bounding_box()
    # Readable: at least a dozen characters a line (it was squeezed to 1 or 2).
    assert box["width"] >= 160, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    why.scroll_into_view_if_needed()
    screenshot(page, "narrow-fr-job", full_page=False)


# Every link of the main navigation wholly in the window and not clipped by its box.
NAV_CLIPPED = """() => [...document.querySelectorAll(".nav a")].filter((a) => {
  const r = a.getBoundingClientRect();
  let box = a.parentElement;
  while (box && box !== document.body) {
    const b = box.getBoundingClientRect();
    const clips = getComputedStyle(box).overflowX !== "visible";
    if (clips && (r.right > b.right + 1 || r.left < b.left - 1)) return true;
    box = box.parentElement;
  }
  return r.right > innerWidth + 1 || r.left < -1;
}).map((a) => a.textContent.trim())"""


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_the_whole_navigation_shows(language, width, browser_page, screenshot):
    page = _in(browser_page, language, width)
    _open(page, "/lives/")
    assert page.locator(".nav a").count() >= 5
    assert page.evaluate(NAV_CLIPPED) == []
    screenshot(page, f"narrow-nav-{language}-{width}", full_page=False)


def test_the_participants_table_fits_a_laptop_in_french(browser_page, screenshot):
    """At 1366 px the English table fits; the French headings ("Temps de visionnage")
    pushed "Présent" past the panel's edge."""
    page = _in(browser_page, "fr", 1366)
    _open(page, f"/lives/{LIVE}/")
    scroll, width = page.evaluate(
        "() => { const wrap = document.querySelector('#participants-panel .table-wrap');"
        " return [wrap.scrollWidth, wrap.clientWidth]; }"
    )
    assert scroll <= width, f"the table is {scroll - width} px wider than its panel"
    page.locator("#participants-panel").scroll_into_view_if_needed()
    screenshot(page, "laptop-fr-participants", full_page=False)


# Each visible filter choice: its chosen option's text, drawn in the select's font, and the
# room the select gives it (less its padding and arrow).
CHOICES = """() => [...document.querySelectorAll('.filters select')].filter(s => s.offsetWidth)
  .map((s) => {
    const pen = document.createElement('canvas').getContext('2d');
    pen.font = getComputedStyle(s).font;
    const shown = s.options[s.selectedIndex].text;
    return [shown, Math.ceil(pen.measureText(shown).width), s.clientWidth - 36];
  })"""


@pytest.mark.parametrize(
    ("path", "width"), [("/lives/", 1366), ("/lives/", 390), ("/audit/", 1366), ("/audit/", 390)]
)
def test_the_filters_choices_read_whole_in_french(browser_page, path, width):
    page = _in(browser_page, "fr", width)
    _open(page, path)
    cut = [(text, need, room) for text, need, room in page.evaluate(CHOICES) if need > room]
    assert not cut, f"choices cut short (text, px needed, px given): {cut}"


def test_the_select_all_label_of_the_lives_cards_is_french(browser_page, screenshot):
    page = _in(browser_page, "fr", 390)
    _open(page, "/lives/")
    label = page.evaluate(
        "() => getComputedStyle(document.querySelector('.lives-table th.table-select'),"
        " '::after').content"
    )
    assert label == '"Sélectionner tous les lives de cette page"', label
    screenshot(page, "narrow-fr-lives-select-all", full_page=False)


HEADER = """() => {
  const bar = document.querySelector(".topbar");
  const scrolls = [...bar.querySelectorAll("*")].filter((el) =>
    el.scrollWidth > el.clientWidth + 1
    && ["auto", "scroll"].includes(getComputedStyle(el).overflowX));
  return {height: bar.getBoundingClientRect().height,
          pageWide: document.documentElement.scrollWidth,
          scrolling: scrolls.map((el) => el.className || el.tagName)};
}"""


def test_the_header_is_compact_on_a_phone_in_french(browser_page, browser_user, screenshot):
    """Outside finding: at 390 × 844 the sticky top bar took 176 px (21 % of the screen, five
    rows). Now at most about two rows; nothing in it scrolls sideways, nor the page."""
    from lives_admin.models import SavedView

    for name in ("Terminés", "À venir ce mois-ci", "Revue d'équipe"):
        SavedView.objects.create(owner=browser_user, name=name, query_string="status=Ended")
    page = _in(browser_page, "fr", 390)
    _open(page, "/lives/")
    measured = page.evaluate(HEADER)
    screenshot(page, "narrow-fr-header", full_page=False)
    assert measured["height"] <= 110, measured
    assert measured["scrolling"] == [] and measured["pageWide"] <= 390, measured
    # The saved views are still one tap away, from the top bar.
    page.locator(".topbar .nav-views-menu > summary").click()
    assert page.locator(".topbar").get_by_role("link", name="Revue d'équipe").is_visible()
    assert page.evaluate(NAV_CLIPPED) == []
