"""One route table answers every request: dispatch, 404 versus 405, control endpoints."""

from __future__ import annotations

from pathlib import Path

import pytest

from meltingspot_sandbox.routes import ROUTES, resolve

README = Path(__file__).resolve().parents[2] / "sandbox" / "README.md"


def test_each_method_and_pattern_appears_once():
    keys = [(route.method, route.pattern) for route in ROUTES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("method", "path", "status", "params"),
    [
        ("GET", "/v1/lives/live001", 200, {"live": "live001"}),
        ("POST", "/v1/lives/live001/groups~bulkAdd", 200, {"live": "live001"}),
        ("DELETE", "/v1/lives/l1/groups/g2", 200, {"live": "l1", "group": "g2"}),
        ("PATCH", "/v1/lives/live001", 405, {}),
        ("GET", "/v1/lives/live001/groups~bulkAdd", 405, {}),
        ("GET", "/v1/nothing", 404, {}),
        ("POST", "/__sandbox__/fake-lives", 200, {}),
        ("GET", "/__sandbox__/reset", 405, {}),
        ("POST", "/__sandbox__/nothing", 404, {}),
    ],
)
def test_resolve_finds_the_route_or_says_404_or_405(method, path, status, params):
    route, found, code = resolve(method, path)
    assert code == status
    assert found == params
    assert (route is not None) == (status == 200)


def test_the_readme_documents_every_control_endpoint():
    text = README.read_text()
    for route in ROUTES:
        if route.is_control:
            assert f"`{route.method} {route.pattern}" in text or (
                f"{route.method} {route.pattern}" in text
            ), f"{route.method} {route.pattern} is missing from sandbox/README.md"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PATCH", "/v1/lives", 405),
        ("GET", "/v1/unknown", 404),
        ("GET", "/__sandbox__/config", 405),
        ("GET", "/__sandbox__/unknown", 404),
    ],
)
def test_over_http_a_known_path_with_another_method_is_405_and_an_unknown_path_404(
    sandbox_server, method, path, status
):
    response = sandbox_server.http.request(method, path)
    assert response.status_code == status
    assert response.json()["statusCode"] == status


def test_control_calls_are_not_logged_and_meet_no_injected_fault(sandbox_server):
    sandbox_server.reset()
    sandbox_server.configure(error_rate=1.0)
    try:
        assert sandbox_server.get("/v1/lives").status_code == 503
        assert sandbox_server.http.get("/__sandbox__/emails", params={"liveId": "x"}).is_success
        assert [r["path"] for r in sandbox_server.requests()] == ["/v1/lives"]
    finally:
        sandbox_server.reset()
