"""Links in a description are absolute http(s) or mailto only, and its headings read the
same in the form's preview as on the live's page (outside review, E)."""

import re

import pytest

from lives_admin.lives.description import description_html
from lives_admin.lives.markdown_preview import markdown_to_safe_html


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](/logout/)",
        "[x](//evil.example/x)",
        "[x](logout)",
        "[x](?next=/admin/)",
        "[x](#top)",
        '<a href="/logout/">x</a>',
        '<a href="//evil.example/x">x</a>',
        "[x](javascript:alert(1))",
    ],
)
def test_a_link_that_is_not_absolute_http_or_mailto_is_plain_text(markdown):
    html = markdown_to_safe_html(markdown)
    assert "href" not in re.sub(r"&lt;.*?&gt;", "", html)  # raw HTML is shown as text
    assert "x" in html
    if not markdown.startswith("<"):
        assert "logout" not in html and "evil.example" not in html
    else:
        assert html.startswith("<p>&lt;a href=")  # written as HTML: shown as written


@pytest.mark.parametrize(
    "markdown, href",
    [
        ("[x](https://example.org/a)", "https://example.org/a"),
        ("[x](http://example.org/a)", "http://example.org/a"),
        ("[x](mailto:team@example.org)", "mailto:team@example.org"),
        ("<https://example.org/a>", "https://example.org/a"),
    ],
)
def test_absolute_http_and_mailto_links_stay_links(markdown, href):
    assert f'<a href="{href}" rel="nofollow noopener">' in markdown_to_safe_html(markdown)


class _Live:
    description_markdown = "# Programme\n\n## Day one\n\n#### Detail"


def test_headings_are_the_same_in_the_preview_and_on_the_page():
    preview = markdown_to_safe_html(_Live.description_markdown)
    assert "<h3>Programme</h3>" in preview and "<h4>Day one</h4>" in preview
    assert str(description_html(_Live())) == preview
