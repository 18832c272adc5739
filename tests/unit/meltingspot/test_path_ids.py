"""Whatever string is used as a live, group or member id, the request the client sends
stays inside its path template, or nothing is sent at all.

What is checked is the URL as it leaves httpx (its transport sees it after httpx merged it
with the base URL and resolved dot segments): the same number of segments as the
template, the template's fixed segments unchanged, and each id segment the id itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lives_admin.meltingspot import (
    InvalidIdError,
    LiveUpdate,
    MeltingSpotClient,
    MeltingSpotError,
    RetryPolicy,
    is_id,
    path_id,
)

BASE = "https://openapi.example.test/"
UPDATE = LiveUpdate(
    title="T",
    start_date=datetime(2031, 1, 1, 10, tzinfo=UTC),
    end_date=datetime(2031, 1, 1, 11, tzinfo=UTC),
    solution="NoSolution",
)
# (template, call): every client method that puts an id in a path. {live}, {group} and
# {member} are the id under test; the other ids are ordinary.
CALLS = [
    ("/v1/lives/{live}", lambda c, i: c.lives.retrieve(i)),
    ("/v1/lives/{live}", lambda c, i: c.lives.update(i, UPDATE)),
    ("/v1/lives/{live}", lambda c, i: c.lives.delete(i)),
    ("/v1/lives/{live}/groups", lambda c, i: c.live_groups.list(i)),
    ("/v1/lives/{live}/groups", lambda c, i: list(c.live_groups.iter_all(i))),
    ("/v1/lives/{live}/groups~bulkAdd", lambda c, i: c.live_groups.link(i, "g1")),
    ("/v1/lives/{live}/groups/g1", lambda c, i: c.live_groups.unlink(i, "g1")),
    ("/v1/lives/L1/groups/{group}", lambda c, i: c.live_groups.unlink("L1", i)),
    ("/v1/lives/{live}/groups~bulkAdd", lambda c, i: c.live_groups.bulk_link(i, ["g1"])),
    ("/v1/lives/{live}/groups~bulkRemove", lambda c, i: c.live_groups.bulk_unlink(i, ["g1"])),
    ("/v1/lives/{live}/speakers", lambda c, i: c.speakers.list(i)),
    ("/v1/lives/{live}/speakers", lambda c, i: list(c.speakers.iter_all(i))),
    ("/v1/lives/{live}/speakers", lambda c, i: c.speakers.invite(i, email="a@example.org")),
    ("/v1/lives/{live}/speakers~bulkInvite", lambda c, i: c.speakers.invite_member(i, "m1")),
    ("/v1/lives/{live}/speakers~bulkInvite", lambda c, i: c.speakers.bulk_invite(i, ["m1"])),
    ("/v1/lives/{live}/participants", lambda c, i: c.participants.list(i)),
    ("/v1/lives/{live}/participants", lambda c, i: list(c.participants.iter_all(i))),
    ("/v1/lives/{live}/participants", lambda c, i: c.participants.invite(i, "a@example.org")),
    (
        "/v1/lives/{live}/participants~bulkInvite",
        lambda c, i: c.participants.bulk_invite(i, emails=["a@example.org"]),
    ),
    ("/v1/groups/{group}/spotMembers", lambda c, i: c.groups.members(i)),
    ("/v1/groups/{group}/spotMembers", lambda c, i: list(c.groups.iter_members(i))),
    ("/v1/spotMembers/{member}", lambda c, i: c.spot_members.retrieve(i)),
]
# What broke the paths before (issue 14), and their neighbours.
ATTACKS = [
    "",
    ".",
    "..",
    "...",
    "%2E%2E",
    "%2e%2e",
    ".%2E",
    "%2F",
    "a/../b",
    "../lives",
    "..\\..",
    "\\",
    "a?b",
    "a#b",
    "?",
    "#",
    "x~bulkRemove",
    "a:b",
    " ",
    "a b",
    "a\tb",
    "a\nb",
    "a\x00b",
    "a\x7fb",
    "g1\n",
    "ｘ",  # a fullwidth letter
    "．．",  # fullwidth dots, which some servers fold to ".."
    "x" * 129,
    "live001.",  # a trailing dot, which servers and proxies may drop (outside review)
    ".live001",
    "a.",
]
# Ids as MeltingSpot makes them must still go through.
GOOD = ["live003", "L1", "6650f0c2a4e9b1d2c3e4f5a6", "V1StGXR8_Z5jdHi6B-myT", "a.b", "x" * 128]
ids = st.one_of(
    st.sampled_from(ATTACKS + GOOD),
    st.text(max_size=160),
    st.text(alphabet="./\\%2Ee?#~: \t\n", max_size=12),
    st.from_regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}", fullmatch=True),
)


def answer(request: httpx.Request) -> httpx.Response:
    if request.method == "GET" and not request.url.path.startswith("/v1/spotMembers/"):
        return httpx.Response(200, json={"items": [], "total": 0})
    return httpx.Response(404, json={"message": "not found"})


def sent_paths(value: str, call) -> list[bytes] | None:
    """The raw paths the client sent for `call` with `value`; None when it refused."""
    sent: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    client = MeltingSpotClient(
        base_url=BASE,
        api_key="secret-key-123",
        transport=httpx.MockTransport(transport),
        retry=RetryPolicy(max_attempts=1),
        sleep=lambda _: None,
    )
    try:
        call(client, value)
    except InvalidIdError:
        assert sent == [], "an id was refused after a request went out"
        return None
    except MeltingSpotError:
        pass
    finally:
        client.close()
    return [request.url.raw_path.split(b"?")[0] for request in sent]


def assert_inside(template: str, value: str, raw_path: bytes) -> None:
    expected = template.strip("/").split("/")
    got = raw_path.decode("ascii").strip("/").split("/")
    assert len(got) == len(expected), (template, value, raw_path)
    for want, segment in zip(expected, got, strict=True):
        if want in ("{live}", "{group}", "{member}"):
            assert unquote(segment) == value, (template, value, raw_path)
        else:  # a fixed segment ("groups~bulkAdd"), or an ordinary id ("L1")
            assert segment == want, (template, value, raw_path)


@pytest.mark.parametrize(
    ("template", "call"), CALLS, ids=[f"{t} #{n}" for n, (t, _) in enumerate(CALLS)]
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ids)
@example(value="..")
@example(value="%2E%2E")
@example(value="live003")
def test_the_sent_url_stays_inside_its_template(template, call, value):
    paths = sent_paths(value, call)
    if paths is None:
        assert not is_id(value)
        return
    assert paths, "nothing sent, yet no refusal"
    for raw_path in paths:
        assert_inside(template, value, raw_path)


@pytest.mark.parametrize("value", ATTACKS)
def test_each_known_attack_is_refused(value):
    with pytest.raises(InvalidIdError) as refused:
        path_id(value, "group")
    # A 404 to the views ("no longer exists"), and a message that says what happened.
    assert refused.value.status_code == 404
    assert "not a MeltingSpot group id: nothing was sent" in refused.value.message


@pytest.mark.parametrize("value", GOOD)
def test_ids_as_meltingspot_makes_them_go_through(value):
    assert path_id(value) == value


def test_the_unlink_of_group_dot_dot_sends_nothing():
    """Issue 14: `DELETE /v1/lives/<id>/groups/..` reached MeltingSpot as
    `DELETE /v1/lives/<id>`, an admin-only deletion of the live."""
    assert sent_paths("..", lambda c, i: c.live_groups.unlink("live003", i)) is None
    assert sent_paths("%2E%2E", lambda c, i: c.lives.retrieve(i)) is None
    assert sent_paths("..", lambda c, i: list(c.groups.iter_members(i))) is None
