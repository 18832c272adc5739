"""The strict Content-Security-Policy holds in Chromium: the main pages, their htmx
panels and a few interactions run without one violation, and htmx never needs eval."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Chromium reports each violation as an event on the document and as a console error.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
document.addEventListener("htmx:evalDisallowedError", () => window.__violations.push("htmx eval"));
"""
PAGES = (
    "/lives/",
    "/lives/live003/",
    "/lives/live003/edit/",
    "/lives/new/",
    "/lives/live003/invite/",
    "/insights/",
    "/jobs/",
    "/audit/",
    "/team/",
    "/me/",
)


def watch(page) -> list[str]:
    messages: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if re.search(r"Content.Security.Policy|Refused to|eval", message.text, re.I)
            else None
        ),
    )
    return messages


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.__violations || []") + console


def test_the_main_pages_run_under_the_strict_policy(browser_page, live_server):
    page = browser_page
    console = watch(page)
    problems = {}
    for url in PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")  # the lazily loaded panels are in
        found = violations(page, console)
        if found:
            problems[url] = found
        console.clear()
    assert problems == {}
    # htmx's own indicator style is not injected (the policy would refuse it).
    assert page.evaluate("document.querySelectorAll('style').length") == 0


def test_htmx_interactions_and_the_lives_panels_need_no_eval(browser_page):
    page = browser_page
    console = watch(page)
    page.goto("/lives/")
    page.locator("#id_title").fill("work")
    page.wait_for_url(re.compile(r"title=work"))  # the filter's delay, its request, the URL
    page.wait_for_load_state("networkidle")
    page.goto("/lives/live003/")
    page.locator("#participants-panel table").wait_for()
    page.locator("#history-panel").wait_for()
    assert violations(page, console) == []
    # The indicator is hidden by the site's stylesheet, not by an injected style.
    opacity = page.evaluate(
        "getComputedStyle(document.querySelector('.htmx-indicator') || document.body).opacity"
    )
    assert opacity in ("0", "1")


def test_the_login_and_lockout_pages_run_under_it_too(chromium, live_server, browser_user):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    console = watch(page)
    page.goto("/lives/")
    assert "/login/?next=/lives/" in page.url
    for attempt in range(5):
        page.get_by_label("Username").fill(browser_user.username)
        page.get_by_label("Password").fill(f"wrong-{attempt}")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", name="Too many login attempts").is_visible()
    assert violations(page, console) == []
    context.close()


def test_a_logged_out_htmx_panel_takes_the_whole_page_to_the_login(
    chromium, live_server, browser_page
):
    page = browser_page
    page.goto("/lives/live003/")
    page.locator("#participants-panel table").wait_for()
    # Every lazy panel loaded: none of them is the request that meets the ended session.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()  # the session ends (expired, or logged out elsewhere)
    page.locator("#participants-tabs a", has_text="Invited").first.click()
    page.wait_for_url(re.compile(r"/login/\?next="))
    assert page.get_by_role("heading", name="Log in").is_visible()
    assert page.locator("#participants-panel").count() == 0
