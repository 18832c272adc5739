"""Groups, speakers and participants of a live, through the pages, against the sandbox."""

import csv
import io

import pytest
from openpyxl import load_workbook

from lives_admin.people import folded_search
from lives_admin.upstream import get_client, reset_client
from tests.html import exists, select, soup, text_of, texts, value_of

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def panel(name):
    """Headers of the htmx request the live's page makes for one of its panels."""
    return {**HTMX, "HTTP_HX_TARGET": f"{name}-panel"}


@pytest.fixture
def live(sandbox):
    """A past live with speakers, a host and participants of every status."""
    return get_client().lives.retrieve("live003")


def api_requests(sandbox, path_part):
    return [r for r in sandbox.requests() if path_part in r["path"]]


def tab_counts(html) -> dict[str, str]:
    """Each status tab's name and its count, as the tabs show them."""
    counts = {}
    for count in select(html, "#participants-tabs .tab-count"):
        label = count.parent.find(string=True, recursive=False)
        counts[label.strip()] = count.get_text()
    return counts


def participants_of(live_id):
    return {p.email: p for p in get_client().participants.iter_all(live_id)}


# -- participants -------------------------------------------------------------------
def test_the_participants_panel_lists_people_with_status_tabs(viewer_client, live):
    html = viewer_client.get(
        f"/lives/{live.id}/participants/", **panel("participants")
    ).content.decode()
    assert exists(html, "#participants-panel")
    assert not exists(html, "html, body")  # a fragment for the live's page
    total = get_client().participants.list(live.id, limit=1).total
    assert len(select(html, "#participants-panel table tr")) == 1 + min(25, total)
    # The rows come with one API call; the tabs then fetch their counts.
    assert exists(html, '#participants-tabs[hx-trigger="load"]')
    assert not exists(html, ".tab-count")
    tabs = viewer_client.get(
        f"/lives/{live.id}/participants/", **{**HTMX, "HTTP_HX_TARGET": "participants-tabs"}
    ).content.decode()
    assert [tag.get("id") for tag in soup(tabs).find_all(recursive=False)] == ["participants-tabs"]
    assert tab_counts(tabs)["All"] == str(total)
    assert {"Invited", "Accepted", "Declined"} <= set(tab_counts(tabs))
    assert not exists(tabs, "[hx-trigger=load]")  # loaded once
    # Next time, within a minute, the counts come from the cache with the rows.
    again = viewer_client.get(f"/lives/{live.id}/participants/", **panel("participants"))
    assert tab_counts(again)["All"] == str(total)


def test_a_plain_visit_shows_the_counts_at_once(viewer_client, live):
    html = viewer_client.get(f"/lives/{live.id}/participants/").content.decode()
    total = get_client().participants.list(live.id, limit=1).total
    assert tab_counts(html)["All"] == str(total)
    assert not exists(html, "#participants-tabs[hx-trigger]")


def test_a_plain_visit_gets_a_full_shareable_page(viewer_client, live):
    html = viewer_client.get(f"/lives/{live.id}/participants/?status=Declined").content.decode()
    assert exists(html, "html body") and "Participants" in text_of(html)
    assert texts(html, '#participants-tabs [aria-current="page"]') == [
        f"Declined {tab_counts(html)['Declined']}"
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=Accepted&status=Declined", ["status[in]", "Accepted,Declined"]),
        ("status=Invited", ["status[eq]", "Invited"]),
        ("type=Speaker&type=Host", ["type[in]", "Speaker,Host"]),
        ("email=example.org", ["email[contains]", "example.org"]),
        ("last_name=Dubois&match=eq", ["lastname[eq]", "Dubois"]),
        ("first_name=Lé", ["firstname[contains]", "Lé"]),
        ("replayed=true", ["hasReplayed[eq]", "true"]),
        ("participated=false", ["hasParticipated[eq]", "false"]),
    ],
)
def test_each_participant_filter_reaches_meltingspot(
    viewer_client, live, sandbox, query, expected, monkeypatch
):
    # A live beyond the bounded read: its name search is MeltingSpot's (folded_search.py).
    monkeypatch.setattr(folded_search, "MAX_PEOPLE", 0)
    sandbox.clear_requests()
    response = viewer_client.get(f"/lives/{live.id}/participants/?{query}", **panel("participants"))
    assert response.status_code == 200
    assert any(expected in listing["query"] for listing in api_requests(sandbox, "/participants"))


def test_filtered_rows_are_the_ones_meltingspot_returned(viewer_client, live):
    html = viewer_client.get(
        f"/lives/{live.id}/participants/?status=Declined&per_page=100", **panel("participants")
    ).content.decode()
    declined = [p for p in participants_of(live.id).values() if p.status == "Declined"]
    assert declined
    rows = text_of(html, "tbody")
    for person in declined:
        assert person.email in rows
    assert not exists(html, "tbody .badge-accepted")


