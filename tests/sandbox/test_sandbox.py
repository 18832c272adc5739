"""The sandbox over real HTTP: shapes, validation, limits, faults, persistence, demo data."""

import time

import httpx
import pytest

from tests.sandbox_server import SandboxServer


@pytest.fixture
def sb(sandbox_server):
    sandbox_server.reset()
    return sandbox_server


def api(sb, method, path, **kwargs):
    return sb.http.request(method, path, **kwargs)


def a_live(sb, **params):
    return api(sb, "GET", "/v1/lives", params={"limit": 1, **params}).json()["items"][0]


def test_demo_data_covers_what_the_dashboard_shows(sb):
    lives = api(sb, "GET", "/v1/lives", params={"limit": 100}).json()
    assert lives["total"] == 60
    items = lives["items"]
    assert {live["solution"] for live in items} == {"Youtube", "Vimeo", "BuiltIn", "NoSolution"}
    assert {live["builtInType"] for live in items} >= {"Workshop", "Conference"}
    assert {live["computedStatus"] for live in items} == {"Ended", "Live", "Planned"}
    for live in items:
        m = live["metrics"]
        assert m["attendee"] <= m["registrant"] <= m["invited"]
        assert m["noShow"] == m["registrant"] - m["attendee"]
        expected_rate = round(100 * m["attendee"] / m["registrant"]) if m["registrant"] else 0
        assert m["attendanceRate"] == expected_rate
    assert max(live["metrics"]["invited"] for live in items) > 1000
    members = api(sb, "GET", "/v1/spotMembers", params={"limit": 1}).json()["total"]
    groups = api(sb, "GET", "/v1/groups", params={"limit": 100}).json()
    assert members >= 300 and groups["total"] == 12
    assert all(g["emoji"] and g["description"] for g in groups["items"])


def test_participants_of_every_status_and_type(sb):
    live = a_live(sb, **{"invited[gt]": "1000"})
    statuses, types = set(), set()
    for status in ("Invited", "Accepted", "Declined"):
        page = api(sb, "GET", f"/v1/lives/{live['id']}/participants", params={"status[eq]": status})
        statuses |= {p["status"] for p in page.json()["items"]}
    for kind in ("Participant", "Speaker", "Host"):
        page = api(sb, "GET", f"/v1/lives/{live['id']}/participants", params={"type[eq]": kind})
        types |= {p["type"] for p in page.json()["items"]}
    assert statuses == {"Invited", "Accepted", "Declined"}
    assert types == {"Participant", "Speaker", "Host"}


def test_a_missing_or_wrong_key_is_401_and_bearer_is_accepted(sb):
    assert httpx.get(f"{sb.url}/v1/lives").status_code == 401
    assert httpx.get(f"{sb.url}/v1/lives", headers={"Authorization": "wrong"}).status_code == 401
    bearer = {"Authorization": f"Bearer {sb.api_key}"}
    assert httpx.get(f"{sb.url}/v1/lives", headers=bearer).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "0"}, "page must be at least 1"),
        ({"limit": "101"}, "limit must be between 1 and 100"),
        ({"colour[eq]": "red"}, "property colour[eq] should not exist"),
        ({"solution[in]": "Youtube,Zoom"}, "must be one of"),
        ({"startDate[gt]": "1768471200000"}, "seconds"),
        ({"replay[eq]": "maybe"}, "true or false"),
    ],
)
def test_bad_queries_are_400_with_a_message(sb, params, message):
    response = api(sb, "GET", "/v1/lives", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["statusCode"] == 400 and body["error"] == "Bad Request"
    assert message in str(body["message"])


def _create_body(sb, **overrides):
    host = api(sb, "GET", "/v1/spotMembers", params={"limit": 1}).json()["items"][0]
    body = {
        "title": "New",
        "spotMemberHostId": host["id"],
        "startDate": 1893456000,
        "endDate": 1893459600,
        "solution": "Vimeo",
        "videoUrl": "https://vimeo.com/1",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"colour": "red"}, "property colour should not exist"),
        ({"title": None}, "title should not be empty"),
        ({"startDate": "tomorrow"}, "integer"),
        ({"startDate": 1893456000000}, "seconds"),
        ({"endDate": 1893456000}, "endDate must be after startDate"),
        ({"solution": "Zoom"}, "solution must be one of"),
        ({"videoUrl": None}, "videoUrl is required"),
        ({"solution": "BuiltIn", "videoUrl": None}, "builtInType is required"),
        ({"builtInType": "Workshop"}, "builtInType is only allowed"),
        (
            {"record": "yes", "solution": "BuiltIn", "builtInType": "Workshop", "videoUrl": None},
            "boolean",
        ),
    ],
)
def test_create_validation(sb, overrides, message):
    response = api(sb, "POST", "/v1/lives", json=_create_body(sb, **overrides))
    assert response.status_code == 400
    assert message in str(response.json()["message"])


