"""The main journey in French in a real browser: switch the language, find lives, create
one, invite people from a pasted list, read the job, insights, export. Screenshots in
artifacts/screenshots/fr-*.png (looked at for text cut or overflowing: French is longer).

On every page, no English phrase of the catalogue is left: each entry that reads
differently in French (two words or more, no placeholder) must not be in the page's
visible text. The template phrases are translated by the i18n-templates branch: until it
is merged, their part is an expected failure."""

import re

import pytest

from lives_admin.models import InviteJob, UserPreference
from lives_admin.upstream import get_client
from tests.browser.french_catalogue import english_left

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"
TEMPLATES_NOT_MERGED = "template phrases: translated once the i18n-templates branch is merged"


def visible_text(page) -> str:
    return " ".join(page.locator("body").inner_text().split())


VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const element = node.parentElement;
    if (!text || !element || element.closest("script, style, template")) continue;
    if (element.checkVisibility && !element.checkVisibility()) continue;
    texts.push(text);
  }
  return texts;
}"""


def visible_texts(page) -> list[str]:
    """Each visible text node, whitespace folded."""
    return page.evaluate(VISIBLE_TEXTS)


def no_python_or_js_english(page, where: str) -> None:
    left = english_left(visible_texts(page), python_and_js=True)
    assert not left, f"{where}: English left from Python or app.js: {left}"


def submit(page, form_selector: str = "main form") -> None:
    page.locator(f"{form_selector} button.btn-primary[type=submit]").last.click()


@pytest.fixture
def french_page(browser_page):
    """Logged in, then switched to French with the header's switch (no JavaScript needed)."""
    page = browser_page
    page.locator("#language-switch").select_option("fr")
    page.locator(".language-switch button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    return page


def test_the_main_journey_in_french(french_page, screenshot, sandbox, job_worker, browser_user):
    page = french_page
    assert UserPreference.objects.get(user=browser_user).language == "fr"
    worker = job_worker()
    worker.start()

    # Find lives: the typing filters, the chips and rows speak French.
    page.goto("/lives/")
    page.locator("tbody tr").first.wait_for()
    word = get_client().lives.list(page=1, limit=1).items[0].title.split()[0].lower()
    page.locator("input[name=title]").fill(word)
    page.wait_for_url(re.compile(rf"title={re.escape(word)}"))
    page.get_by_text(f"Le titre contient « {word} »").wait_for()
    screenshot(page, "fr-lives-list")
    assert page.locator("#id_title_helptext").is_visible()
    assert "Les accents comptent" in page.locator("#id_title_helptext").inner_text()
    no_python_or_js_english(page, "lives list")

    # A live's page: charts in French, numbers and percentages the French way.
    page.goto("/lives/?status=Ended")
    page.locator("tbody tr td:nth-child(2) a").first.click()
    page.locator("#groups-panel .panel-loading").wait_for(state="detached")
    assert page.get_by_text("De l’invitation à la présence").first.is_visible()
    assert re.search(r"\d+\s% des invités se sont inscrits", visible_text(page))
    screenshot(page, "fr-live-detail")
    no_python_or_js_english(page, "live page")

    # Create a live (the host picked with the type-ahead); a mistake first, in French.
    host = get_client().spot_members.list(page=1, limit=1).items[0]
    page.goto("/lives/new/")
    page.locator("input[name=title]").fill("Live créé en français")
    page.locator("input[name=q]").press_sequentially(host.email[:6], delay=40)
    page.locator(f'#host-results input[value="{host.id}"]').check()
    page.locator("input[name=start]").fill("2031-05-04T10:00")
    page.locator("input[name=end]").fill("2031-05-04T09:00")
    page.locator("select[name=solution]").select_option("BuiltIn")
    page.locator("select[name=built_in_type]").select_option("Workshop")
    submit(page)
    page.get_by_text("Le live doit finir après son début.").first.wait_for()
    screenshot(page, "fr-live-create-error")
    no_python_or_js_english(page, "live form with an error")
    page.locator("input[name=end]").fill("2031-05-04T11:00")
    submit(page)
    page.get_by_role("heading", level=1).filter(has_text="Live créé en français").wait_for()
    page.wait_for_load_state("networkidle")

    # Invite from a pasted list: the preview says why a line is refused, in French.
    page.goto(f"/lives/{LIVE}/invite/")
    people = [f"Invité {i} <fr.invite{i}@example.org>" for i in range(5)]
    pasted = "\n".join([*people, "sans-arobase"])
    page.locator("textarea[name=pasted]").fill(pasted)
    screenshot(page, "fr-invite-paste")
    submit(page)
    page.wait_for_url(re.compile(r"/invites/.+/preview/"))
    assert "@ manquant" in page.content()
    screenshot(page, "fr-invite-preview")
    no_python_or_js_english(page, "invite preview")
    page.locator("form[data-once] button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/lives/{LIVE}/"))
    page.get_by_text("Vous pouvez quitter cette page : elle continue.").wait_for()

    # Read the job: its states and its report.
    job = InviteJob.objects.get()
    page.goto(f"/jobs/{job.pk}/")
    page.get_by_text("Inviter des participants").first.wait_for()
    for _ in range(100):
        job.refresh_from_db()
        if not job.is_active:
            break
        page.wait_for_timeout(100)
    page.reload()
    screenshot(page, "fr-job-detail")
    no_python_or_js_english(page, "job page")
    report = page.context.request.get(f"/jobs/{job.pk}/report.csv")
    header = report.text().lstrip("\ufeff").splitlines()[0]
    assert header.startswith("ligne;live;titre du live;e-mail;prénom;nom")  # ";" for French Excel

    # Insights of the ended workshops.
    page.goto("/lives/?status=Ended&type=Workshop")
    page.locator("[data-select-all]").first.check()
    page.get_by_text(re.compile(r"\d+ sélectionnés")).first.wait_for()
    page.locator("button[formaction='/insights/new/']").click()
    page.wait_for_url(re.compile(r"/insights/\d+/$"))
    page.get_by_text("Absents chroniques").first.wait_for()
    screenshot(page, "fr-insights")
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_timeout(300)
    screenshot(page, "fr-insights-narrow")
    page.set_viewport_size({"width": 1440, "height": 900})
    no_python_or_js_english(page, "insights")


def test_no_english_template_phrase_is_left(french_page):
    """The template half of the check: strict once the i18n-templates branch is merged."""
    page = french_page
    left = {}
    for path in ("/lives/", f"/lives/{LIVE}/", "/lives/new/", f"/lives/{LIVE}/invite/", "/jobs/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = english_left(visible_texts(page), python_and_js=False)
        if found:
            left[path] = found
    if left and not _templates_merged():
        pytest.xfail(f"{TEMPLATES_NOT_MERGED}: {left}")
    assert not left


def _templates_merged() -> bool:
    from pathlib import Path

    base = Path(__file__).resolve().parents[2] / "templates" / "base.html"
    return "{% translate" in base.read_text(encoding="utf-8")
