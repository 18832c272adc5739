"""From the lives list's selection: the same people to several lives, a group on each live."""

import re
from html import unescape

import pytest

from lives_admin.invites.runner import JobRunner
from lives_admin.meltingspot import LiveFilters
from lives_admin.models import InviteJob, ItemState, JobKind, JobStatus
from lives_admin.upstream import get_client
from tests.html import one, text_of, texts

pytestmark = pytest.mark.django_db(transaction=True)


def run_latest_job() -> InviteJob:
    job = InviteJob.objects.latest("id")
    JobRunner(job, sleep=lambda seconds: None).run()
    job.refresh_from_db()
    return job


@pytest.fixture
def three_lives(sandbox):
    return [live.id for live in get_client().lives.list(limit=3).items]


def choose(client, action, **data):
    return client.post("/lives/bulk/", {"action": action, "filters": "", **data})


def test_the_same_people_to_each_selected_live_with_a_per_live_preview(
    admin_user_client, sandbox, three_lives
):
    first = three_lives[0]
    already = next(iter(get_client().participants.iter_all(first))).email
    response = choose(admin_user_client, "invite", selected=three_lives)
    assert response.status_code == 302
    wizard = response["Location"]
    page = admin_user_client.get(wizard).content.decode()
    assert "The same people to each of the 3 selected lives." in page
    response = admin_user_client.post(
        wizard,
        {
            "role": "participants",
            "source": "paste",
            "pasted": f"multi1@example.org, multi2@example.org\n{already}",
        },
    )
    preview = admin_user_client.get(response["Location"]).content.decode()
    assert "to 3 lives" in preview
    rows = re.findall(
        r'<tr><td>([^<]+)</td><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', preview
    )
    assert len(rows) == 3
    assert sum(int(new) for _, new, _ in rows) == 3 * 3 - 1  # one of them is already there
    assert "Invite 3 people to 3 lives (8 invitations)" in preview
    # The sums add up across lives too (issue 15, item 9).
    said = " ".join(re.sub(r"<[^>]+>", " ", preview).split())
    assert "3 entries read = 3 people + 0 duplicates + 0 invalid." in said
    assert "3 people × 3 lives = 9 invitations = 8 new + 1 already there" in said

    response = admin_user_client.post(response["Location"])
    job = InviteJob.objects.latest("id")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job = run_latest_job()
    assert job.status == JobStatus.COMPLETED
    assert job.items.count() == 9
    assert job.items.filter(state=ItemState.INVITED).count() == 8
    for live_id in three_lives:
        emails = {p.email.lower() for p in get_client().participants.iter_all(live_id)}
        assert {"multi1@example.org", "multi2@example.org"} <= emails
    detail = admin_user_client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<th scope="col">Live</th>' in detail  # per live, per person


def _preview_of(client, lives, pasted: str) -> str:
    wizard = choose(client, "invite", selected=lives)["Location"]
    response = client.post(wizard, {"role": "participants", "source": "paste", "pasted": pasted})
    return client.get(response["Location"]).content.decode()


def test_the_cross_live_preview_counts_people_and_invitations_and_groups_emails_by_live(
    admin_user_client, sandbox, three_lives
):
    two = three_lives[:2]
    titles = [get_client().lives.retrieve(live_id).title for live_id in two]
    pasted = "x1@example.org\nx2@example.org\nx3@example.org"
    preview = _preview_of(admin_user_client, two, pasted)
    said = " ".join(unescape(re.sub(r"<[^>]+>", " ", preview)).split())
    assert "3 people × 2 lives = 6 invitations" in said
    assert "Invite 3 people to 2 lives (6 invitations)" in said
    assert "across 2 lives" not in said
    # Who gets an email, under the title of the live each is for.
    recipients = preview[preview.index('id="recipients-title"') :]
    recipients = " ".join(unescape(re.sub(r"<[^>]+>", " ", recipients)).split())
    emails = "x1@example.org x2@example.org x3@example.org"
    assert f"{titles[0]} (3) {emails} {titles[1]} (3) {emails}" in recipients
    assert re.search(r"<h3[^>]*>" + re.escape(titles[0].replace("'", "&#x27;")), preview)

    one = _preview_of(admin_user_client, two, "solo@example.org")
    said = " ".join(unescape(re.sub(r"<[^>]+>", " ", one)).split())
    assert "Invite 1 person to 2 lives (2 invitations)" in said


