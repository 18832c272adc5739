"""Two organisers editing the same live: a form sent from a page opened before someone
else saved never silently puts their old values back (issue 15, item 18)."""

from html.parser import HTMLParser

import pytest

from lives_admin.meltingspot import ParticipantFilters
from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, api_requests, text
from tests.integration.lives.test_forms import form_data

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would send from the page's live form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._inside_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "live-form" in (attrs.get("class") or ""):
            self._inside_form = True
        if not self._inside_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
            elif kind != "submit":
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._inside_form = False


def form_of(response) -> dict:
    reader = _FormReader()
    reader.feed(response.content.decode())
    # A browser sends a textarea's line ends as CRLF.
    reader.data["description"] = reader.data.get("description", "").replace("\n", "\r\n")
    return reader.data


def opened(client, live_id: str) -> dict:
    page = client.get(f"/lives/{live_id}/edit/")
    assert page.status_code == 200
    return form_of(page)


@pytest.fixture
def town_hall(sandbox, organiser_client):
    """A YouTube live made through the page, with a description."""
    response = organiser_client.post(
        "/lives/new/",
        form_data(q=a_host().email, description="Agenda: news and questions"),
    )
    assert response.status_code == 302
    return response["Location"].strip("/").split("/")[-1]


@pytest.fixture
def two_tabs(town_hall, organiser, make_user):
    """Two organisers (A and B) with the edit form of the same live open."""
    from django.test import Client

    from lives_admin.team.roles import Role

    tab_a, tab_b = Client(), Client()
    tab_a.force_login(organiser)
    tab_b.force_login(make_user(Role.ORGANISER, username="second-organiser"))
    for tab in (tab_a, tab_b):
        tab.cookies["tz"] = "Europe/Paris"
    return tab_a, opened(tab_a, town_hall), tab_b, opened(tab_b, town_hall)


def puts(sandbox) -> list[dict]:
    return api_requests(sandbox, "PUT")


def test_a_stale_form_keeps_what_the_other_organiser_saved(sandbox, town_hall, two_tabs):
    tab_a, form_a, tab_b, form_b = two_tabs
    form_a.update(title="Town hall (moved)", start="2030-03-02T10:00", end="2030-03-02T11:30")
    assert tab_a.post(f"/lives/{town_hall}/edit/", form_a).status_code == 302
    form_b.update(description="Agenda: news, questions and cake")
    sandbox.clear_requests()

    saved = tab_b.post(f"/lives/{town_hall}/edit/", form_b, follow=True)

    assert "“Town hall (moved)” was saved." in text(saved)
    assert (
        "Since you opened the form, Title, Starts and Ends were changed by organiser-user: "
        "that change was kept." in text(saved)
    )
    [put] = puts(sandbox)
    assert put["body"]["title"] == "Town hall (moved)"  # A's title, not the one B opened with
    assert put["body"]["description"] == "Agenda: news, questions and cake"
    live = get_client().lives.retrieve(town_hall)
    assert live.title == "Town hall (moved)"
    assert live.start_date.isoformat().startswith("2030-03-02T09:00")  # 10:00 in Paris
    assert live.description_markdown.strip() == "Agenda: news, questions and cake"
    # The audit log records each edit with only the fields its organiser changed.
    first, second = AuditEntry.objects.filter(operation="lives.update").order_by("pk")
    assert [c["field"] for c in first.changes] == ["title", "startDate", "endDate"]
    assert second.changes == [
        {
            "field": "description",
            "before": "Agenda: news and questions",
            "after": "Agenda: news, questions and cake",
        }
    ]
    assert second.actor_label == "second-organiser"


