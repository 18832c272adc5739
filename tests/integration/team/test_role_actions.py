"""What each role sees and may do on the main pages: buttons a role cannot use are not
shown, and the actions behind them are refused when sent anyway."""

import re

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.models import InviteJob, JobKind, JobStatus, SavedView
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def live_id(sandbox):
    return get_client().lives.list(limit=1).items[0].id


@pytest.fixture
def clients(viewer_client, organiser_client, admin_user_client):
    return {"viewer": viewer_client, "organiser": organiser_client, "admin": admin_user_client}


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_a_lives_page_shows_each_role_only_its_actions(live_id, clients):
    edit, delete = f"/lives/{live_id}/edit/", f"/lives/{live_id}/delete/"
    invite, duplicate = f"/lives/{live_id}/invite/", f"/lives/{live_id}/duplicate/"
    seen = {
        role: links(c.get(f"/lives/{live_id}/").content.decode()) for role, c in clients.items()
    }
    assert not {edit, delete, invite, duplicate} & seen["viewer"]
    assert {edit, invite, duplicate} <= seen["organiser"] and delete not in seen["organiser"]
    assert {edit, delete, invite, duplicate} <= seen["admin"]


def test_the_list_bulk_actions_are_the_admins_and_no_row_deletes(sandbox, clients):
    """Organisers tick lives for insights; only admins get the cross-live actions. No
    role gets a Delete on a row: deleting is on the live's page, behind its dialog."""
    for role, client in clients.items():
        html = client.get("/lives/").content.decode()
        assert ('class="bulk-bar"' in html) is (role != "viewer"), role
        assert ('name="selected"' in html) is (role != "viewer"), role
        assert ('name="action"' in html) is (role == "admin"), role
        assert not re.search(r"/lives/(?!views/)[^/\"]+/delete/", html), role
        assert ('href="/lives/new/"' in html) is (role != "viewer"), role


def test_the_people_panels_offer_writes_to_organisers_and_up(live_id, clients):
    for role, client in clients.items():
        writes = role != "viewer"
        groups = client.get(f"/lives/{live_id}/groups/", **HTMX).content.decode()
        assert ("Link groups" in groups) is writes, role
        speakers = client.get(f"/lives/{live_id}/speakers/", **HTMX).content.decode()
        assert ("Invite a speaker" in speakers) is writes, role
        participants = client.get(f"/lives/{live_id}/participants/", **HTMX).content.decode()
        assert ("Invite one person" in participants) is writes, role


def test_a_viewer_sending_a_write_anyway_changes_nothing(live_id, sandbox, viewer_client):
    sandbox.clear_requests()
    for path in ("groups/link/", "speakers/invite/", "participants/invite/", "edit/", "delete/"):
        data = {"email": "x@example.org", "group_ids": ["g1"], "title": "Hacked"}
        assert viewer_client.post(f"/lives/{live_id}/{path}", data, **HTMX).status_code == 403
        assert viewer_client.post(f"/lives/{live_id}/{path}", data).status_code == 403
    assert [r for r in sandbox.requests() if r["method"] != "GET"] == []


@pytest.fixture
def cross_live_job(sandbox, admin):
    lives = get_client().lives.list(limit=2).items
    return start_job(
        InvitePlan(
            kind=JobKind.INVITE_PARTICIPANTS,
            live_ids=tuple(live.id for live in lives),
            people=(Person(email="across@example.org"),),
            live_titles={live.id: live.title for live in lives},
            source_label="Pasted list (1 entry)",
        ),
        admin,
    )


def test_a_cross_live_job_is_steered_by_admins_only(cross_live_job, clients):
    page = f"/jobs/{cross_live_job.pk}/"
    for role, client in clients.items():
        assert (">Pause<" in client.get(page).content.decode()) is (role == "admin"), role
    refused = clients["organiser"].post(f"/jobs/{cross_live_job.pk}/pause/", follow=True)
    assert "Your role does not allow steering this job." in text(refused)
    assert InviteJob.objects.get(pk=cross_live_job.pk).status != JobStatus.PAUSED
    clients["admin"].post(f"/jobs/{cross_live_job.pk}/pause/")
    assert InviteJob.objects.get(pk=cross_live_job.pk).status == JobStatus.PAUSED


def test_only_admins_are_offered_to_share_a_view(sandbox, clients):
    for role, client in clients.items():
        html = client.get("/lives/", {"status": "Ended"}).content.decode()
        assert ("Share with the whole team" in html) is (role == "admin"), role


def test_team_views_are_made_and_removed_by_admins(sandbox, organiser, admin, clients):
    organiser_client, admin_client = clients["organiser"], clients["admin"]
    organiser_client.post("/lives/views/", {"name": "Mine", "query": "status=Live", "shared": "on"})
    mine = SavedView.objects.get(name="Mine")
    assert mine.owner == organiser and not mine.shared  # kept, for its owner only
    team_view = SavedView.objects.create(owner=organiser, name="Old team view", shared=True)

    refused = organiser_client.post(f"/lives/views/{team_view.pk}/delete/", follow=True)
    assert "Only an admin can remove a team view." in text(refused)
    assert SavedView.objects.filter(pk=team_view.pk).exists()
    assert f"/lives/views/{team_view.pk}/delete/" not in refused.content.decode()
    assert admin_client.post(f"/lives/views/{mine.pk}/delete/").status_code == 302
    assert SavedView.objects.filter(pk=mine.pk).exists()  # someone's own view is theirs

    listed = admin_client.get("/lives/").content.decode()
    assert f"/lives/views/{team_view.pk}/delete/" in listed and "by organiser-user" in listed
    removed = admin_client.post(f"/lives/views/{team_view.pk}/delete/", follow=True)
    assert "The view “Old team view” was removed." in text(removed)
    assert not SavedView.objects.filter(pk=team_view.pk).exists()
    organiser_client.post(f"/lives/views/{mine.pk}/delete/")
    assert not SavedView.objects.filter(pk=mine.pk).exists()
