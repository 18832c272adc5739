"""The local member index (issue 18, Big Spots): synced from the sandbox over real HTTP,
searched without a call, accents and case aside; the pickers use it when it is warm."""

import pytest

from lives_admin.member_index import lookup, sync
from lives_admin.member_index.tasks import queue_sync_if_due
from lives_admin.models import IndexedMember

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


def test_many_pages_at_once_queue_a_single_sync(sandbox, settings):
    from django_tasks_db.models import DBTaskResult

    assert queue_sync_if_due()
    assert not queue_sync_if_due()
    assert DBTaskResult.objects.filter(task_path__endswith="sync_member_index").count() == 1
    assert lookup.age().syncing
