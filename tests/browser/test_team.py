"""The Team and Preferences pages in a real browser: invite through htmx, follow the
link as the newcomer, pick a timezone; screenshots at a laptop and a narrow width."""

import pytest

from lives_admin.models import UserPreference
from lives_admin.team.roles import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_invite_a_teammate_who_sets_a_password_and_picks_a_timezone(
    browser_page, chromium, live_server, screenshot, make_user, browser_user
):
    for name, role in (("mia", Role.ORGANISER), ("noor", Role.VIEWER)):
        mate = make_user(role, username=name)
        mate.first_name, mate.email = name.title(), f"{name}@example.org"
        mate.save()
    page = browser_page
    page.get_by_role("link", name="Team").click()
    page.get_by_role("heading", name="Teammates").wait_for()

    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Username").fill("mia")  # taken: the error lands next to the field
    page.get_by_label("Email").fill("ada@example")
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_text("The username “mia” is already taken: pick another one.").wait_for()
    page.get_by_text("This is not an email address").wait_for()
    assert page.get_by_label("Last name").input_value() == "Lovelace"
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Organiser").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_role("heading", name="Ada Lovelace is invited as organiser").wait_for()
    link = page.get_by_label("Set-your-password link for Ada Lovelace").input_value()
    assert "/team/welcome/" in link and page.url.endswith("/team/")  # htmx: no reload
    # The link has the focus (ready to copy), in view.
    page.wait_for_function("document.activeElement.id === 'invitation-link'", timeout=2_000)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "team-page")

    # Role change through htmx, its message in the region.
    page.get_by_label("Role of Noor").select_option("organiser")
    page.get_by_role("button", name="Change the role of Noor").click()
    page.get_by_text("Noor is now an organiser.").wait_for()

    narrow = chromium.new_context(
        viewport={"width": 400, "height": 860},
        base_url=live_server.url,
        storage_state=(page.context.storage_state()),
    )
    small = narrow.new_page()
    small.goto("/team/")
    small.get_by_role("heading", name="Teammates").wait_for()
    screenshot(small, "team-page-narrow")
    small.goto("/me/")
    screenshot(small, "preferences-narrow")
    narrow.close()

    # The newcomer, in their own browser, from the link.
    newcomer = chromium.new_context(
        viewport={"width": 1280, "height": 800}, timezone_id="America/New_York"
    )
    theirs = newcomer.new_page()
    theirs.goto(link)
    theirs.get_by_role("heading", name="Set your password").wait_for()
    screenshot(theirs, "team-welcome")
    theirs.get_by_label("New password").fill("a-long-pass-phrase")
    theirs.get_by_label("The same password again").fill("a-long-pass-phrase")
    theirs.get_by_role("button", name="Set my password").click()
    theirs.get_by_text("Your password is set. Welcome to the team!").wait_for()
    assert "/lives/" in theirs.url
    assert theirs.get_by_role("link", name="Team").count() == 0  # an organiser

    theirs.get_by_role("link", name="Preferences").click()
    theirs.get_by_text("America/New_York (your browser's timezone)").wait_for()
    theirs.get_by_label("Your timezone").fill("Asia/Tok")
    theirs.get_by_label("Your timezone").fill("Asia/Tokyo")
    theirs.get_by_role("button", name="Save").click()
    theirs.get_by_text("Dates are now shown and entered in Asia/Tokyo.").wait_for()
    screenshot(theirs, "preferences")

    # Their own password, from Preferences, by keyboard alone.
    theirs.get_by_role("link", name="Change my password").focus()
    theirs.keyboard.press("Enter")
    theirs.get_by_role("heading", name="Change my password").wait_for()
    theirs.get_by_label("Your current password").fill("a-long-pass-phrase")
    theirs.get_by_label("New password", exact=True).fill("another-long-phrase")
    theirs.get_by_label("The same new password again").fill("another-long-phrase")
    screenshot(theirs, "password-change")
    theirs.get_by_label("The same new password again").press("Enter")
    theirs.get_by_text("Your password is changed.").wait_for()
    newcomer.close()
    assert UserPreference.objects.get(user__username="ada").timezone == "Asia/Tokyo"
