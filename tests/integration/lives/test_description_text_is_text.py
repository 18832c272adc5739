"""Plain text in a MeltingSpot description that looks like HTML is shown as text, and a
link MeltingSpot holds with an address the page will not link keeps all its text
(finding 7 of the outside attacker: the text vanished, the link's text was cut)."""

import pytest

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db


def test_a_text_node_that_looks_like_html_is_shown_as_text(sandbox, viewer_client):
    sandbox.store_description_nodes(
        "live003",
        [{"type": "p", "children": [{"text": '<script>alert("node")</script> and <b>bold?</b>'}]}],
    )
    response = viewer_client.get("/lives/live003/")
    assert '<script>alert("node")</script> and <b>bold?</b>' in text(response)
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>bold?" not in html


@pytest.mark.parametrize(
    "url",
    [
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "javascript:alert(1)",
        "https://example.org/a (b) c",
    ],
)
def test_a_link_keeps_its_whole_text(sandbox, viewer_client, url):
    sandbox.store_description_nodes(
        "live003",
        [
            {
                "type": "p",
                "children": [
                    {"text": "Before "},
                    {"type": "a", "url": url, "children": [{"text": "the whole link text"}]},
                    {"text": " after."},
                ],
            }
        ],
    )
    response = viewer_client.get("/lives/live003/")
    assert "Before the whole link text after." in text(response)
    html = response.content.decode()
    assert 'href="data:' not in html and 'href="javascript:' not in html
