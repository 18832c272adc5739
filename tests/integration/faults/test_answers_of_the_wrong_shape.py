"""A well-formed JSON answer that is not the documented shape (an error object with status
200 where a live or a page was expected) is unreadable: the page says so, and the shared
reads never keep it for the team (findings 1 and 2 of the outside attacker)."""

import pytest

from lives_admin.upstream import reset_client

pytestmark = pytest.mark.django_db

# The sandbox's error object, answered with status 200: JSON, and neither a live nor a page.
ERROR_WITH_200 = {"error_rate": 1.0, "error_status": 200, "fault_body": "json"}
HEALTHY = {"error_rate": 0.0, "fault_after": 0, "fault_methods": ""}


@pytest.fixture
def shared_reads(sandbox, settings):
    """Reads shared by the team, as under `make run`; no retry, so a fault is seen once."""
    settings.SHARED_READS = True
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0
    reset_client()
    yield sandbox
    sandbox.configure(**HEALTHY)
    reset_client()


def test_a_live_that_is_an_error_object_is_unreadable_and_not_shared(
    shared_reads, organiser_client, viewer_client
):
    shared_reads.configure(**ERROR_WITH_200)
    response = organiser_client.get("/lives/live020/?refresh=1")
    assert response.status_code == 502
    assert "MeltingSpot&#x27;s answer could not be read" in response.content.decode()

    shared_reads.configure(**HEALTHY)
    # Not stored: the next reader, without Refresh, asks MeltingSpot and gets the live.
    page = viewer_client.get("/lives/live020/")
    assert page.status_code == 200


def test_a_list_without_items_is_unreadable_and_not_shared(shared_reads, organiser_client):
    healthy = organiser_client.get("/lives/").content.decode()
    assert "/lives/live0" in healthy
    shared_reads.configure(**ERROR_WITH_200)
    html = organiser_client.get("/lives/?refresh=1", follow=True).content.decode()
    assert "could not be read" in html
    shared_reads.configure(**HEALTHY)
    after = organiser_client.get("/lives/").content.decode()
    assert "could not be read" not in after
    assert "/lives/live0" in after


def test_an_export_never_passes_an_error_object_for_an_empty_list(shared_reads, organiser_client):
    whole = organiser_client.get("/lives/live034/participants/export.csv")
    rows = b"".join(whole.streaming_content).decode().strip().splitlines()
    assert len(rows) > 1  # live034 has participants
    shared_reads.configure(**ERROR_WITH_200)
    response = organiser_client.get("/lives/live034/participants/export.csv?refresh=1")
    # Never a file of the header alone: the export says it could not start.
    assert response.status_code == 302
    notice = organiser_client.get(response.url).content.decode()
    assert "The export could not start" in notice
    assert "could not be read" in notice
    shared_reads.configure(**HEALTHY)
    again = organiser_client.get("/lives/live034/participants/export.csv")
    assert b"".join(again.streaming_content).decode().strip().splitlines() == rows