def test_the_same_field_changed_by_both_sends_nothing_and_shows_both(sandbox, town_hall, two_tabs):
    tab_a, form_a, tab_b, form_b = two_tabs
    form_a.update(title="Town hall (A)", chat_visibility="Hidden")
    assert tab_a.post(f"/lives/{town_hall}/edit/", form_a).status_code == 302
    form_b.update(title="Town hall (B)", description="New agenda")
    sandbox.clear_requests()

    conflict = tab_b.post(f"/lives/{town_hall}/edit/", form_b)

    assert conflict.status_code == 409
    assert puts(sandbox) == []  # nothing was sent
    page = text(conflict)
    assert "Someone saved this live since you opened it Saved by organiser-user at " in page
    assert "Title Theirs now: Town hall (A) Yours: Town hall (B)" in page
    assert "Description" not in page.split("Nothing was saved")[1].split("The live")[0]
    assert get_client().lives.retrieve(town_hall).title == "Town hall (A)"
    # The form now holds A's chat setting, which B did not touch, and B's own values.
    again = form_of(conflict)
    assert again["chat_visibility"] == "Hidden"
    assert again["title"] == "Town hall (B)"
    assert again["description"] == "New agenda"

    # Without a choice, nothing is sent and the question stays.
    unanswered = tab_b.post(f"/lives/{town_hall}/edit/", again)
    assert unanswered.status_code == 409
    assert "Choose, for each field" in text(unanswered)
    assert puts(sandbox) == []

    again = form_of(unanswered)
    again["choose_title"] = "theirs"
    assert tab_b.post(f"/lives/{town_hall}/edit/", again).status_code == 302
    [put] = puts(sandbox)
    assert put["body"]["title"] == "Town hall (A)"
    assert put["body"]["description"] == "New agenda"
    assert put["body"]["chatVisibility"] == "Hidden"
    live = get_client().lives.retrieve(town_hall)
    assert (live.title, live.chat_visibility) == ("Town hall (A)", "Hidden")
    entry = AuditEntry.objects.filter(operation="lives.update").latest("pk")
    assert [c["field"] for c in entry.changes] == ["description"]


def test_keep_mine_puts_the_organisers_value(sandbox, town_hall, two_tabs):
    tab_a, form_a, tab_b, form_b = two_tabs
    form_a.update(title="Town hall (A)")
    tab_a.post(f"/lives/{town_hall}/edit/", form_a)
    form_b.update(title="Town hall (B)")
    again = form_of(tab_b.post(f"/lives/{town_hall}/edit/", form_b))
    again["choose_title"] = "mine"
    assert tab_b.post(f"/lives/{town_hall}/edit/", again).status_code == 302
    assert get_client().lives.retrieve(town_hall).title == "Town hall (B)"
    entry = AuditEntry.objects.filter(operation="lives.update").latest("pk")
    assert entry.changes == [
        {"field": "title", "before": "Town hall (A)", "after": "Town hall (B)"}
    ]


def test_a_change_after_the_conflict_screen_is_a_new_conflict(sandbox, town_hall, two_tabs):
    tab_a, form_a, tab_b, form_b = two_tabs
    form_a.update(title="Town hall (A)")
    tab_a.post(f"/lives/{town_hall}/edit/", form_a)
    form_b.update(title="Town hall (B)")
    again = form_of(tab_b.post(f"/lives/{town_hall}/edit/", form_b))
    # A saves once more while B reads the conflict screen.
    form_a = opened(tab_a, town_hall)
    form_a.update(title="Town hall (A, again)")
    tab_a.post(f"/lives/{town_hall}/edit/", form_a)
    sandbox.clear_requests()
    again["choose_title"] = "theirs"

    response = tab_b.post(f"/lives/{town_hall}/edit/", again)

    assert response.status_code == 409
    assert "Theirs now: Town hall (A, again)" in text(response)
    assert puts(sandbox) == []


def test_a_live_deleted_meanwhile_keeps_what_was_typed(sandbox, town_hall, two_tabs):
    _, _, tab_b, form_b = two_tabs
    get_client().lives.delete(town_hall)
    form_b.update(title="Town hall (B)", description="Typed with care")
    sandbox.clear_requests()

    response = tab_b.post(f"/lives/{town_hall}/edit/", form_b)

    assert response.status_code == 404
    page = text(response)
    assert "This live was deleted since you opened this form" in page
    assert "nothing you typed is lost" in page
    assert form_of(response)["title"] == "Town hall (B)"
    assert "Typed with care" in response.content.decode()
    assert puts(sandbox) == []


