"""A live's description on its page: the Markdown it holds, rendered as the form's preview
renders it (one path: markdown_preview), so the page shows what the preview promised.

MeltingSpot returns the description as rich-text nodes whose text is the Markdown that
was sent; the nodes are read back to Markdown (as the edit form does), then rendered.
A description written elsewhere may be longer than the form takes: its beginning is
rendered, with a note, rather than the whole text dumped on the page.
"""

from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lives_admin.i18n.formats import number
from lives_admin.lives.markdown_preview import (
    MAX_DESCRIPTION_CHARS,
    PreviewUnavailable,
    markdown_to_safe_html,
)

TOO_DEEP_NOTE = format_lazy(
    '<p class="muted">{}</p>',
    _("The rest of the description is nested too deep to be shown here; it is kept as written."),
)


def _in_part_note(shown: int, total: int) -> SafeString:
    return format_html(
        '<p class="muted">{}</p>',
        _(
            "Shown in part: the first %(shown)s of %(total)s characters. The whole "
            "description is kept as written on MeltingSpot."
        )
        % {"shown": number(shown), "total": number(total)},
    )


def _beginning(markdown: str, limit: int) -> str:
    """At most `limit` characters, cut between paragraphs (else lines, else words) in the
    second half, so no bold or link is cut open and shown as raw Markdown."""
    if len(markdown) <= limit:
        return markdown
    cut = markdown[:limit]
    for boundary in ("\n\n", "\n", " "):
        end = cut.rfind(boundary)
        if end >= limit // 2:
            return cut[:end].rstrip()
    return cut


def description_html(live) -> SafeString | str:
    markdown = live.description_markdown
    if not markdown.strip():
        return ""
    shown = _beginning(markdown, MAX_DESCRIPTION_CHARS)
    try:
        html = markdown_to_safe_html(shown, too_deep_note=TOO_DEEP_NOTE)
    except PreviewUnavailable:
        # Unreadable for the renderer: the text as written, escaped, as paragraphs.
        html = linebreaks(escape(shown))
    if len(shown) < len(markdown):
        html += _in_part_note(len(shown), len(markdown))
    return mark_safe(html)  # noqa: S308 (rendered then sanitised by nh3, or escaped)
