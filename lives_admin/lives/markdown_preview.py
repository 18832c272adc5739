"""The description's live preview: Markdown rendered, then sanitised with nh3.

The organiser's Markdown is sent to MeltingSpot as is; the preview is only ours,
so it keeps a short list of tags and http(s)/mailto links.
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "hr",
}  # fmt: skip


def markdown_to_safe_html(text: str) -> str:
    rendered = markdown.markdown(text or "", output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