def test_bad_filter_values_give_a_message_and_the_default(viewer_client, live):
    response = viewer_client.get(f"/lives/{live.id}/participants/?status=Maybe&page=x&per_page=7")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in html
    assert "1–25 of" in html


def test_pagination_walks_with_totals(viewer_client, sandbox):
    html = viewer_client.get(
        "/lives/live005/participants/?page=2&per_page=100", **panel("participants")
    ).content.decode()
    assert "101–200 of 1,200" in html


def test_invite_one_by_email_then_again_is_already_invited(organiser_client, live, sandbox):
    url = f"/lives/{live.id}/participants/invite/"
    data = {"member": "New.Person@Example.org", "with_email_notification": "on"}
    first = organiser_client.post(url, data, **HTMX).content.decode()
    assert "new.person@example.org is invited" in first.lower()
    assert participants_of(live.id)["new.person@example.org"].status == "Invited"
    again = organiser_client.post(url, data, **HTMX).content.decode()
    assert "was already invited: nothing was sent again" in again
    assert sandbox.emails(live.id) == {"new.person@example.org": 1}


def test_invite_a_member_by_id(organiser_client, sandbox):
    live_id = get_client().lives.list(limit=1).items[0].id
    member = get_client().spot_members.list(limit=100).items[-1]
    organiser_client.post(
        f"/lives/{live_id}/participants/invite/",
        {"member": member.display_name, "spot_member_id": member.id},
        **HTMX,
    )
    assert member.email in participants_of(live_id)


def test_a_bad_email_is_refused_on_the_form_with_the_value_kept(organiser_client, live):
    html = organiser_client.post(
        f"/lives/{live.id}/participants/invite/", {"member": "not-an@email"}, **HTMX
    ).content.decode()
    assert "is not a valid email address" in text_of(html)
    assert value_of(html, ".invite-one input[name=q]") == "not-an@email"


def test_a_viewer_cannot_invite(viewer_client, live):
    response = viewer_client.post(f"/lives/{live.id}/participants/invite/", {"member": "a@b.co"})
    assert response.status_code == 403
    assert "a@b.co" not in participants_of(live.id)


def test_plain_post_redirects_to_the_live_with_a_message(organiser_client, live):
    response = organiser_client.post(
        f"/lives/{live.id}/participants/invite/", {"member": "plain@example.org"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"/lives/{live.id}/#participants-panel")
    assert "plain@example.org is invited" in response.content.decode()


# -- export ------------------------------------------------------------------------------
def test_csv_export_has_the_filtered_rows_and_a_telling_name(viewer_client, live):
    response = viewer_client.get(f"/lives/{live.id}/participants/export.csv?status=Accepted")
    assert response.status_code == 200
    assert response.streaming
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="participants-design-critique-1-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    accepted = [p for p in participants_of(live.id).values() if p.status == "Accepted"]
    assert rows[0][:3] == ["First name", "Last name", "Email"]
    assert sorted(r[2] for r in rows[1:]) == sorted(p.email for p in accepted)


def test_export_escapes_formulas(viewer_client, organiser_client, sandbox):
    live_id = get_client().lives.list(limit=1).items[0].id
    get_client().speakers.invite(
        live_id, email="x@example.org", first_name="=HYPERLINK(1)", last_name="+1"
    )
    response = viewer_client.get(f"/lives/{live_id}/participants/export.csv?email=x@example.org")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][:2] == ["'=HYPERLINK(1)", "'+1"]


