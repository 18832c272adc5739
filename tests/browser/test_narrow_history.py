"""A phone (390 px): a live page whose History holds an unconfirmed write ("May have
happened: no answer from MeltingSpot", a long badge) stays as wide as the screen
(crash tester's finding: the page was 409 px wide). Screenshot in artifacts/screenshots/."""

import pytest

from lives_admin.models import AuditEntry
from lives_admin.models.audit import AuditState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE = "live003"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_unconfirmed_write_in_the_history_fits_a_phone(browser_page, screenshot, language):
    AuditEntry.objects.create(
        actor_label="Organiser with a rather long name",
        live_id=LIVE,
        operation="lives.update",
        method="PUT",
        path=f"/v1/lives/{LIVE}",
        ok=False,
        state=AuditState.NOT_CONFIRMED,
    )
    page = browser_page
    page.goto(f"/lives/{LIVE}/")
    if language == "fr":  # the switch at the foot of the page
        page.locator("#language-switch").select_option("fr")
        page.locator(".language-switch button").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#history-panel .badge-warn").wait_for()
    page.locator("#history-panel").scroll_into_view_if_needed()
    screenshot(page, f"narrow-history-{language}", full_page=False)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    badge = page.locator("#history-panel .badge-warn").bounding_box()
    assert badge["x"] + badge["width"] <= 390
