"""The invite forms' yes/no options are the forms' own fields, drawn by the switch field
template: each label names its checkbox by id (a click on the words toggles it, a screen
reader reads them), ids stay unique on a live's page, and a form sent back keeps them."""

from collections import Counter

import pytest

from tests.html import select, soup

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"


def switches(html) -> dict[str, tuple[str, bool]]:
    """Each switch as {its checkbox's name: (the words beside it, ticked)}; every one a
    checkbox inside a label tied to it by id."""
    found = {}
    for label in select(html, "label.switch"):
        [box] = label.select("input")
        assert box["type"] == "checkbox"
        assert box.get("id") and label.get("for") == box["id"], label
        found[box["name"]] = (label.get_text(" ", strip=True), box.has_attr("checked"))
    return found


def test_the_speaker_forms_switches(organiser_client, sandbox):
    html = organiser_client.get(
        f"/lives/{LIVE}/speakers/", HTTP_HX_TARGET="speakers-panel", **HTMX
    ).content.decode()
    one = switches(select(html, "form[action$='/speakers/invite/']")[0])
    assert one == {
        "highlighted": ("Highlight", False),
        "grant_host_rights": ("Grant host rights", False),
        "with_email_notification": ("Send the invitation email", True),
    }
    bulk = switches(select(html, "form[action$='/speakers/invite-members/']")[0])
    assert bulk == {"with_email_notification": ("Send the invitation emails", True)}


def test_a_speaker_form_sent_back_keeps_its_switches(organiser_client, sandbox):
    html = organiser_client.post(
        f"/lives/{LIVE}/speakers/invite/", {"mode": "new", "highlighted": "on"}, **HTMX
    ).content.decode()
    assert "An email address is needed" in html
    one = switches(select(html, "form[action$='/speakers/invite/']")[0])
    assert one["highlighted"] == ("Highlight", True)
    assert one["with_email_notification"] == ("Send the invitation email", False)


def test_the_participant_form_switch(organiser_client, sandbox):
    html = organiser_client.get(
        f"/lives/{LIVE}/participants/", HTTP_HX_TARGET="participants-panel", **HTMX
    ).content.decode()
    form = select(html, "form[action$='/participants/invite/']")[0]
    assert switches(form) == {"with_email_notification": ("Send the invitation email", True)}


def test_ids_stay_unique_across_a_lives_people_panels(organiser_client, sandbox):
    pages = [
        organiser_client.get(f"/lives/{LIVE}/{name}/", HTTP_HX_TARGET=f"{name}-panel", **HTMX)
        for name in ("speakers", "participants")
    ]
    ids = Counter(tag["id"] for page in pages for tag in soup(page).select("[id]"))
    assert [i for i, count in ids.items() if count > 1] == []


def test_the_invite_wizards_switches(organiser_client, sandbox):
    html = organiser_client.get(f"/lives/{LIVE}/invite/").content.decode()
    assert switches(html) == {
        "with_email_notification": ("Send the invitation emails", True),
        "highlighted": ("Highlight the speakers", False),
        "grant_host_rights": ("Grant host rights", False),
    }


def test_the_group_link_form_keeps_its_search_and_switch_after_an_error(organiser_client, sandbox):
    html = organiser_client.post(
        f"/lives/{LIVE}/groups/link/",
        {"q": "alu", "with_email_notification": "on"},
        HTTP_HX_TARGET="groups-panel",
        **HTMX,
    ).content.decode()
    form = select(html, f"#link-form-{LIVE}")[0]
    assert switches(form) == {
        "with_email_notification": ("Email the groups' members about this live", True)
    }
    box = form.select_one(f"#group-search-{LIVE}")
    assert (box["name"], box["type"], box["value"], box["maxlength"]) == (
        "q",
        "search",
        "alu",
        "100",
    )
    assert box["aria-invalid"] == "true" and box["aria-describedby"] == f"link-errors-{LIVE}"
    assert form.select_one(f"#link-errors-{LIVE}").get_text(strip=True)
    assert "/groups/search/" in box["hx-get"]


def test_the_group_link_form_as_served(organiser_client, sandbox):
    html = organiser_client.get(
        f"/lives/{LIVE}/groups/", HTTP_HX_TARGET="groups-panel", **HTMX
    ).content.decode()
    form = select(html, f"#link-form-{LIVE}")[0]
    assert switches(form) == {
        "with_email_notification": ("Email the groups' members about this live", False)
    }
    box = form.select_one(f"#group-search-{LIVE}")
    assert not box.has_attr("aria-invalid") and not box.has_attr("value")
    assert box["placeholder"] == "e.g. Alumni" and box.has_attr("data-search")
