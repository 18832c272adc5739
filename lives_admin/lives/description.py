"""A live's description on its page: the Markdown it holds, rendered as the form's preview
renders it (one path: markdown_preview), so the page shows what the preview promised.

MeltingSpot returns the description as rich-text nodes whose text is the Markdown that
was sent; the nodes are read back to Markdown (as the edit form does), then rendered.
"""

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from lives_admin.lives.markdown_preview import PreviewUnavailable, markdown_to_safe_html

# The page's sections are h2: a description's `#` reads as h3 beneath them.
HEADING_SHIFT = 2
TOO_DEEP_NOTE = (
    '<p class="muted">The rest of the description is nested too deep to be shown here; '
    "it is kept as written.</p>"
)


def description_html(live) -> SafeString | str:
    markdown = live.description_markdown
    if not markdown.strip():
        return ""
    try:
        html = markdown_to_safe_html(
            markdown, heading_shift=HEADING_SHIFT, too_deep_note=TOO_DEEP_NOTE
        )
    except PreviewUnavailable:
        # Longer than the form takes (written elsewhere) or unreadable: the text as written.
        return linebreaks(escape(markdown))
    return mark_safe(html)  # noqa: S308 (rendered, then sanitised by nh3)
