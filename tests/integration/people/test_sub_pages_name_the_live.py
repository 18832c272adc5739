"""Without JavaScript a live's panels are pages of their own: their breadcrumb names the
live, as its page does, while the panels' fragments (the live's page loads them) cost no
extra call."""

import html as html_lib
import re

import pytest

from lives_admin.upstream import get_client
from tests.integration.lives.helpers import api_requests

pytestmark = pytest.mark.django_db
LIVE_ID = "live003"
PANELS = ("participants", "groups", "speakers")


def _paths(sandbox) -> list[str]:
    requests = api_requests(sandbox, "GET")
    return [entry["path"] if isinstance(entry, dict) else entry.path for entry in requests]


def _breadcrumb(html: str) -> str:
    nav = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", nav))


@pytest.mark.parametrize("panel", PANELS)
def test_the_full_page_of_a_panel_names_the_live(sandbox, viewer_client, panel):
    title = get_client().lives.retrieve(LIVE_ID).title
    sandbox.clear_requests()
    html = viewer_client.get(f"/lives/{LIVE_ID}/{panel}/").content.decode()
    # The page reads the live (the request the fragment test below looks for).
    assert f"/v1/lives/{LIVE_ID}" in _paths(sandbox)
    crumb = _breadcrumb(html)
    assert title in crumb
    assert "The live" not in crumb
    assert f'href="/lives/{LIVE_ID}/"' in html


@pytest.mark.parametrize("panel", PANELS)
def test_the_panel_fragment_does_not_read_the_live(sandbox, viewer_client, panel):
    sandbox.clear_requests()
    response = viewer_client.get(
        f"/lives/{LIVE_ID}/{panel}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"{panel}-panel"
    )
    assert response.status_code == 200
    assert "Breadcrumb" not in response.content.decode()
    assert f"/v1/lives/{LIVE_ID}" not in _paths(sandbox)