def test_xlsx_export(viewer_client, live):
    response = viewer_client.get(f"/lives/{live.id}/participants/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Email"
    assert len(rows) - 1 == get_client().participants.list(live.id, limit=1).total


def test_export_of_an_unknown_live_says_so(viewer_client, sandbox):
    response = viewer_client.get("/lives/nope/participants/export.csv", follow=True)
    assert "The export could not start" in response.content.decode()


# -- speakers ------------------------------------------------------------------------------
def test_speakers_panel_marks_host_and_highlighted(viewer_client, live):
    html = viewer_client.get(f"/lives/{live.id}/speakers/", **panel("speakers")).content.decode()
    assert exists(html, "tbody .badge.badge-host")
    assert exists(html, "tbody .badge-speaker")


def test_speaker_filters(viewer_client, live, sandbox, monkeypatch):
    monkeypatch.setattr(folded_search, "MAX_PEOPLE", 0)  # MeltingSpot's name search
    sandbox.clear_requests()
    viewer_client.get(
        f"/lives/{live.id}/speakers/?status=Accepted&email=girard&participated=true",
        **panel("speakers"),
    )
    query = api_requests(sandbox, "/speakers")[-1]["query"]  # after the bounded probe
    assert ["status[eq]", "Accepted"] in query
    assert ["email[contains]", "girard"] in query
    assert ["hasParticipated[eq]", "true"] in query


def test_invite_a_new_external_speaker(organiser_client, live):
    html = organiser_client.post(
        f"/lives/{live.id}/speakers/invite/",
        {
            "mode": "new",
            "email": "ada@example.org",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "title": "Engineer",
            "highlighted": "on",
        },
        **HTMX,
    ).content.decode()
    assert "ada@example.org is invited as a speaker" in html
    ada = participants_of(live.id)["ada@example.org"]
    assert (ada.type, ada.first_name, ada.is_highlighted) == ("Speaker", "Ada", True)


def test_invite_a_member_as_speaker_with_host_rights(organiser_client, live):
    member = get_client().spot_members.list(limit=100).items[-2]
    organiser_client.post(
        f"/lives/{live.id}/speakers/invite/",
        {"mode": "member", "spot_member_id": member.id, "grant_host_rights": "on"},
        **HTMX,
    )
    assert participants_of(live.id)[member.email].type == "Host"


def test_speaker_form_errors_stay_on_the_form(organiser_client, live):
    html = organiser_client.post(
        f"/lives/{live.id}/speakers/invite/", {"mode": "new"}, **HTMX
    ).content.decode()
    assert "An email address is needed" in html


def test_bulk_invite_members_as_speakers_splits_on_413(organiser_client, sandbox):
    live_id = get_client().lives.list(limit=1).items[0].id
    chosen = get_client().spot_members.list(limit=12, page=3).items
    sandbox.configure(max_bulk_items=5)
    html = organiser_client.post(
        f"/lives/{live_id}/speakers/invite-members/",
        {"spot_member_ids": [m.id for m in chosen]},
        **HTMX,
    ).content.decode()
    assert "12 members invited as speakers" in html
    speakers = {p.spot_member_id for p in get_client().speakers.iter_all(live_id)}
    assert {m.id for m in chosen} <= speakers


# -- groups ----------------------------------------------------------------------------------
def test_link_several_groups_then_unlink_one_and_the_rest(organiser_client, live, sandbox):
    groups = get_client().groups.list(limit=3).items
    html = organiser_client.post(
        f"/lives/{live.id}/groups/link/", {"group_ids": [g.id for g in groups]}, **HTMX
    ).content.decode()
    assert "Linked 3 groups." in html
    for group in groups:
        assert group.name in html
    linked = {g.id for g in get_client().live_groups.iter_all(live.id)}
    assert {g.id for g in groups} <= linked
    assert sandbox.emails(live.id) == {}  # the email switch is off by default

    html = organiser_client.post(
        f"/lives/{live.id}/groups/unlink/", {"group_ids": groups[0].id}, **HTMX
    ).content.decode()
    assert "Unlinked 1 group." in html
    organiser_client.post(
        f"/lives/{live.id}/groups/unlink/", {"selected": [g.id for g in groups[1:]]}, **HTMX
    )
    assert not {g.id for g in get_client().live_groups.iter_all(live.id)} & {g.id for g in groups}


def test_linking_with_the_email_switch_emails_the_members(organiser_client, sandbox):
    live_id = get_client().lives.list(limit=1).items[0].id
    group = get_client().groups.list(limit=1).items[0]
    organiser_client.post(
        f"/lives/{live_id}/groups/link/",
        {"group_ids": [group.id], "with_email_notification": "on"},
        **HTMX,
    )
    assert sandbox.emails(live_id)


def test_nothing_ticked_is_a_message_not_an_error(organiser_client, live):
    html = organiser_client.post(f"/lives/{live.id}/groups/link/", {}, **HTMX).content.decode()
    assert "Pick at least one group to link." in html


def test_group_search_uses_name_contains(organiser_client, sandbox):
    sandbox.clear_requests()
    html = organiser_client.get("/groups/search/?q=lum").content.decode()
    assert "Alumni" in html
    assert ["name[contains]", "lum"] in api_requests(sandbox, "/v1/groups")[0]["query"]


def test_an_unknown_group_is_reported_and_nothing_linked(organiser_client, live):
    html = organiser_client.post(
        f"/lives/{live.id}/groups/link/", {"group_ids": ["no-such-group"]}, **HTMX
    ).content.decode()
    assert "A group you ticked no longer exists on MeltingSpot: nothing was linked." in html


# -- trouble ------------------------------------------------------------------------------------
def test_an_unknown_live_says_it_no_longer_exists(viewer_client, sandbox):
    for name in ("groups", "speakers", "participants"):
        response = viewer_client.get(f"/lives/nope/{name}/", **panel(name))
        assert response.status_code == 404
        assert "This live no longer exists" in response.content.decode()


@pytest.mark.parametrize(
    ("config", "status", "text"),
    [
        ({"error_rate": 1.0}, 503, "MeltingSpot is having trouble"),
        ({"rate_limit": True, "rate_limit_requests": 0}, 429, "Too many requests"),
    ],
)
def test_panels_show_their_own_error_with_a_retry(
    viewer_client, live, sandbox, settings, config, status, text
):
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    sandbox.configure(**config)
    response = viewer_client.get(f"/lives/{live.id}/participants/", **panel("participants"))
    html = response.content.decode()
    assert response.status_code == status
    assert text in text_of(html)
    assert "Retry" in texts(html, "button")


def test_a_timeout_is_a_panel_error(viewer_client, live, sandbox, settings):
    settings.MELTINGSPOT_TIMEOUT = 0.2
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    sandbox.configure(latency_ms=600)
    response = viewer_client.get(f"/lives/{live.id}/groups/", **panel("groups"))
    assert response.status_code == 504
    assert "took too long" in response.content.decode()


def test_a_meltingspot_400_on_invite_lands_on_the_form(organiser_client, live, sandbox):
    # The sandbox refuses an invite made on behalf of an unknown member id only with 404,
    # so use a member id that is not an email and does not exist: MeltingSpot says 404.
    html = organiser_client.post(
        f"/lives/{live.id}/participants/invite/",
        {"member": "Someone", "spot_member_id": "no-such-member"},
        **HTMX,
    ).content.decode()
    assert "Not found on MeltingSpot" in html or "no longer exists" in html


def test_csv_export_times_are_in_the_organisers_timezone(viewer_client, live):
    import zoneinfo

    viewer_client.cookies["tz"] = "Asia/Tokyo"
    response = viewer_client.get(f"/lives/{live.id}/participants/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    invited_at = {row[2]: row[5] for row in rows[1:]}
    person = next(p for p in participants_of(live.id).values() if p.invited_at)
    tokyo = person.invited_at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert invited_at[person.email] == tokyo.strftime("%Y-%m-%d %H:%M")


def test_a_csv_export_cut_short_by_meltingspot_says_so_in_the_file(
    viewer_client, sandbox, settings
):
    live_id = get_client().lives.list(limit=1).items[0].id
    sandbox.add_fake_participants(live_id, 250)
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    response = viewer_client.get(f"/lives/{live_id}/participants/export.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks) + next(chunks)  # the header, then the first 100 rows
    sandbox.configure(error_rate=1.0)  # MeltingSpot goes down before the second page
    rest = b"".join(chunks)
    lines = (first + rest).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 100 + 1
    assert lines[-1].startswith("EXPORT INCOMPLETE: MeltingSpot stopped answering after 100 rows")


@pytest.mark.parametrize(
    ("config", "status", "text"),
    [
        ({"error_rate": 1.0}, 503, "MeltingSpot is having trouble"),
        ({"rate_limit": True, "rate_limit_requests": 0}, 429, "Too many requests"),
        ({"error_rate": 1.0, "error_status": 400}, 400, "Injected fault"),
    ],
)
@pytest.mark.parametrize(
    ("path", "data", "kept"),
    [
        ("participants/invite/", {"member": "kept@example.org"}, {"q": "kept@example.org"}),
        ("groups/link/", {"group_ids": ["grp001"]}, {}),
        (
            "speakers/invite/",
            {"mode": "new", "email": "talk@example.org", "first_name": "Tal", "last_name": "K"},
            {"email": "talk@example.org", "first_name": "Tal", "last_name": "K"},
        ),
    ],
)
def test_writes_meeting_meltingspot_trouble_say_so_and_keep_the_form(
    organiser_client, live, sandbox, settings, config, status, text, path, data, kept
):
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    before = set(participants_of(live.id))
    sandbox.configure(**config)
    response = organiser_client.post(f"/lives/{live.id}/{path}", data, **HTMX)
    html = response.content.decode()
    assert response.status_code == status
    if text:
        assert text in text_of(html)
    # What the organiser typed is still there, in the form it was typed in.
    for name, value in kept.items():
        assert value_of(html, f"form[action$='/{path}'] input[name={name}]") == value
    sandbox.configure(error_rate=0.0, error_status=503, rate_limit=False)
    assert set(participants_of(live.id)) == before  # nothing half-done


def test_a_highlighted_speaker_is_marked(viewer_client, live, sandbox):
    member = get_client().spot_members.list(limit=1, page=11).items[0]
    get_client().speakers.invite_member(live.id, member.id, highlighted=True)
    html = viewer_client.get(f"/lives/{live.id}/speakers/", **panel("speakers")).content.decode()
    row = next(row for row in select(html, "tbody tr") if member.email in text_of(row))
    assert row.select('[title="Highlighted speaker"]')