def test_create_returns_201_and_makes_the_host_a_participant(sb):
    response = api(sb, "POST", "/v1/lives", json=_create_body(sb, description="One\n\nTwo"))
    assert response.status_code == 201
    live = response.json()
    assert live["description"] == [
        {"type": "p", "children": [{"text": "One"}]},
        {"type": "p", "children": [{"text": "Two"}]},
    ]
    assert live["builtInConfig"] is None and live["computedStatus"] == "Planned"
    hosts = api(sb, "GET", f"/v1/lives/{live['id']}/participants", params={"type[eq]": "Host"})
    assert hosts.json()["total"] == 1


def test_put_resets_omitted_optional_fields(sb):
    live = api(
        sb, "POST", "/v1/lives", json=_create_body(sb, participantsVisibility="Hidden")
    ).json()
    body = {"title": "T", "startDate": 1893456000, "endDate": 1893459600, "solution": "NoSolution"}
    updated = api(sb, "PUT", f"/v1/lives/{live['id']}", json=body).json()
    assert updated["config"]["participantsVisibility"] == "Display"
    assert updated["videoUrl"] is None


def test_stored_description_nodes_are_returned_as_is_until_an_edit(sb):
    live = api(sb, "POST", "/v1/lives", json=_create_body(sb)).json()
    nodes = [
        {"type": "blockquote", "children": [{"type": "blockquote", "children": [{"text": "x"}]}]}
    ]
    sb.store_description_nodes(live["id"], nodes)
    assert api(sb, "GET", f"/v1/lives/{live['id']}").json()["description"] == nodes
    listed = api(sb, "GET", "/v1/lives", params={"limit": 100}).json()["items"]
    assert next(each for each in listed if each["id"] == live["id"])["description"] == nodes
    body = {"title": "T", "startDate": 1893456000, "endDate": 1893459600, "solution": "NoSolution"}
    body["description"] = "Plain"
    edited = api(sb, "PUT", f"/v1/lives/{live['id']}", json=body).json()
    assert edited["description"] == [{"type": "p", "children": [{"text": "Plain"}]}]
    sb.reset()
    unknown = sb.http.post("/__sandbox__/lives/nope/description-nodes", json=nodes)
    assert unknown.status_code == 404


def test_unknown_ids_are_404_with_the_documented_messages(sb):
    live_id = a_live(sb)["id"]
    assert api(sb, "GET", "/v1/lives/nope").json()["message"] == "Live not found"
    assert (
        api(sb, "DELETE", f"/v1/lives/{live_id}/groups/nope").json()["message"] == "Group not found"
    )
    assert api(sb, "GET", "/v1/spotMembers/nope").json()["message"] == "Spot member not found"
    missing = api(sb, "POST", f"/v1/lives/{live_id}/participants", json={"member": "nope"})
    assert missing.status_code == 404


def test_single_invites_are_201_then_200_and_emails_are_counted(sb):
    live_id = a_live(sb, **{"status[eq]": "Planned"})["id"]
    body = {"member": "Someone.New@Example.org", "withEmailNotification": True}
    first = api(sb, "POST", f"/v1/lives/{live_id}/participants", json=body)
    again = api(sb, "POST", f"/v1/lives/{live_id}/participants", json=body)
    assert first.status_code == 201 and first.json()["spotMemberFirstname"] is None
    assert again.status_code == 200 and again.content == b""
    assert sb.emails(live_id) == {"someone.new@example.org": 1}


def test_bulk_invites_answer_everyone_requested_and_413_over_the_limit(sb):
    live_id = a_live(sb)["id"]
    members = api(sb, "GET", "/v1/spotMembers", params={"limit": 3}).json()["items"]
    body = {
        "members": {"spotMemberIds": [m["id"] for m in members] + ["unknown"], "emails": ["x@y.co"]}
    }
    response = api(sb, "POST", f"/v1/lives/{live_id}/participants~bulkInvite", json=body)
    assert response.status_code == 200
    assert {p["spotMemberEmail"] for p in response.json()} == {m["email"] for m in members} | {
        "x@y.co"
    }
    sb.configure(max_bulk_items=2)
    too_big = api(sb, "POST", f"/v1/lives/{live_id}/participants~bulkInvite", json=body)
    assert too_big.status_code == 413 and too_big.json()["message"] == "Payload is too large"
    empty = api(sb, "POST", f"/v1/lives/{live_id}/participants~bulkInvite", json={"members": {}})
    assert empty.status_code == 400


