"""Text from MeltingSpot with a right-to-left override (U+202E) stays in its place: the
live's title cannot pull the status badge into it (finding 6 of the outside attacker)."""

import pytest

from lives_admin.meltingspot import LiveUpdate
from lives_admin.upstream import get_client
from tests.shared_across_processes import shared_cache_across_processes  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"
TITLE = "HOSTILE2 \u202egpj.exe invoice"

# Where the title's text ends on screen, and where the element after it starts.
TEXT_END_AND_NEXT_START = """
([container, next]) => {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEndBefore(next);
  const right = Math.max(...[...range.getClientRects()].map(r => r.right));
  return [right, next.getBoundingClientRect().left];
}
"""


def test_the_status_badge_stays_after_an_overridden_title(browser_page, screenshot):
    live = get_client().lives.retrieve(LIVE)
    get_client().lives.update(LIVE, LiveUpdate.from_live(live, title=TITLE))
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/lives/{LIVE}/")
    heading = page.locator("h1")
    badge = heading.locator(".badge")
    badge.wait_for()
    title_end, badge_start = heading.evaluate_handle(
        "h1 => [h1, h1.querySelector('.badge')]"
    ).evaluate(TEXT_END_AND_NEXT_START)
    assert badge_start >= title_end - 1, (title_end, badge_start)
    screenshot(page, "bidi-title", full_page=False)
