"""Back in a real browser: htmx keeps no snapshot of a page in the tab's storage, and
Back asks the server for the page instead, which still shows it (issue 14, item 19)."""

import re

import pytest

from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_back_after_htmx_searches_asks_the_server_and_nothing_is_kept(browser_page):
    page = browser_page
    page.goto("/lives/")
    page.locator("tbody tr").first.wait_for()
    titles = [live.title.split()[0].lower() for live in get_client().lives.list(limit=25).items]
    first, second = titles[0], next(word for word in titles if word != titles[0])
    search = page.get_by_label("Title", exact=True)
    search.press_sequentially(first, delay=40)
    page.wait_for_url(re.compile(rf"title={re.escape(first)}$"))
    page.get_by_text(f"Title contains “{first}”").wait_for()
    search.fill("")
    search.press_sequentially(second, delay=40)
    page.wait_for_url(re.compile(rf"title={re.escape(second)}$"))
    page.get_by_text(f"Title contains “{second}”").wait_for()

    with page.expect_request(
        lambda request: request.headers.get("hx-history-restore-request") == "true"
    ) as restore:
        page.go_back()
    assert f"title={first}" in restore.value.url
    page.get_by_text(f"Title contains “{first}”").wait_for()
    rows = page.locator("tbody tr td:nth-child(2) a").all_inner_texts()
    assert rows and all(first in row.lower() for row in rows)
    stored = page.evaluate(
        "() => [sessionStorage.getItem('htmx-history-cache'),"
        " localStorage.getItem('htmx-history-cache')]"
    )
    assert stored == [None, None], "no page is kept in the tab's storage"
