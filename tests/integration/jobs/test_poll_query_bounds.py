"""The jobs panel's poll names the jobs the page shows (`?known=1,2&running=2`): whatever
is sent there is bounded and read as job numbers, never a 500 (finding 4 of the outside
attacker: 5,000 digits hit Python's int conversion limit)."""

import pytest

pytestmark = pytest.mark.django_db

ODD = ["9" * 5000, "1," * 3000, "\u00b2", "١٢", "-1", "1e9", " 7 "]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("name", ["known", "running"])
def test_an_odd_poll_query_answers_the_panel(viewer_client, name, value):
    query = {"known": "", name: value}
    response = viewer_client.get("/lives/live001/jobs/", query, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 204)


def test_a_page_that_knows_every_job_gets_nothing_new(viewer_client):
    response = viewer_client.get("/lives/live001/jobs/", {"known": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204  # no job for this live: the page shows them all
