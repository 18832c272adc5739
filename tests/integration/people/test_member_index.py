"""The local member index (issue 18, Big Spots): synced from the sandbox over real HTTP,
searched without a call, accents and case aside; the pickers use it when it is warm."""

import pytest

from lives_admin.models import IndexedMember
from lives_admin.people.member_index import lookup, sync
from lives_admin.people.member_index.tasks import queue_sync_if_due
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db(transaction=True)
HTMX = {"HTTP_HX_REQUEST": "true"}


def member_calls(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["path"].startswith("/v1/spotMembers")]


def spot_total(sandbox) -> int:
    return sandbox.get("/v1/spotMembers", limit=1).json()["total"]


@pytest.fixture
def synced(sandbox):
    """The sandbox's Spot, indexed by one full pass."""
    assert sync.run_sync() == "full"
    sandbox.clear_requests()
    return sandbox


def test_a_full_pass_indexes_every_member_of_the_spot(sandbox):
    sandbox.add_fake_members(300)
    total = spot_total(sandbox)
    sandbox.clear_requests()

    assert sync.run_sync() == "full"

    calls = member_calls(sandbox)
    assert len(calls) == -(-total // 100)  # one call per page of 100, nothing else
    assert IndexedMember.objects.count() == total
    one = sandbox.get("/v1/spotMembers", page=7, limit=100).json()["items"][0]
    indexed = IndexedMember.objects.get(member_id=one["id"])
    assert (indexed.email, indexed.last_name) == (one["email"], one["lastname"] or "")
    state = lookup.age()
    assert state.warm and not state.syncing and state.total == total


def test_the_next_pass_asks_only_for_the_members_who_joined_since(synced):
    joined = synced.register_member("new.comer@example.org", "Nouvelle", "Venue")

    assert sync.run_sync() == "incremental"

    assert [m.id for m in lookup.search("nouvelle venue")] == [joined["id"]]
    calls = member_calls(synced)
    assert len(calls) == 2, [(c["path"], c["query"]) for c in calls]
    asked = {key for call in calls for key, _ in call["query"]}
    assert {"registrationDate[after]", "invitationDate[after]"} <= asked


def test_a_member_removed_upstream_leaves_the_index_at_the_next_full_pass(synced):
    gone = synced.register_member("leaving@example.org", "Partante", "Bientôt")
    sync.run_sync()
    assert lookup.search("partante")
    synced.remove_member(gone["id"])

    sync.run_sync()  # an incremental pass cannot see a departure
    assert lookup.search("partante")
    assert sync.run_sync(full=True) == "full"

    assert lookup.search("partante") == []
    assert not IndexedMember.objects.filter(member_id=gone["id"]).exists()
    assert IndexedMember.objects.count() == spot_total(synced)


def test_a_full_pass_comes_again_when_due(synced, settings):
    settings.MEMBER_INDEX_FULL_PASS_SECONDS = 0
    assert sync.run_sync() == "full"


@pytest.mark.parametrize(
    "query", ["helene", "HÉLÈNE", "hélène dupre", "Dupré Hélène", "HELENE@EXAMPLE"]
)
def test_the_name_search_ignores_accents_and_case(synced, query):
    helene = synced.register_member("helene@example.org", "Hélène", "Dupré")
    synced.register_member("helena@example.org", "Helena", "Martin")
    sync.run_sync()

    found = lookup.search(query)

    assert helene["id"] in [m.id for m in found]
    assert all("helene" in m.email or m.last_name == "Dupré" for m in found)


def test_a_search_of_the_warm_index_costs_no_call(synced):
    assert lookup.search("zzz-nobody") == []
    assert member_calls(synced) == []


def test_a_pass_at_a_time(synced):
    from django.utils import timezone

    assert sync.claim(timezone.now())
    assert sync.run_sync() is None  # another pass is running


def test_a_pass_whose_process_died_is_taken_over_soon(synced, settings):
    """Outside finding: after `kill -9` of a pass, "Another pass is running" for an hour.
    A running pass beats after every page; one silent longer than a job's takeover delay
    belongs to a dead process and the next pass takes over."""
    from datetime import timedelta

    from django.utils import timezone

    from lives_admin.models import MemberIndexState

    killed_at = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    MemberIndexState.objects.filter(pk=1).update(running_since=killed_at)
    assert sync.run_sync(full=True) == "full"
    assert MemberIndexState.objects.get(pk=1).running_since is None


def test_a_running_pass_beats_after_each_page(synced, sandbox):
    from datetime import timedelta

    from django.utils import timezone

    from lives_admin.models import MemberIndexState

    long_ago = timezone.now() - timedelta(hours=2)
    MemberIndexState.objects.filter(pk=1).update(running_since=long_ago)
    sync.store([], seen_at=long_ago)  # an empty batch is no sign of life
    assert MemberIndexState.objects.get(pk=1).running_since == long_ago
    sync.beat()
    assert MemberIndexState.objects.get(pk=1).running_since > long_ago


def test_many_pages_at_once_queue_a_single_sync(sandbox, settings):
    from django_tasks_db.models import DBTaskResult

    assert queue_sync_if_due()
    assert not queue_sync_if_due()
    assert DBTaskResult.objects.filter(task_path__endswith="sync_member_index").count() == 1
    assert lookup.age().syncing


# -- the pickers and the preview -----------------------------------------------------------
EXTRA = 3000  # past the 1,000 members the API-bound name search reads


@pytest.fixture
def big_synced(sandbox):
    sandbox.add_fake_members(EXTRA)
    sync.run_sync()
    sandbox.clear_requests()
    return sandbox


def test_the_picker_finds_anyone_by_name_from_the_warm_index_without_a_call(
    big_synced, organiser_client
):
    last = f"Extra{EXTRA:07d}"
    response = organiser_client.get("/members/search/", {"q": last.upper()}, **HTMX)

    assert f'value="extra{EXTRA:07d}"' in response.content.decode()
    assert member_calls(big_synced) == []
    said = text(response)
    assert "Members as of 0 minutes ago" in said
    assert "among the first 1,000" not in said


def test_a_cold_index_falls_back_to_the_api_and_queues_a_sync(sandbox, organiser_client):
    from django_tasks_db.models import DBTaskResult

    response = organiser_client.get("/members/search/", {"q": "zz-nobody"}, **HTMX)

    assert "No member matches" in text(response)
    assert member_calls(sandbox)  # the bounded look-up of today
    assert "syncing…" in text(response)
    assert DBTaskResult.objects.filter(task_path__endswith="sync_member_index").count() == 1


def test_a_host_name_is_found_in_the_warm_index(big_synced, organiser_client):
    response = organiser_client.post("/lives/new/", {"title": "Any", "q": f"Extra{EXTRA - 1:07d}"})
    assert f"extra{EXTRA - 1:07d}@big-spot.example" in response.content.decode()
    assert member_calls(big_synced) == []


def test_a_preview_of_1000_pasted_emails_costs_at_most_12_calls(big_synced, organiser_client):
    pasted = [f"extra{n:07d}@big-spot.example" for n in range(1, 2 * EXTRA, 3)][:900]
    pasted += [f"stranger{n}@example.org" for n in range(100)]
    big_synced.add_lives(1, title="Preview of a thousand")
    live = big_synced.get("/v1/lives", **{"title[contains]": "Preview of a"}).json()["items"]
    big_synced.clear_requests()

    started = organiser_client.post(
        f"/lives/{live[0]['id']}/invite/",
        {"role": "participants", "source": "paste", "pasted": "\n".join(pasted)},
    )
    assert started.status_code == 302
    page = organiser_client.get(started["Location"])

    assert page.status_code == 200
    assert len(big_synced.requests()) <= 12, [r["path"] for r in big_synced.requests()]
    assert len(member_calls(big_synced)) == 10


def test_the_worker_runs_the_sync_behind_the_invitation_jobs(sandbox, job_worker):
    import time

    from django_tasks_db.models import DBTaskResult

    assert queue_sync_if_due()
    queued = DBTaskResult.objects.get(task_path__endswith="sync_member_index")
    assert queued.priority < 0  # invitation jobs (priority 0) are taken first
    job_worker().start()

    deadline = time.monotonic() + 60
    while not lookup.age().warm and time.monotonic() < deadline:
        time.sleep(0.2)

    assert lookup.age().warm
    assert IndexedMember.objects.count() == spot_total(sandbox)
    assert not lookup.age().syncing


def test_a_pass_can_be_run_by_hand(sandbox):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("syncmembers", "--full", stdout=out)

    assert "full pass done" in out.getvalue()
    assert IndexedMember.objects.count() == spot_total(sandbox)