def test_a_live_deleted_meanwhile_carries_its_host_into_the_new_live(sandbox, town_hall, two_tabs):
    _, _, tab_b, form_b = two_tabs
    host = a_host()
    get_client().lives.delete(town_hall)
    form_b.update(title="Town hall (B)")

    gone = tab_b.post(f"/lives/{town_hall}/edit/", form_b)

    assert gone.status_code == 404
    page = text(gone)
    assert "Unknown" not in page
    assert host.display_name in page and host.email in page
    again = form_of(gone)
    assert again["host_id"] == host.id
    # "Create a new live with these values" sends the page's form to the new-live URL.
    created = tab_b.post("/lives/new/", again)
    assert created.status_code == 302, text(created)
    new_id = created["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert get_client().lives.retrieve(new_id).title == "Town hall (B)"
    host_now = get_client().participants.list(new_id, ParticipantFilters(types=("Host",)))
    assert [p.spot_member_id for p in host_now.items] == [host.id]


def test_a_live_deleted_meanwhile_without_a_known_host_says_to_pick_it_again(
    sandbox, town_hall, two_tabs
):
    _, _, tab_b, form_b = two_tabs
    get_client().lives.delete(town_hall)
    form_b.pop("host_id", None)  # a form opened before the host was carried

    page = text(tab_b.post(f"/lives/{town_hall}/edit/", form_b))

    assert "Unknown" not in page
    assert "The host could not be carried over: pick it again" in page
    for not_a_member in ("../spots", "ffffffffffffffffffffffff"):
        form_b["host_id"] = not_a_member
        gone = tab_b.post(f"/lives/{town_hall}/edit/", form_b)
        assert gone.status_code == 404
        assert "The host could not be carried over: pick it again" in text(gone)
        assert "host_id" not in form_of(gone)


def test_a_tampered_snapshot_is_checked_field_by_field(sandbox, town_hall, two_tabs):
    _, _, tab_b, form_b = two_tabs
    form_b.update(title="Town hall (B)", opened_as="not-a-signed-snapshot")
    sandbox.clear_requests()
    response = tab_b.post(f"/lives/{town_hall}/edit/", form_b)
    assert response.status_code == 409
    assert "The live now: Quarterly town hall Yours: Town hall (B)" in text(response)
    assert puts(sandbox) == []


def test_the_duplicate_form_is_unaffected(sandbox, town_hall, two_tabs, organiser_client):
    tab_a, form_a, _, _ = two_tabs
    duplicate_page = organiser_client.get(f"/lives/{town_hall}/duplicate/")
    assert 'name="opened_as"' not in duplicate_page.content.decode()
    copy = form_of(duplicate_page)
    form_a.update(title="Town hall (A)")
    tab_a.post(f"/lives/{town_hall}/edit/", form_a)
    copy.update(host_id=a_host().id, title="Town hall, again")
    response = organiser_client.post(f"/lives/{town_hall}/duplicate/", copy)
    assert response.status_code == 302
    titles = {live.title for live in get_client().lives.iter_all()}
    assert {"Town hall (A)", "Town hall, again"} <= titles


def test_a_form_sent_back_keeps_the_live_it_was_opened_on(sandbox, town_hall, two_tabs):
    """A mistake or an outage in between does not make a stale form current."""
    tab_a, form_a, tab_b, form_b = two_tabs
    form_a.update(title="Town hall (A)")
    tab_a.post(f"/lives/{town_hall}/edit/", form_a)
    form_b.update(description="New agenda", end="2030-03-01T09:00")  # ends before it starts
    mistaken = tab_b.post(f"/lives/{town_hall}/edit/", form_b)
    assert "The live must end after it starts." in text(mistaken)
    form_b = form_of(mistaken)
    form_b["end"] = "2030-03-01T11:30"
    sandbox.configure(error_rate=1.0, error_status=503)
    down = tab_b.post(f"/lives/{town_hall}/edit/", form_b)
    assert down.status_code == 503
    sandbox.configure(error_rate=0.0)

    assert tab_b.post(f"/lives/{town_hall}/edit/", form_of(down)).status_code == 302
    live = get_client().lives.retrieve(town_hall)
    assert (live.title, live.description_markdown.strip()) == ("Town hall (A)", "New agenda")
