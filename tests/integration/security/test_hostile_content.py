"""Texts from MeltingSpot and from users are shown as text on every page, never run.

The hostile world (conftest) puts markup and javascript: links in a live's title and
description, a speaker's names and title, a teammate's name, a job and the audit log.
Each page and fragment that shows them is read as an organiser's browser would: the
texts are there, readable, and nothing in the HTML runs script or needs an inline
style or eval (what the strict CSP would refuse).
"""

import re
from html import unescape

import pytest

from lives_admin.lives.markdown_preview import markdown_to_safe_html
from lives_admin.meltingspot import rich_text_to_html
from tests.integration.lives.helpers import text
from tests.integration.security.conftest import (
    HOSTILE_FIRST,
    HOSTILE_LAST,
    HOSTILE_TEAMMATE_FIRST,
    HOSTILE_TITLE,
    unsafe_markup,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def panel(name: str) -> dict:
    return {**HTMX, "HTTP_HX_TARGET": f"{name}-panel"}


def safe_page(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert unsafe_markup(html) == [], response.request["PATH_INFO"]
    return text(response)


def test_every_page_showing_the_hostile_texts_shows_them_as_text(hostile):
    client, live = hostile.client, hostile.live_id
    seen = {
        "list": safe_page(client.get("/lives/", {"q": "HYPERLINK"})),
        "list fragment": safe_page(
            client.get("/lives/", {"q": "HYPERLINK"}, HTTP_HX_TARGET="lives-results", **HTMX)
        ),
        "detail": safe_page(client.get(f"/lives/{live}/")),
        "edit form": safe_page(client.get(f"/lives/{live}/edit/")),
        "speakers panel": safe_page(client.get(f"/lives/{live}/speakers/", **panel("speakers"))),
        "participants panel": safe_page(
            client.get(
                "/lives/live003/participants/", {"email": "hostile"}, **panel("participants")
            )
        ),
        "history panel": safe_page(client.get(f"/lives/{live}/history/", **panel("history"))),
        "jobs panel": safe_page(client.get(f"/lives/{live}/jobs/", **panel("jobs"))),
        "insights panel": safe_page(client.get(f"/lives/{live}/insights/", **panel("insights"))),
        "insights": safe_page(client.get(f"/insights/{hostile.snapshot_id}/")),
        "insights list": safe_page(client.get("/insights/")),
        "audit": safe_page(client.get("/audit/")),
        "job": safe_page(client.get(f"/jobs/{hostile.job_id}/")),
        "jobs": safe_page(client.get("/jobs/")),
        "member search": safe_page(client.get("/members/search/", {"q": "hostile"}, **HTMX)),
        "team": safe_page(client.get("/team/")),
    }
    shows_title = ("list", "list fragment", "detail", "insights", "job", "jobs")
    for name in shows_title:
        assert HOSTILE_TITLE in seen[name], name
    for name in ("history panel", "audit"):
        assert HOSTILE_TITLE[:40] in seen[name], name  # shortened there
    # The edit form holds the title as the input's value (an attribute, escaped).
    edit_html = client.get(f"/lives/{live}/edit/").content.decode()
    assert f'value="{HOSTILE_TITLE}"' in unescape(edit_html)
    assert "&lt;script&gt;" in edit_html
    assert "<script>alert" in seen["edit form"]  # the description, in its textarea, as text
    for name in ("speakers panel", "participants panel", "member search"):
        assert HOSTILE_FIRST in seen[name] and HOSTILE_LAST in seen[name], name
    assert HOSTILE_TEAMMATE_FIRST in seen["team"]
    assert HOSTILE_TEAMMATE_FIRST in seen["audit"]  # the person filter names them


def test_the_description_is_rendered_safely_and_its_javascript_links_are_inert(hostile):
    response = hostile.client.get(f"/lives/{hostile.live_id}/")
    html = response.content.decode()
    assert unsafe_markup(html) == []
    assert "javascript" not in "".join(html.split("href=")[1:]).split(">")[0]
    # The Markdown is rendered as the form's preview renders it: the script is text,
    # shown as written (never markup), the javascript: link is its text only.
    assert 'alert("description")' in text(response)
    assert '<script>alert("description")' not in html
    assert "click me" in text(response) and not re.search(r"<a[^>]*>click me", html)
    assert "[click me]" not in text(response)


def test_the_markdown_preview_strips_script_handlers_and_javascript_links(organiser_client):
    response = organiser_client.post(
        "/lives/preview/",
        {
            "description": (
                "<script>alert(1)</script>\n\n[x](javascript:alert(2)) [ok](https://example.org)"
                '\n\n<img src=x onerror=alert(3)> <a href="javascript:alert(4)">a</a>'
                '\n\n<p onclick="alert(5)" style="color:red">p</p>'
            )
        },
        **HTMX,
    )
    html = response.content.decode()
    assert unsafe_markup(html) == []
    # Raw HTML is shown as text (escaped): no tag of it, so no handler or link, is live.
    markup = re.sub(r"&lt;.*?&gt;", "", html)
    assert "<img" not in markup and "onclick" not in markup and "javascript" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org" rel="nofollow noopener">ok</a>' in html


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        ([{"type": "p", "children": [{"text": "<script>alert(1)</script>"}]}],
         "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ([{"type": "a", "url": "javascript:alert(1)", "children": [{"text": "x"}]}], "x"),
        ([{"type": "a", "url": " JaVaScRiPt:alert(1)", "children": [{"text": "x"}]}], "x"),
        ([{"type": "a", "url": 'https://ok.example/"onmouseover="alert(1)',
           "children": [{"text": "x"}]}],
         '<a href="https://ok.example/&quot;onmouseover=&quot;alert(1)" '
         'rel="nofollow noopener">x</a>'),
        ([{"type": "script", "children": [{"text": "alert(1)"}]}], "alert(1)"),
        ([{"type": "p onclick=alert(1)", "children": [{"text": "t"}]}], "t"),
        ([{"type": "p", "children": [{"text": "x", "bold": True, "onclick": "alert(1)"}]}],
         "<p><strong>x</strong></p>"),
    ],
)  # fmt: skip
def test_rich_text_from_meltingspot_keeps_only_safe_markup(nodes, expected):
    html = rich_text_to_html(nodes)
    assert html == expected
    assert unsafe_markup(html) == []


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="javascript:alert(1)" onclick="alert(2)">a</a>',
        "<img src=x onerror=alert(1)>",
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">p</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_markdown_is_sanitised_with_nh3(markdown):
    html = markdown_to_safe_html(markdown)
    assert unsafe_markup(html) == []
    # Raw HTML is shown as text: what remains once the escaped text is taken out is
    # the markup, and none of it links or handles anything.
    markup = re.sub(r"&lt;.*?&gt;", "", html.lower())
    assert "javascript:" not in markup and "data:text" not in markup
    assert "onerror" not in markup and "onclick" not in markup
    assert "href" not in markup


def test_a_description_nested_400_levels_deep_is_shown_as_escaped_text(sandbox, organiser_client):
    """MeltingSpot's rich text may nest without limit; the pages must not recurse with it."""
    node: dict = {"text": '<img src=x onerror=alert("deep")> the bottom'}
    for _ in range(400):
        node = {"type": "blockquote", "children": [node]}
    sandbox.store_description_nodes("live003", [node])

    for url in ("/lives/live003/", "/lives/live003/edit/", "/lives/live003/duplicate/"):
        response = organiser_client.get(url)
        assert response.status_code == 200, url
        assert unsafe_markup(response.content.decode()) == [], url
        assert "the bottom" in text(response), url
    for url in ("/lives/live003/edit/", "/lives/live003/duplicate/"):
        # The form holds it as written (text in its textarea); the live's page renders
        # the Markdown as the preview does, which shows the image's markup as text.
        response = organiser_client.get(url)
        assert '<img src=x onerror=alert("deep")> the bottom' in text(response), url
