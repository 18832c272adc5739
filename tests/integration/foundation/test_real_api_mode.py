"""With a key and a URL, the dashboard talks to that server exactly as docs/api.md says."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from lives_admin.upstream import reset_client
from tests.payloads import EXAMPLE_LIVE

SECRET = "spot-secret-0123456789"
LIVE = EXAMPLE_LIVE | {
    "id": "live-from-elsewhere",
    "title": "Quarterly community call",
    "startDate": "2026-12-01T17:00:00.000Z",
    "endDate": "2026-12-01T18:00:00Z",
    "metrics": EXAMPLE_LIVE["metrics"] | {"registrant": 1234, "invited": 4321},
    "status": "Planned",
    "computedStatus": "Planned",
}


class RecordingAPI(BaseHTTPRequestHandler):
    """Another server that speaks the API: answers the seed page's example, keeps requests."""

    received: list[dict] = []

    def do_GET(self):
        url = urlsplit(self.path)
        self.received.append(
            {
                "method": "GET",
                "path": url.path,
                "query": parse_qsl(url.query, keep_blank_values=True),
                "authorization": self.headers.get("Authorization"),
            }
        )
        body = json.dumps({"items": [LIVE], "total": 1}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def other_server():
    RecordingAPI.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingAPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", RecordingAPI.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def real_mode(settings, other_server):
    url, received = other_server
    settings.MELTINGSPOT_API_URL = url.rstrip("/")
    settings.MELTINGSPOT_API_KEY = SECRET
    settings.MELTINGSPOT_SANDBOX = False
    reset_client()
    yield received
    reset_client()


@pytest.mark.parametrize(("scheme", "header"), [("raw", SECRET), ("bearer", f"Bearer {SECRET}")])
def test_the_list_shows_that_servers_lives_and_sends_the_documented_request(
    settings, real_mode, viewer_client, scheme, header
):
    settings.MELTINGSPOT_AUTH_SCHEME = scheme
    reset_client()
    response = viewer_client.get("/lives/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quarterly community call" in html
    assert "4,321" in html  # numbers formatted
    assert "Sandbox" not in html
    assert SECRET not in html
    assert len(real_mode) == 1
    request = real_mode[0]
    assert request["path"] == "/v1/lives"
    assert ("page", "1") in request["query"]
    assert dict(request["query"])["limit"].isdigit()
    assert request["authorization"] == header
