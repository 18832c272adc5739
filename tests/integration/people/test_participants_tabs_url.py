"""The participants' status tabs have addresses of their own (issue 16, item 3).

Each tab is a link with its status in the query (`?status=Accepted`); the tabs with their
counts, loaded just after the rows, come from `/lives/<id>/participants/tabs/`, not from
the panel's URL switched by an `HX-Target` header. That old switch still answers (a page
opened before an upgrade keeps working).
"""

import re

import pytest
from bs4 import BeautifulSoup

from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_panel_loads_its_tabs_from_their_own_url(viewer_client, sandbox):
    html = soup(
        viewer_client.get(
            f"/lives/{LIVE}/participants/?status=Accepted",
            **HTMX,
            HTTP_HX_TARGET="participants-panel",
        )
    )
    nav = html.select_one("nav#participants-tabs")
    assert nav["hx-trigger"] == "load"
    assert nav["hx-get"] == f"/lives/{LIVE}/participants/tabs/?status=Accepted"


def test_the_tabs_url_answers_the_tabs_with_their_counts(viewer_client, sandbox):
    response = viewer_client.get(f"/lives/{LIVE}/participants/tabs/?status=Accepted", **HTMX)
    assert response.status_code == 200
    nav = soup(response).select_one("nav#participants-tabs")
    assert nav is not None and not nav.has_attr("hx-trigger")  # loaded once
    total = get_client().participants.list(LIVE, limit=1).total
    counts = {
        re.sub(r"\d", "", a.get_text()).strip(): a.select_one(".tab-count").get_text()
        for a in nav.select("a")
    }
    assert counts["All"] == str(total)
    # Each tab is an address: the panel, with its status in the query.
    links = {a.get_text(strip=True).rstrip("0123456789"): a["href"] for a in nav.select("a")}
    assert links["Accepted"] == f"/lives/{LIVE}/participants/?status=Accepted"
    assert links["All"] == f"/lives/{LIVE}/participants/"
    selected = nav.select_one('a[aria-current="page"]')
    assert selected["href"].endswith("?status=Accepted")


def test_a_plain_visit_to_the_tabs_url_opens_the_panel_filtered_alike(viewer_client, sandbox):
    response = viewer_client.get(f"/lives/{LIVE}/participants/tabs/?status=Declined")
    assert response.status_code == 302
    assert response["Location"] == f"/lives/{LIVE}/participants/?status=Declined"


def test_the_old_header_switch_still_answers_the_tabs(viewer_client, sandbox):
    response = viewer_client.get(
        f"/lives/{LIVE}/participants/", **HTMX, HTTP_HX_TARGET="participants-tabs"
    )
    assert response.content.decode().lstrip().startswith('<nav id="participants-tabs"')
