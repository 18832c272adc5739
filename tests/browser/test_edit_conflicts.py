"""Two tabs editing the same live (issue 15, item 18): the later save from a form opened
before the other's keeps the other's change, and a field both changed is a question."""

import re

import pytest

from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"


def open_edit(context, live_id: str):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"/lives/{live_id}/edit/")
    page.get_by_label("Title (required)").wait_for()
    return page


def save(page):
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state("networkidle")


def test_two_tabs_editing_the_same_live(browser_page, screenshot, sandbox):
    context = browser_page.context
    original = get_client().lives.retrieve(LIVE)
    tab_a, tab_b = open_edit(context, LIVE), open_edit(context, LIVE)

    # A changes the title and saves; B, opened before, changes the description and saves.
    tab_a.get_by_label("Title (required)").fill(f"{original.title} (A)")
    save(tab_a)
    tab_a.get_by_text(f"“{original.title} (A)” was saved.").wait_for()
    tab_b.get_by_label("Description").fill("A description written in tab B")
    save(tab_b)
    tab_b.wait_for_url(f"**/lives/{LIVE}/")
    live = get_client().lives.retrieve(LIVE)
    assert live.title == f"{original.title} (A)"  # B did not put the old title back
    assert live.description_markdown.strip() == "A description written in tab B"
    tab_b.get_by_text(
        "Since you opened the form, Title was changed by you, in another tab: that change was kept."
    ).wait_for()
    tab_b.get_by_role("heading", level=1).filter(has_text=f"{original.title} (A)").wait_for()

    # Both change the title: B's save sends nothing and asks.
    tab_a, tab_b = open_edit(context, LIVE), open_edit(context, LIVE)
    tab_a.get_by_label("Title (required)").fill("Title from tab A")
    save(tab_a)
    tab_a.get_by_text("“Title from tab A” was saved.").wait_for()
    tab_b.get_by_label("Title (required)").fill("Title from tab B")
    tab_b.get_by_label("Chat").select_option("Hidden")
    puts_before = AuditEntry.objects.filter(operation="lives.update").count()
    save(tab_b)
    conflict = tab_b.get_by_role("alert").filter(
        has_text="Someone saved this live since you opened it"
    )
    conflict.wait_for()
    assert "Saved by you, in another tab at " in conflict.inner_text()
    choice = conflict.get_by_role("group", name="Title")
    assert "Theirs now: Title from tab A" in " ".join(choice.inner_text().split())
    assert "Yours: Title from tab B" in " ".join(choice.inner_text().split())
    assert AuditEntry.objects.filter(operation="lives.update").count() == puts_before
    assert get_client().lives.retrieve(LIVE).title == "Title from tab A"
    assert tab_b.get_by_label("Title (required)").input_value() == "Title from tab B"
    assert tab_b.get_by_label("Chat").input_value() == "Hidden"  # B's other change kept
    tab_b.set_viewport_size({"width": 1366, "height": 900})
    screenshot(tab_b, "live-edit-conflict-1366")
    tab_b.set_viewport_size({"width": 390, "height": 844})
    screenshot(tab_b, "live-edit-conflict-390")
    tab_b.set_viewport_size({"width": 1366, "height": 900})

    # The choice is made from the keyboard, then one click saves.
    choice.get_by_label("Keep mine").focus()
    tab_b.keyboard.press("ArrowDown")
    assert choice.get_by_label("Take theirs").is_checked()
    tab_b.get_by_role("button", name="Save with these choices").click()
    tab_b.get_by_text("“Title from tab A” was saved.").wait_for()
    live = get_client().lives.retrieve(LIVE)
    assert (live.title, live.chat_visibility) == ("Title from tab A", "Hidden")
    entry = AuditEntry.objects.filter(operation="lives.update").latest("pk")
    assert [change["field"] for change in entry.changes] == ["chatVisibility"]
    tab_b.wait_for_load_state("networkidle")
    tab_a.wait_for_load_state("networkidle")


def test_a_live_deleted_while_its_form_is_open(browser_page, screenshot, sandbox):
    page = open_edit(browser_page.context, LIVE)
    get_client().lives.delete(LIVE)
    page.get_by_label("Title (required)").fill("Typed before the live was deleted")
    save(page)
    page.get_by_text("This live was deleted since you opened this form").wait_for()
    assert (
        page.get_by_label("Title (required)").input_value() == "Typed before the live was deleted"
    )
    assert page.get_by_text("The new live gets the same host.").is_visible()
    screenshot(page, "live-edit-deleted-meanwhile")
    # Its values, host included, become a new live at once.
    page.get_by_role("button", name="Create a new live with these values").click()
    page.get_by_text("“Typed before the live was deleted” was created.").wait_for()
    page.wait_for_load_state("networkidle")


def test_a_title_change_saves_on_a_live_whose_description_is_too_long_for_the_form(
    browser_page, screenshot, sandbox
):
    """Outside review, B: MeltingSpot holds 23,071 characters the form would not take; the
    browser sends the untouched textarea (its maxlength judges only what is typed)."""
    sandbox.store_description_nodes(
        LIVE,
        [
            {"type": "p", "children": [{"text": "Hello & welcome"}]},
            {"type": "p", "children": [{"text": "x" * 23_054}]},
        ],
    )
    assert len(get_client().lives.retrieve(LIVE).description_markdown) == 23_071
    page = open_edit(browser_page.context, LIVE)
    page.get_by_label("Title (required)").fill("Renamed, description untouched")
    save(page)
    page.get_by_text("“Renamed, description untouched” was saved.").wait_for()
    live = get_client().lives.retrieve(LIVE)
    assert live.title == "Renamed, description untouched"
    assert len(live.description_markdown) == 23_071
    card = page.get_by_role("region", name="Description")
    note = card.get_by_text("Shown in part: the first 20,000 of 23,071 characters.")
    note.wait_for()
    assert card.get_by_text("Hello & welcome").count() == 1
    note.scroll_into_view_if_needed()
    screenshot(page, "edit-long-description-saved", full_page=False)


def test_an_emptied_snapshot_asks_without_naming_someone_elses_save(
    browser_page, screenshot, sandbox
):
    """Outside review, D: a form whose `opened_as` was emptied sends nothing and asks about
    each field that differs, in words that do not invent another organiser."""
    original = get_client().lives.retrieve(LIVE)
    page = open_edit(browser_page.context, LIVE)
    page.eval_on_selector("input[name=opened_as]", "input => { input.value = '' }")
    page.get_by_label("Title (required)").fill("Renamed, snapshot emptied")
    save(page)
    alert = page.get_by_role("alert").filter(has_text="could not be read")
    alert.wait_for()
    assert "Someone saved" not in alert.inner_text()
    assert get_client().lives.retrieve(LIVE).title == original.title
    alert.scroll_into_view_if_needed()
    screenshot(page, "edit-snapshot-unreadable", full_page=False)
    alert.get_by_role("group", name="Title").get_by_label("Keep mine").check()
    save(page)
    page.get_by_text("“Renamed, snapshot emptied” was saved.").wait_for()
