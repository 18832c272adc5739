"""docs/api.md, D10: a 413 splits the batch in halves; an item still refused is reported."""

import httpx
import pytest

from lives_admin.meltingspot import MeltingSpotClient, ServerError


def members_in(body):
    members = body.get("members", {})
    return members.get("spotMemberIds", []) + members.get("emails", [])


def test_413_halves_until_batches_fit(make_client, api):
    def respond(request, body):
        people = members_in(body)
        if len(people) > 30:
            return httpx.Response(413, json={"message": "Payload is too large"})
        return httpx.Response(200, json=[{"id": p, "spotMemberEmail": p} for p in people])

    api.respond = respond
    client: MeltingSpotClient = make_client(bulk_batch_size=100)
    emails = [f"p{i}@x.co" for i in range(250)]
    outcome = client.participants.bulk_invite("L1", emails=emails)
    assert sorted(p.email for p in outcome.participants) == sorted(emails)
    assert outcome.rejected == ()
    sizes = [len(members_in(s.body)) for s in api.sent]
    assert sizes[:3] == [100, 50, 25]
    assert sum(size for size in sizes if size <= 30) == 250
    assert outcome.calls == len(api.sent)


def test_a_single_poisoned_item_is_rejected_and_the_rest_goes_through(make_client, api):
    def respond(request, body):
        people = members_in(body)
        if "poison@x.co" in people:
            return httpx.Response(413, json={"message": "Payload is too large"})
        return httpx.Response(200, json=[{"spotMemberEmail": p} for p in people])

    api.respond = respond
    emails = [f"p{i}@x.co" for i in range(9)] + ["poison@x.co"]
    outcome = make_client(bulk_batch_size=10).participants.bulk_invite(
        "L1", spot_member_ids=["M1"], emails=emails
    )
    assert outcome.rejected == ("poison@x.co",)
    assert outcome.errors == {"poison@x.co": "Payload is too large"}
    assert len(outcome.participants) == 10


def test_long_inputs_are_chunked_at_the_batch_size(make_client, api):
    api.respond = lambda request, body: httpx.Response(200, json=[])
    make_client(bulk_batch_size=40).speakers.bulk_invite("L1", [f"M{i}" for i in range(100)])
    assert [len(s.body["spotMemberIds"]) for s in api.sent] == [40, 40, 20]


def test_group_links_split_too(make_client, api):
    api.respond = lambda request, body: (
        httpx.Response(413) if len(body["groupIds"]) > 1 else httpx.Response(204)
    )
    outcome = make_client().live_groups.bulk_link("L1", ["G1", "G2", "G3"])
    assert outcome.rejected == ()
    assert sorted(s.body["groupIds"][0] for s in api.sent if len(s.body["groupIds"]) == 1) == [
        "G1",
        "G2",
        "G3",
    ]


def test_an_error_part_way_carries_what_was_done_before_it(make_client, api, writes):
    """The second batch fails (a 500 is not retried): the first stays done, the rest is
    reported not done, nothing after the failure is sent, and each batch is audited."""
    api.answers = [httpx.Response(204), httpx.Response(500, json={"message": "Down"})]
    with pytest.raises(ServerError) as raised:
        make_client(bulk_batch_size=2).live_groups.bulk_link("L1", ["G1", "G2", "G3", "G4", "G5"])
    progress = raised.value.bulk_progress
    assert (progress.done, progress.not_done, progress.total) == (
        ("G1", "G2"),
        ("G3", "G4", "G5"),
        5,
    )
    assert [s.body["groupIds"] for s in api.sent] == [["G1", "G2"], ["G3", "G4"]]
    assert [(w.ok, w.status_code, w.error_message) for w in writes] == [
        (True, 204, None),
        (False, 500, "Down"),
    ]


def test_a_participants_bulk_error_reports_people_without_tags(make_client, api):
    api.answers = [httpx.Response(200, json=[]), httpx.Response(500)]
    with pytest.raises(ServerError) as raised:
        make_client(bulk_batch_size=1).participants.bulk_invite(
            "L1", spot_member_ids=["M1"], emails=["a@x.co"]
        )
    assert raised.value.bulk_progress.done == ("M1",)
    assert raised.value.bulk_progress.not_done == ("a@x.co",)