def test_select_all_matching_takes_every_live_of_the_filter(admin_user_client, sandbox):
    query = "status=Planned"
    expected = {
        live.id: live.title for live in get_client().lives.iter_all(LiveFilters(status="Planned"))
    }
    response = choose(
        admin_user_client, "link_group", select_across="1", filters=query, selected=[]
    )
    page = admin_user_client.get(response["Location"]).content.decode()
    assert f"Link a group to {len(expected)} lives" in page


def test_link_then_unlink_a_group_on_every_selected_live(admin_user_client, sandbox, three_lives):
    client = get_client()
    group = next(iter(client.groups.iter_all()))
    client.live_groups.bulk_link(three_lives[0], [group.id])  # already linked on the first
    response = choose(admin_user_client, "link_group", selected=three_lives)
    url = response["Location"]
    preview = admin_user_client.get(url, {"group_id": group.id}).content.decode()
    assert group.name in text_of(preview)
    assert texts(preview, "td strong").count("linked") == 2
    assert preview.count("unchanged") == 1
    # The confirmation carries the group, and asks about the email by a labelled switch.
    assert one(preview, "form input[type=hidden][name=group_id]")["value"] == group.id
    switch = one(preview, "label.switch")
    assert switch.select_one("input[type=checkbox]")["id"] == switch["for"]
    response = admin_user_client.post(url, {"group_id": group.id, "confirm": "1"})
    job = run_latest_job()
    assert job.kind == JobKind.LINK_GROUPS and job.status == JobStatus.COMPLETED
    assert set(job.items.values_list("live_id", flat=True)) == set(three_lives[1:])
    for live_id in three_lives:
        assert group.id in {g.id for g in client.live_groups.iter_all(live_id)}

    response = choose(admin_user_client, "unlink_group", selected=three_lives)
    url = response["Location"]
    admin_user_client.post(url, {"group_id": group.id, "confirm": "1"})
    job = run_latest_job()
    assert job.kind == JobKind.UNLINK_GROUPS
    assert job.items.filter(state=ItemState.DONE).count() == 3
    for live_id in three_lives:
        assert group.id not in {g.id for g in client.live_groups.iter_all(live_id)}


def test_nothing_ticked_or_no_action_says_so_and_sends_nothing(admin_user_client, sandbox):
    response = choose(admin_user_client, "invite", selected=[])
    assert response.status_code == 302
    page = admin_user_client.get(response["Location"]).content.decode()
    assert "Tick at least one live first." in page
    response = admin_user_client.post("/lives/bulk/", {"action": "explode", "filters": ""})
    page = admin_user_client.get(response["Location"]).content.decode()
    assert "Choose what to do with the selected lives." in page
    assert not InviteJob.objects.exists()


def test_cross_live_actions_are_for_admins(organiser_client, sandbox, three_lives):
    response = choose(organiser_client, "invite", selected=three_lives)
    assert response.status_code == 403


def test_one_member_on_two_lives_is_one_member_and_two_invitations(admin_user_client, sandbox):
    """Outside finding: the cross-live preview said "2 Spot members" for 1 member × 2 lives."""
    from tests.integration.lives.helpers import a_live_next_week

    two = [a_live_next_week(f"Evening {n}").id for n in (1, 2)]
    member = get_client().spot_members.list(page=1, limit=3).items[2]
    preview = _preview_of(admin_user_client, two, f"{member.email}\nnewcomer@example.org")
    parts = preview[preview.index('class="metric-parts"') :]
    parts = " ".join(unescape(re.sub(r"<[^>]+>", " ", parts[: parts.index("</ul>")])).split())
    assert "2 invitations for 1 Spot member, by member id" in parts
    assert "2 invitations for 1 person by email only (not members yet)" in parts
