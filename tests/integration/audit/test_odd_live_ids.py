"""A live id in the log's filter, or stored in an entry, that cannot be a live's: the page
says so and links nowhere, never a 500 (finding 3 of the outside attacker)."""

from urllib.parse import quote

import pytest

from lives_admin.models import AuditEntry

pytestmark = pytest.mark.django_db

ODD_IDS = ["..", "a/b", "a b", "\u202eexe.gpj", "", ".hidden"]


@pytest.mark.parametrize("value", [v for v in ODD_IDS if v])
@pytest.mark.parametrize("htmx", [False, True])
def test_the_live_filter_says_a_value_is_not_a_live_id(viewer_client, value, htmx):
    AuditEntry.objects.create(
        actor_label="alice", live_id="live001", operation="lives.update", method="PUT",
        path="/v1/lives/live001", ok=True, status_code=200,
    )  # fmt: skip
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "audit-results"} if htmx else {}
    response = viewer_client.get(f"/audit/?live={quote(value)}", **headers)
    assert response.status_code == 200
    html = response.content.decode()
    # The results say a filter was not understood; the full page says which and why.
    assert "Some filters were not understood" in html
    if not htmx:
        assert "This is not a live id" in html
    assert "History of" not in html  # no link to a live that cannot be one


@pytest.mark.parametrize("stored", ["a b", "..", "\u202eexe"])
def test_an_entry_with_an_odd_live_id_is_listed_without_a_link(admin_user_client, stored):
    AuditEntry.objects.create(
        actor_label="alice", live_id=stored, live_title="Odd", operation="lives.create",
        method="POST", path="/v1/lives", ok=True, status_code=201,
    )  # fmt: skip
    response = admin_user_client.get("/audit/")
    assert response.status_code == 200
    assert "Odd" in response.content.decode()
