"""On a phone, table rows become cards whose cells carry their column's name. In French
the team card shows no label above the name (the CSS picked that cell by its English
label, "Name"), and the audit cards write "Quand : …" with French spacing."""

import pytest

from lives_admin.models import AuditEntry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _french_phone(page, path):
    page.goto(path)
    page.locator("#language-switch").select_option("fr")
    page.locator(".language-switch button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.set_viewport_size({"width": 390, "height": 844})


LABEL_SHOWN = (
    "(cell) => { const before = getComputedStyle(cell, '::before');"
    " return before.display !== 'none' && before.content; }"
)


def test_the_team_card_shows_the_name_without_a_label_in_french(browser_page, screenshot):
    page = browser_page
    _french_phone(page, "/team/")
    first = page.locator(".team-table tbody tr").first.locator("td")
    name_label = first.nth(0).evaluate(LABEL_SHOWN)
    email_label = first.nth(1).evaluate(LABEL_SHOWN)
    screenshot(page, "narrow-team-fr", full_page=False)
    assert name_label is False, f"the name cell shows a label: {name_label}"
    assert email_label == '"E-mail"' or "mail" in email_label


def test_the_audit_card_labels_use_french_spacing(browser_page, screenshot):
    AuditEntry.objects.create(
        actor_label="Léa",
        live_id="live003",
        operation="lives.update",
        method="PUT",
        path="/v1/lives/live003",
        ok=True,
        status_code=200,
    )
    page = browser_page
    _french_phone(page, "/audit/")
    cell = page.locator(".audit-table tbody tr").first.locator("td").first
    label = cell.evaluate("(cell) => getComputedStyle(cell, '::before').content")
    screenshot(page, "narrow-audit-fr", full_page=False)
    assert label == '"Quand\u00a0: "', label
