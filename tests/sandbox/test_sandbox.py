"""The sandbox over real HTTP: shapes, validation, limits, faults, persistence, demo data."""

import socket
import threading
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


# -- item 22: DNS rebinding and absurd page numbers ----------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST.", "localhost"])
def test_loopback_names_are_answered_with_any_port(sb, host):
    for authority in (host, f"{host}:{sb.port}", f"{host}:80"):
        response = api(sb, "GET", "/__sandbox__/requests", headers={"Host": authority})
        assert response.status_code == 200, authority


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",
        "attacker.example:8001",
        "127.0.0.1.attacker.example",
        "localhost.attacker.example",
        "[::1].attacker.example",
        "localhost:abc",
        "",
    ],
)
def test_another_host_is_refused_before_the_key_is_even_read(sb, host):
    """A page elsewhere that rebinds its name to 127.0.0.1 sends its own name as Host: it
    must reach neither the control API nor the API, even with the demo key."""
    sb.configure(error_rate=0.0)
    for method, path in (
        ("POST", "/__sandbox__/reset"),
        ("POST", "/__sandbox__/config"),
        ("GET", "/v1/lives"),
    ):
        response = api(sb, method, path, headers={"Host": host}, json={"error_rate": 1.0})
        assert response.status_code == 400, (host, path)
        assert "Host" in response.json()["message"]
    assert sb.configure()["error_rate"] == 0.0  # the forged config change did nothing
    assert sb.requests() == [] or all(r["path"] != "/v1/lives" for r in sb.requests())


def test_a_configured_host_is_answered():
    with SandboxServer() as server:
        server._env["SANDBOX_ALLOWED_HOSTS"] = "sandbox.internal, other.internal"
        server.restart()
        ok = server.http.get("/v1/groups", headers={"Host": "sandbox.internal:8001"})
        refused = server.http.get("/v1/groups", headers={"Host": "evil.internal"})
    assert ok.status_code == 200 and refused.status_code == 400


@pytest.mark.parametrize(
    "page", [str(10**30), str(2**63), str(10**9 + 1), "9" * 5000, "1e30", "-1"]
)
@pytest.mark.parametrize(
    "path", ["/v1/lives", "/v1/spotMembers", "/v1/groups", "/v1/lives/{live}/participants"]
)
def test_a_huge_page_number_is_a_400_and_the_connection_lives_on(sb, path, page):
    live = a_live(sb)["id"]
    response = api(sb, "GET", path.format(live=live), params={"page": page})
    assert response.status_code == 400
    assert response.json()["statusCode"] == 400 and "page" in str(response.json()["message"])
    # The same kept-alive connection still answers.
    assert api(sb, "GET", "/v1/groups").status_code == 200


def test_the_largest_page_number_answers_an_empty_page(sb):
    live = a_live(sb)["id"]
    response = api(sb, "GET", f"/v1/lives/{live}/participants", params={"page": 10**9})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("bound", ["1e999", "nan", "-inf"])
def test_a_number_filter_that_is_not_finite_is_a_400(sb, bound):
    response = api(sb, "GET", "/v1/lives", params={"startDate[gt]": bound})
    assert response.status_code == 400


@pytest.mark.parametrize("length", ["-5", "lots"])
def test_a_bad_content_length_is_a_400(sb, length):
    request = (
        f"POST /v1/lives HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {sb.api_key}\r\n"
        f"Content-Length: {length}\r\n\r\n{{}}"
    )
    with socket.create_connection(("127.0.0.1", sb.port), timeout=10) as connection:
        connection.sendall(request.encode())
        answer = connection.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 400")


# -- injected faults shaped as a careless upstream answers --------------------------------
@pytest.mark.parametrize(
    ("shape", "content_type"),
    [("json", "application/json"), ("html", "text/html"), ("text", "text/plain")],
)
def test_an_injected_fault_can_echo_the_authorization_header(sb, shape, content_type):
    sb.configure(error_rate=1.0, error_status=500, fault_body=shape, fault_echo_authorization=True)
    response = api(sb, "GET", "/v1/groups", headers={"Authorization": f"Bearer {sb.api_key}"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith(content_type)
    assert f"Bearer {sb.api_key}" in response.text
    assert response.headers["X-Echo-Authorization"] == f"Bearer {sb.api_key}"


def test_an_injected_answer_can_be_a_login_page_or_cut_json_with_status_200(sb):
    sb.configure(error_rate=1.0, error_status=200, fault_body="html")
    page = api(sb, "GET", "/v1/lives")
    assert page.status_code == 200 and page.text.startswith("<!DOCTYPE html>")
    sb.configure(fault_body="truncated")
    cut = api(sb, "GET", "/v1/lives")
    assert cut.status_code == 200 and cut.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        cut.json()


def test_fake_members_make_a_big_directory(sb):
    before = api(sb, "GET", "/v1/spotMembers", params={"limit": 1}).json()["total"]
    sb.add_fake_members(2500)
    after = api(sb, "GET", "/v1/spotMembers", params={"limit": 1}).json()["total"]
    assert after == before + 2500
    found = api(sb, "GET", "/v1/spotMembers", params={"email[in]": "extra0002500@big-spot.example"})
    assert found.json()["items"][0]["id"] == "extra0002500"


def test_a_held_request_is_listed_from_its_arrival_until_its_answer(sb):
    """The request log has a request once it is answered; `held_requests()` has it from
    the moment it arrived: a test can kill its sender knowing it was taken in."""
    sb.configure(slow_ms=1500, slow_rate=1.0, fault_methods="POST")
    live = a_live(sb)["id"]
    sending = threading.Thread(
        target=api,
        args=(sb, "POST", f"/v1/lives/{live}/participants"),
        kwargs={"json": {"member": "held@example.org"}},
    )
    sending.start()
    deadline = time.monotonic() + 5
    while not sb.held_requests() and time.monotonic() < deadline:
        time.sleep(0.02)
    (held,) = sb.held_requests()
    assert (held["method"], held["path"]) == ("POST", f"/v1/lives/{live}/participants")
    assert sb.requests()[-1]["method"] == "GET"  # not answered yet: not in the log
    sending.join()
    assert sb.held_requests() == []
    assert sb.requests()[-1]["path"] == f"/v1/lives/{live}/participants"
