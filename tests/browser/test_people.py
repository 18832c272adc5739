"""A live's groups, speakers and participants panels in a real browser: filter the
participants, invite one by email, link a group through the picker and unlink it."""

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lives_admin.meltingspot import GroupFilters, ParticipantFilters
from lives_admin.upstream import get_client
from tests.browser.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE_ID = "live003"  # a past live with a host, speakers and participants of every status
NEW_EMAIL = "browser.invitee@example.org"
PANELS = ("groups", "speakers", "participants")


def _shot(page, locator, name):
    """One panel, artifacts/screenshots/<name>.png, cut out of a whole-page screenshot
    (an element screenshot scrolls, and the sticky top bar then covers the panel)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(
        path=str(SCREENSHOTS / f"{name}.png"), full_page=True, clip=locator.bounding_box()
    )


def _open_live(page, live):
    page.goto(f"/lives/{live.id}/")
    page.get_by_role("heading", level=1).filter(has_text=live.title).wait_for()
    for name in PANELS:  # each panel arrives on its own after the page paints
        page.locator(f"#{name}-panel .panel-loading").wait_for(state="detached")
        page.locator(f"#{name}-panel h2").wait_for()


def _count(live_id, **filters):
    return get_client().participants.list(live_id, ParticipantFilters(**filters), limit=1).total


def test_filter_invite_link_and_unlink_on_a_live(browser_page, screenshot):
    page = browser_page
    client = get_client()
    live = client.lives.retrieve(LIVE_ID)
    total = _count(live.id)
    declined = _count(live.id, statuses=("Declined",))
    declined_asso = _count(live.id, statuses=("Declined",), email_contains="asso.example")
    assert 0 < declined_asso < declined < total

    _open_live(page, live)
    participants = page.locator("#participants-panel")
    rows = participants.locator("tbody tr")
    tabs = participants.locator(".tabs a")
    expect(rows).to_have_count(min(25, total))
    expect(tabs.first).to_contain_text(f"All{total}")
    screenshot(page, "people-live-page")
    for name in PANELS:
        _shot(page, page.locator(f"#{name}-panel"), f"people-{name}")

    # A status tab: the rows, the address bar and the filter form all follow it.
    participants.get_by_role("link", name=re.compile(r"^Declined")).click()
    page.wait_for_url(re.compile(rf"/lives/{live.id}/\?status=Declined$"))
    expect(rows).to_have_count(declined)
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {"Declined"}
    expect(participants.locator('.tabs a[aria-current="page"]')).to_have_text(
        re.compile(r"^Declined")
    )
    expect(participants.locator('input[name="status"][value="Declined"]')).to_be_checked()
    # The address is the live's page: a reload (or a shared link) shows the same view.
    page.reload()
    expect(rows).to_have_count(declined)
    expect(participants.locator('.tabs a[aria-current="page"]')).to_have_text(
        re.compile(r"^Declined")
    )

    # Typing in the email box narrows the tab's rows; the defaults stay out of the address.
    participants.get_by_label("Email", exact=True).press_sequentially("asso.example", delay=30)
    page.wait_for_url(re.compile(r"\?email=asso\.example&status=Declined$"))
    expect(rows).to_have_count(declined_asso)
    assert all("asso.example" in e for e in rows.locator("td:nth-child(2)").all_inner_texts())
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {"Declined"}
    assert page.locator("#participants-results").count() == 1  # swapped, not nested
    _shot(page, participants, "people-participants-filtered")
    filtered_url = page.url

    # Invite one person by email: the picker finds no member, the invite goes out anyway.
    participants.get_by_text("Invite one person").click()
    participants.get_by_label("Email or member name").press_sequentially(NEW_EMAIL, delay=15)
    participants.get_by_text(f"No member matches “{NEW_EMAIL}”").wait_for()
    _shot(page, participants, "people-participants-invite")
    participants.get_by_role("button", name="Invite", exact=True).click()
    participants.get_by_text(f"{NEW_EMAIL} is invited.").wait_for()
    invitee = client.participants.list(live.id, ParticipantFilters(email_eq=NEW_EMAIL)).items
    assert [(p.email, p.status) for p in invitee] == [(NEW_EMAIL, "Invited")]
    # The panel kept its filters, so it still agrees with the address bar.
    assert page.url == filtered_url
    expect(participants.get_by_label("Email", exact=True)).to_have_value("asso.example")
    expect(rows).to_have_count(declined_asso)

    # The new person, found in the panel: nobody declined yet, one invited.
    participants.get_by_label("Email", exact=True).fill("browser.invitee")
    participants.get_by_text("Nobody matches these filters").wait_for()
    participants.get_by_role("link", name=re.compile(r"^Invited")).click()
    page.wait_for_url(re.compile(r"email=browser\.invitee.*status=Invited"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td:nth-child(2)")).to_have_text(NEW_EMAIL)
    expect(rows.first.locator("td:nth-child(4)")).to_have_text("Invited")
    _shot(page, participants, "people-participants-invited")

    # Link a group through the picker: search by name, tick, submit.
    _open_live(page, live)  # the live's page again, its participants unfiltered
    expect(tabs.first).to_contain_text(f"All{total + 1}")
    groups = page.locator("#groups-panel")
    group = client.groups.list(GroupFilters(name_contains="alum")).items
    assert len(group) == 1
    group = group[0]
    assert group.id not in {g.id for g in client.live_groups.iter_all(live.id)}
    groups.get_by_text("Link groups").click()
    groups.get_by_label("Find groups by name").press_sequentially("alum", delay=30)
    picker = groups.locator(f"#group-results-{live.id} li")
    expect(picker).to_have_count(1)
    picker.get_by_role("checkbox").check()
    # Before the click, the form says how many people linking will invite.
    groups.get_by_text(re.compile(r"^Linking 1 group invites up to \d+ (person|people)")).wait_for()
    _shot(page, groups, "people-groups-picker")
    groups.get_by_role("button", name="Link the ticked groups").click()
    groups.get_by_text("Linked 1 group.").wait_for()
    group_rows = groups.locator("tbody tr")
    expect(group_rows).to_have_count(1)
    expect(group_rows.first).to_contain_text(group.name)
    assert [g.id for g in client.live_groups.iter_all(live.id)] == [group.id]
    # Linking invited the group's members, and the participants panel followed.
    with_group = _count(live.id)
    assert with_group > total + 1
    expect(tabs.first).to_contain_text(f"All{with_group}")
    _shot(page, groups, "people-groups-linked")

    # Unlink it: dismissing the confirmation keeps it, accepting removes it.
    unlink = group_rows.first.get_by_role("button", name="Unlink")
    page.once("dialog", lambda dialog: dialog.dismiss())
    unlink.click()
    page.wait_for_load_state("networkidle")
    expect(group_rows).to_have_count(1)
    assert [g.id for g in client.live_groups.iter_all(live.id)] == [group.id]
    prompts = []

    def accept(dialog):
        prompts.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    unlink.click()
    groups.get_by_text("Unlinked 1 group.").wait_for()
    assert prompts and f"Unlink “{group.name}” from this live?" in prompts[0]
    expect(group_rows).to_have_count(0)
    groups.get_by_text("No group is linked yet").wait_for()
    assert list(client.live_groups.iter_all(live.id)) == []
    _shot(page, groups, "people-groups-unlinked")
    page.wait_for_load_state("networkidle")


def test_the_panels_fit_a_narrow_window(browser_page, screenshot):
    page = browser_page
    live = get_client().lives.retrieve(LIVE_ID)
    page.set_viewport_size({"width": 420, "height": 900})
    _open_live(page, live)
    page.locator("#groups-panel").get_by_text("Link groups").click()
    page.locator("#participants-panel").get_by_text("Invite one person").click()
    # Only the tables scroll sideways, inside their panels; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 420
    for name in PANELS:
        box = page.locator(f"#{name}-panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420
    screenshot(page, "people-narrow")
    for name in PANELS:
        _shot(page, page.locator(f"#{name}-panel"), f"people-narrow-{name}")
    page.wait_for_load_state("networkidle")


def test_the_export_links_follow_the_filter_typed(browser_page, screenshot):
    """Typing swaps only the rows; the export links must follow, and download them."""
    page = browser_page
    live = get_client().lives.retrieve(LIVE_ID)
    total = _count(live.id)
    asso = _count(live.id, email_contains="asso.example")
    assert 0 < asso < min(25, total)
    _open_live(page, live)
    participants = page.locator("#participants-panel")
    rows = participants.locator("tbody tr")
    participants.get_by_label("Email", exact=True).press_sequentially("asso.example", delay=30)
    expect(rows).to_have_count(asso)
    # The address keeps only the filters in use, not the form's empty boxes.
    page.wait_for_url(re.compile(r"\?email=asso\.example$"))
    csv_link = participants.get_by_role("link", name="Export CSV")
    expect(csv_link).to_have_attribute("href", re.compile(r"\?email=asso\.example$"))
    expect(participants.get_by_role("link", name="Export Excel")).to_have_attribute(
        "href", re.compile(r"export\.xlsx\?email=asso\.example$")
    )
    on_screen = sorted(rows.locator("td:nth-child(2)").all_inner_texts())
    with page.expect_download() as download:
        csv_link.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    exported = sorted(row[2] for row in csv.reader(lines[1:]))
    assert exported == on_screen
    _shot(page, participants, "people-export-follows-filter")
    page.wait_for_load_state("networkidle")
