"""A description's Markdown rendered, then sanitised with nh3: the form's live preview
and the live's page (lives_admin/lives/description.py) both show it this way.

The organiser's Markdown is sent to MeltingSpot as is; the rendering is only ours,
so it keeps a short list of tags and absolute http(s)/mailto links (a relative or
protocol-relative address would lead into this dashboard, or off it unannounced: its
link becomes plain text). Headings sit under the page's h2 sections (`#` reads as h3)
in the preview as on the live's page.

The work is bounded, since the preview runs on every keystroke: markdown-it-py
(CommonMark) parses in time linear in the text (Python-Markdown took 19 s on
`"[" * 10000`, growing with the square of the length, and recursed once per nested
list until a RecursionError at `"1. " * 6666`), nesting stops at MAX_NESTING, and no
text longer than a description may be is rendered. What still goes wrong is caught:
the preview is a convenience, and the form saves whatever it shows.
"""

import logging
from urllib.parse import urlsplit

import nh3
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from lives_admin.i18n.formats import number

logger = logging.getLogger(__name__)

MAX_DESCRIPTION_CHARS = 20_000  # the description field's own limit
# Block levels (a list and its item are two): 10 lists or quotes inside each other.
MAX_NESTING = 20

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "hr",
}  # fmt: skip
TOO_DEEP_NOTE = format_lazy(
    '<p class="muted">{}</p>',
    format_lazy(
        _(
            "The preview stops here: lists or quotes are nested more than {depth} deep. "
            "The description is saved as written."
        ),
        depth=MAX_NESTING // 2,
    ),
)
DEEPEST_HEADING = 4  # the deepest heading ALLOWED_TAGS lets through
# The live's page sections are h2: a description's `#` reads as h3 beneath them.
HEADING_SHIFT = 2
LINK_SCHEMES = {"http", "https", "mailto"}


class PreviewUnavailable(Exception):
    """A text the preview will not render, with the sentence that says why."""


def _parser() -> MarkdownIt:
    # Raw HTML is text: `<script>` written in a description (or a text node of one that
    # MeltingSpot holds) shows as written, never as markup for nh3 to drop unseen.
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, "html": False})
    # Every link is parsed as one; _unlink then keeps only the text of those not allowed
    # (refused here, a javascript: address would show as text).
    parser.validateLink = lambda url: True
    return parser


def allowed_link(url: str) -> bool:
    """An absolute http(s) address with a host, or a mailto: one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.scheme.lower() == "mailto":
        return bool(parts.path)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _unlink(tokens) -> None:
    """A link whose address is not allowed keeps its text, without the link."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        kept, refused = [], False  # CommonMark links do not nest
        for child in token.children:
            if child.type == "link_open" and not allowed_link(child.attrGet("href") or ""):
                refused = True
            elif child.type == "link_close" and refused:
                refused = False
            else:
                kept.append(child)
        token.children = kept


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's second guard, for links written as raw HTML too."""
    if tag == "a" and attribute == "href" and not allowed_link(value):
        return None
    return value


_PARSER = _parser()


def markdown_to_safe_html(text: str, *, too_deep_note: str = TOO_DEEP_NOTE) -> str:
    """The preview's HTML and the live page's: one rendering, headings shifted."""
    text = text or ""
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise PreviewUnavailable(
            _(
                "No preview: the description is longer than %(limit)s characters (it has "
                "%(count)s). Shorten it to see the preview; a description you write or change "
                "must fit in %(limit)s characters."
            )
            % {"limit": number(MAX_DESCRIPTION_CHARS), "count": number(len(text))}
        )
    try:
        tokens = _PARSER.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, DEEPEST_HEADING)}"
        _unlink(tokens)
        rendered = _PARSER.renderer.render(tokens, _PARSER.options, {})
    except Exception as error:  # RecursionError and the like, on text nobody foresaw
        # One line, not the traceback: a RecursionError's is thousands of lines long.
        logger.warning("Markdown preview failed: %s", type(error).__name__)
        raise PreviewUnavailable(
            _(
                "The preview cannot be shown for this text. The description is still saved "
                "as written."
            )
        ) from error
    html = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=LINK_SCHEMES,
        attribute_filter=_href_filter,
        link_rel="nofollow noopener",
    )
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        html += str(too_deep_note)
    return html
