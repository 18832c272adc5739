"""Issue 15, item 19: signed out in another tab, "Create the live" and "Invite one person"
land on the login, which says the change was not saved yet; after it the form is back,
filled and not sent, for the organiser to send."""

import pytest
from playwright.sync_api import expect

from lives_admin.meltingspot import ParticipantFilters
from lives_admin.upstream import get_client
from tests.browser.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE_ID = "live003"
EMAIL = "kept.through.login@example.org"


def _log_out_in_another_tab(page):
    other = page.context.new_page()
    other.goto("/lives/")
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url("**/login/**")
    other.close()


def _log_in_again(page, user):
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("width", [1366, 390])
def test_create_the_live_after_a_logout_elsewhere_keeps_what_was_typed(
    browser_page, browser_user, screenshot, width, sandbox
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    host = get_client().spot_members.list(page=1, limit=1).items[0]
    before = get_client().lives.list(limit=1).total
    page.goto("/lives/new/")
    page.get_by_label("Title (required)").fill("Typed before the logout")
    page.get_by_label("Host (required)").press_sequentially(host.email[:6], delay=40)
    page.locator(f'#host-results input[value="{host.id}"]').check()
    page.get_by_label("Description").fill("Not lost")
    # The preview answers first: here the logout comes between typing and sending.
    expect(page.locator("#description-preview")).to_contain_text("Not lost")
    _log_out_in_another_tab(page)

    page.get_by_role("button", name="Create the live").click()

    page.wait_for_url("**/login/?next=/lives/new/")
    expect(page.locator(".messages")).to_contain_text(
        "You were signed out: your change to the new live was not saved yet. Sign in and "
        "it will be back in the form, ready to send again."
    )
    screenshot(page, f"lost-session-login-{width}")
    sandbox.clear_requests()
    _log_in_again(page, browser_user)
    page.wait_for_url("**/lives/new/")
    expect(page.locator("[data-kept-notice]")).to_contain_text("It has not been sent")
    expect(page.get_by_label("Title (required)")).to_have_value("Typed before the logout")
    expect(page.get_by_label("Description")).to_have_value("Not lost")
    # The host was picked in search results: not searched again by itself, so it is said.
    expect(page.locator("[data-kept-notice]")).to_contain_text("needs picking again")
    page.wait_for_load_state("networkidle")
    # Nothing typed went to MeltingSpot by itself: not even the host search.
    assert "Typed before" not in str(sandbox.requests())
    assert not [r for r in sandbox.requests() if "members" in r["path"]]
    page.get_by_label("Host (required)").press_sequentially("", delay=0)
    page.get_by_label("Host (required)").press("End")
    page.get_by_label("Host (required)").press_sequentially(" ", delay=40)
    page.get_by_label("Host (required)").press("Backspace")
    expect(page.locator(f'#host-results input[value="{host.id}"]')).to_be_checked()
    screenshot(page, f"lost-session-form-back-{width}")
    assert get_client().lives.list(limit=1).total == before  # not sent by itself
    page.wait_for_load_state("networkidle")


def test_invite_one_person_after_a_logout_elsewhere_keeps_what_was_typed(
    browser_page, browser_user, screenshot, sandbox
):
    page = browser_page
    page.goto(f"/lives/{LIVE_ID}/")
    participants = page.locator("#participants-panel")
    participants.get_by_text("Invite one person").click()
    participants.get_by_label("Email or member name").fill(EMAIL)
    # The member search answers first: here the logout comes between typing and sending
    # (typing after it is test_typing_in_invite_one_person_after_a_logout_elsewhere…).
    page.wait_for_timeout(700)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    _log_out_in_another_tab(page)

    participants.get_by_role("button", name="Invite", exact=True).click()

    page.wait_for_url(f"**/login/?next=/lives/{LIVE_ID}/")
    expect(page.locator(".messages")).to_contain_text(
        "your change to the person to invite was not saved yet"
    )
    sandbox.clear_requests()
    _log_in_again(page, browser_user)
    page.wait_for_url(f"**/lives/{LIVE_ID}/")
    participants = page.locator("#participants-panel")
    expect(participants.get_by_label("Email or member name")).to_have_value(EMAIL)
    expect(participants.locator("[data-kept-notice]")).to_be_visible()
    screenshot(page, "lost-session-invite-one-back")
    page.wait_for_load_state("networkidle")
    assert EMAIL not in str(sandbox.requests())  # not searched, not sent
    invited = get_client().participants.list(LIVE_ID, ParticipantFilters(email_eq=EMAIL)).items
    assert list(invited) == []  # back in the form, not sent
    participants.get_by_role("button", name="Invite", exact=True).click()
    participants.get_by_text(f"{EMAIL} is invited.").wait_for()
    page.wait_for_load_state("networkidle")


def test_typing_in_invite_one_person_after_a_logout_elsewhere_keeps_what_was_typed(
    browser_page, browser_user, screenshot, sandbox
):
    """The member search fires while typing: it meets the lost session, and the login
    says what was typed was not sent; after it the field has it back, not searched."""
    page = browser_page
    page.goto(f"/lives/{LIVE_ID}/")
    participants = page.locator("#participants-panel")
    participants.get_by_text("Invite one person").click()
    _log_out_in_another_tab(page)

    participants.get_by_label("Email or member name").press_sequentially(EMAIL, delay=20)

    page.wait_for_url(f"**/login/?next=/lives/{LIVE_ID}/")
    expect(page.locator(".messages")).to_contain_text("what you were typing was not sent")
    screenshot(page, "lost-session-typing-login")
    sandbox.clear_requests()
    _log_in_again(page, browser_user)
    page.wait_for_url(f"**/lives/{LIVE_ID}/")
    participants = page.locator("#participants-panel")
    expect(participants.get_by_label("Email or member name")).to_have_value(EMAIL)
    expect(participants.locator("[data-kept-notice]")).to_contain_text("It has not been sent")
    screenshot(page, "lost-session-typing-back")
    page.wait_for_load_state("networkidle")
    assert EMAIL not in str(sandbox.requests())  # not searched, not sent


def test_the_password_form_after_a_logout_elsewhere_says_passwords_are_not_kept(
    browser_page, browser_user, screenshot
):
    page = browser_page
    page.goto("/me/password/")
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("An0ther-secret!")
    page.get_by_label("The same new password again").fill("An0ther-secret!")
    _log_out_in_another_tab(page)

    page.get_by_role("button", name="Change my password").click()

    page.wait_for_url("**/login/?next=/me/password/")
    messages = page.locator(".messages")
    expect(messages).to_contain_text(
        "You were signed out: your change to your password was not saved. Passwords are "
        "never kept: sign in, then type them again."
    )
    expect(messages).not_to_contain_text("back in the form")
    screenshot(page, "lost-session-password-login")
    _log_in_again(page, browser_user)
    page.wait_for_url("**/me/password/")
    expect(page.get_by_label("New password", exact=True)).to_have_value("")


def _without_referer(route):
    """Sent as a browser or proxy that drops the Referer would (the Origin stays)."""
    headers = {k: v for k, v in route.request.all_headers().items() if k != "referer"}
    route.fulfill(response=route.fetch(headers=headers, max_redirects=0))


def test_a_role_form_sent_without_javascript_nor_referer_comes_back_on_the_team_page(
    chromium, live_server, sandbox, browser_user, make_user, screenshot
):
    """No JavaScript, no Referer, an address that only takes a form: after the login the
    Team page, with the role form filled (not the 405 page), and the role unchanged."""
    from lives_admin.team.roles import Role, role_of

    teammate = make_user(Role.VIEWER, username="teammate")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login/?next=/team/")
    _log_in_again(page, browser_user)
    page.wait_for_url("**/team/")
    _log_out_in_another_tab(page)
    page.route(f"**/team/{teammate.pk}/role/", _without_referer)

    page.get_by_label("Role of teammate").select_option("organiser")
    page.get_by_role("button", name="Change the role of teammate").click()

    page.wait_for_url("**/login/?next=/team/")
    expect(page.locator(".messages")).to_contain_text("your change to the team was not saved yet")
    _log_in_again(page, browser_user)
    page.wait_for_url("**/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")  # not the 405 page
    screenshot(page, "lost-session-role-form-no-referer")
    teammate.refresh_from_db()
    assert role_of(teammate) == Role.VIEWER  # not sent by itself
    context.close()


def test_the_description_preview_firing_after_a_logout_keeps_the_whole_form(
    browser_page, browser_user, sandbox
):
    """The preview is sent by itself while typing: when it is what meets the lost session,
    the whole live form comes back after the login, not only the description."""
    page = browser_page
    page.goto("/lives/new/")
    page.get_by_label("Title (required)").fill("Typed before the logout")
    _log_out_in_another_tab(page)
    page.get_by_label("Description").fill("Not lost")  # its preview meets the login

    page.wait_for_url("**/login/?next=/lives/new/")
    _log_in_again(page, browser_user)
    page.wait_for_url("**/lives/new/")
    expect(page.locator("[data-kept-notice]")).to_contain_text("It has not been sent")
    expect(page.get_by_label("Title (required)")).to_have_value("Typed before the logout")
    expect(page.get_by_label("Description")).to_have_value("Not lost")