def test_linking_a_group_invites_its_members(sb):
    live_id = api(sb, "POST", "/v1/lives", json=_create_body(sb)).json()["id"]
    group = api(sb, "GET", "/v1/groups", params={"limit": 1}).json()["items"][0]
    size = api(sb, "GET", f"/v1/groups/{group['id']}/spotMembers").json()["total"]
    link = {"groupIds": [group["id"]], "withEmailNotification": True}
    assert api(sb, "POST", f"/v1/lives/{live_id}/groups~bulkAdd", json=link).status_code == 204
    participants = api(sb, "GET", f"/v1/lives/{live_id}/participants").json()["total"]
    assert participants >= size
    assert sum(sb.emails(live_id).values()) >= size - 1  # the host may be in the group
    unlink = api(
        sb, "POST", f"/v1/lives/{live_id}/groups~bulkRemove", json={"groupIds": [group["id"]]}
    )
    assert unlink.status_code == 204
    assert api(sb, "GET", f"/v1/lives/{live_id}/groups").json()["total"] == 0


def test_rate_limit_answers_429_with_retry_after(sb):
    sb.configure(rate_limit=True, rate_limit_requests=3, rate_limit_window=30)
    statuses = [api(sb, "GET", "/v1/groups").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api(sb, "GET", "/v1/groups")
    assert 1 <= int(limited.headers["Retry-After"]) <= 30


def test_fault_header_and_injected_errors(sb):
    forced = api(sb, "GET", "/v1/groups", headers={"X-Sandbox-Fault": "error=502"})
    assert forced.status_code == 502
    started = time.monotonic()
    api(sb, "GET", "/v1/groups", headers={"X-Sandbox-Fault": "latency=200"})
    assert time.monotonic() - started >= 0.2
    sb.configure(error_rate=1.0)
    assert api(sb, "GET", "/v1/groups").status_code == 503


def test_the_request_log_keeps_what_clients_sent(sb):
    sb.clear_requests()
    before = time.time()
    api(sb, "GET", "/v1/lives", params={"title[contains]": "demo", "limit": 5})
    (entry,) = sb.requests()
    assert entry["path"] == "/v1/lives"
    assert before <= entry["at"] <= time.time()
    assert ["title[contains]", "demo"] in entry["query"]


def test_reset_is_fast_and_state_survives_a_restart():
    with SandboxServer() as server:
        created = server.http.post("/v1/lives", json=_create_body(server)).json()
        server.restart()
        assert server.http.get(f"/v1/lives/{created['id']}").status_code == 200
        started = time.monotonic()
        server.reset()
        assert time.monotonic() - started < 1
        assert server.http.get(f"/v1/lives/{created['id']}").status_code == 404


def test_injected_faults_can_spare_reads_and_a_429_says_when_to_retry(sb):
    sb.configure(error_rate=1.0, error_status=429, fault_methods="POST,PUT", rate_limit_window=7)
    assert api(sb, "GET", "/v1/groups").status_code == 200
    refused = api(sb, "POST", "/v1/lives", json={})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "7"
    # Writes 60 s slow: a read that met the fault could not answer within the 5 s allowed.
    sb.configure(error_rate=0.0, slow_ms=60_000, slow_rate=1.0, fault_methods="PUT")
    assert api(sb, "GET", "/v1/groups", timeout=5).status_code == 200


def test_injected_faults_can_target_the_nth_matching_request(sb):
    """after=1, count=1: the second write fails, the first and third go through; reads are
    not counted, and a new config starts the count again."""
    sb.configure(
        error_rate=1.0, error_status=502, fault_methods="POST", fault_after=1, fault_count=1
    )
    live = a_live(sb)["id"]
    groups = [g["id"] for g in api(sb, "GET", "/v1/groups", params={"limit": 3}).json()["items"]]
    statuses = [
        api(sb, "POST", f"/v1/lives/{live}/groups~bulkAdd", json={"groupIds": [group]}).status_code
        for group in groups
    ]
    assert statuses == [204, 502, 204]
    sb.configure(fault_after=0, fault_count=2)
    body = {"groupIds": groups[:1]}
    statuses = [
        api(sb, "POST", f"/v1/lives/{live}/groups~bulkAdd", json=body).status_code for _ in range(3)
    ]
    assert statuses[:2] == [502, 502] and statuses[2] < 300
