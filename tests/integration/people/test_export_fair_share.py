"""Issue 18, fair between people: a loop of exports spends only its person's share of the
day, is told so clearly, and the rest of the team goes on; the export's reads reach
MeltingSpot marked as background work (`X-Request-Class: export`)."""

import pytest
from django.contrib.messages import get_messages

from lives_admin.upstream import get_client, reset_client

pytestmark = pytest.mark.django_db
LIVE_ID = "live003"


@pytest.fixture
def small_share(settings):
    settings.MELTINGSPOT_DAILY_PER_PERSON = 6
    reset_client()
    yield
    reset_client()


def test_a_loop_of_exports_stops_at_its_persons_share_with_a_clear_message(
    viewer_client, organiser_client, sandbox, small_share
):
    sandbox.clear_requests()
    messages = []
    for _ in range(10):
        response = viewer_client.get(f"/lives/{LIVE_ID}/participants/export.csv")
        if response.status_code == 302:
            messages = [str(m) for m in get_messages(response.wsgi_request)]
            break
        b"".join(response.streaming_content)
    assert any("your share of today's MeltingSpot requests" in m for m in messages), messages
    sent = [e for e in sandbox.requests() if e["path"].startswith("/v1/")]
    assert len(sent) <= 6  # no more than the share went out
    assert {e["request_class"] for e in sent} >= {"export"}
    # Another organiser is not held back by the viewer's loop.
    assert organiser_client.get(f"/lives/{LIVE_ID}/").status_code == 200
    assert get_client().rate_limiter.remaining_today() > 0
