"""Issue 18: identical exports in flight share their reads. Three exports of the same
live with the same filters at the same time walk its participant pages once, as the
sandbox's request log shows; each export still gets every row. An export alone, and an
export after the others ended, read afresh."""

import threading

import pytest
from django.test import Client

from lives_admin.team.roles import Role
from tests.integration.lives.helpers import api_requests

pytestmark = pytest.mark.django_db(transaction=True)
LIVE_ID = "live003"
PATH = f"/v1/lives/{LIVE_ID}/participants"


def _rows(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).count(b"\n") - 1  # the header line


def _pages_asked(sandbox) -> list[str]:
    return [
        dict(entry["query"]).get("page", "")
        for entry in api_requests(sandbox, "GET")
        if entry["path"] == PATH
    ]


@pytest.fixture
def big_live(sandbox):
    sandbox.add_fake_participants(LIVE_ID, 1_200)  # 12 to 13 pages of 100
    return sandbox


def test_three_identical_exports_at_once_read_each_page_once(big_live, make_user):
    viewer = make_user(Role.VIEWER)
    clients = []
    for _ in range(3):
        client = Client()
        client.force_login(viewer)
        clients.append(client)
    url = f"/lives/{LIVE_ID}/participants/export.csv"
    alone = _rows(clients[0], url)
    big_live.clear_requests()
    big_live.configure(latency_ms=60)  # slow enough for the three to overlap
    try:
        rows, start = [], threading.Barrier(3)

        def export(client):
            start.wait()
            rows.append(_rows(client, url))

        threads = [threading.Thread(target=export, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        big_live.configure(latency_ms=0)
    pages = _pages_asked(big_live)
    assert rows == [alone] * 3 and alone >= 1_200
    assert sorted(pages, key=int) == [str(n) for n in range(1, len(pages) + 1)]  # each once
    assert len(pages) == -(-alone // 100)

    big_live.clear_requests()  # the walk ended: a new export reads afresh
    assert _rows(clients[0], url) == alone
    assert len(_pages_asked(big_live)) == len(pages)
