"""The audit log in a real browser: an edit made on the page shows up with its changed
fields, the filters follow the typing into the URL, the live's History panel loads."""

import re

import pytest

from lives_admin.models import AuditEntry
from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"


def test_an_edit_appears_in_the_log_and_in_the_lives_history(browser_page, screenshot, sandbox):
    page = browser_page
    page.goto(f"/lives/{LIVE}/edit/")
    title = page.get_by_label("Title")
    old_title = title.input_value()
    title.fill(f"{old_title} (renamed)")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_url(f"**/lives/{LIVE}/")
    # A failed write too, so the page shows both outcomes.
    AuditEntry.objects.create(
        actor_label="job #3",
        job_id=3,
        live_id=LIVE,
        operation="participants.bulk_invite",
        method="POST",
        path=f"/v1/lives/{LIVE}/participants~bulkInvite",
        request_body={"members": {"emails": ["a@example.org", "b@example.org"]}},
        ok=False,
        status_code=400,
        error_message="members.emails.1 must be an email",
    )

    page.reload()
    history = page.locator("#history-panel")
    history.get_by_text(f"Title: “{old_title}” → “{old_title} (renamed)”").wait_for()
    assert history.get_by_text("MeltingSpot said: members.emails.1 must be an email").is_visible()
    history.scroll_into_view_if_needed()
    history.screenshot(path=str(SCREENSHOTS / "audit-history-panel.png"))

    history.get_by_role("link", name="Full history").click()
    page.wait_for_url(f"**/audit/?live={LIVE}")
    assert page.get_by_text(f"History of “{old_title} (renamed)”").is_visible()
    screenshot(page, "audit-log")

    page.get_by_label("Outcome").select_option("failed")
    page.wait_for_url(re.compile(r"outcome=failed"))
    rows = page.locator(".audit-table tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "Refused by MeltingSpot" in rows.first.inner_text()

    page.get_by_text("More filters: name, job").click()
    page.get_by_label("Name contains").fill("job")
    page.wait_for_url(re.compile(r"actor=job"))
    page.set_viewport_size({"width": 400, "height": 860})
    screenshot(page, "audit-log-narrow")
    page.goto(f"/lives/{LIVE}/")
    page.locator("#history-panel h2").wait_for()
    page.locator("#history-panel").screenshot(
        path=str(SCREENSHOTS / "audit-history-panel-narrow.png")
    )
