"""Render the Live's rich-text description (docs/api.md, Rich-text description).

Element nodes have `type` and `children`; leaves have `text` and mark flags
(`bold`, `italic`, `code`…). Unknown node types fall back to their text.
"""

from __future__ import annotations

from html import escape

import nh3

_BLOCK_HTML = {
    "p": "p",
    "paragraph": "p",
    "h1": "h3",  # a description's headings sit under the page's own headings
    "h2": "h3",
    "h3": "h4",
    "blockquote": "blockquote",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "lic": "span",
}
# What rich_text_to_html can produce, and all nh3 lets through.
_ALLOWED_TAGS = {*_BLOCK_HTML.values(), "a", "br", "code", "strong", "em"}
_MD_PREFIX = {"h1": "# ", "h2": "## ", "h3": "### ", "blockquote": "> "}
# Far deeper than an editor nests. Below it, text only: a hostile description must not
# exhaust Python's recursion limit and turn the live's pages into errors.
MAX_DEPTH = 32


def _nodes(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [value]
    if isinstance(value, str) and value:
        return [{"type": "p", "children": [{"text": line}]} for line in value.split("\n\n")]
    return []


def _is_leaf(node) -> bool:
    return isinstance(node, dict) and "text" in node and "children" not in node


def _flat_text(node) -> str:
    """All the text under a node, in order, at any depth (a loop, not recursion)."""
    parts, pending = [], [node]
    while pending:
        current = pending.pop()
        if _is_leaf(current):
            parts.append(str(current.get("text") or ""))
        elif isinstance(current, dict):
            pending.extend(reversed(_nodes(current.get("children"))))
    return "".join(parts)


def rich_text_to_plain(value) -> str:
    return "\n\n".join(t for t in (_flat_text(n) for n in _nodes(value)) if t.strip())


def _leaf_html(node) -> str:
    text = escape(str(node.get("text") or "")).replace("\n", "<br>")
    if node.get("code"):
        text = f"<code>{text}</code>"
    if node.get("bold"):
        text = f"<strong>{text}</strong>"
    if node.get("italic"):
        text = f"<em>{text}</em>"
    return text


def _node_html(node, depth: int = 0) -> str:
    if _is_leaf(node):
        return _leaf_html(node)
    if not isinstance(node, dict):
        return ""
    if depth >= MAX_DEPTH:
        return escape(_flat_text(node))
    children = _nodes(node.get("children"))
    inner = "".join(_node_html(child, depth + 1) for child in children)
    kind = node.get("type")
    if kind == "a":
        url = str(node.get("url") or "")
        if url.startswith(("http://", "https://")):
            return f'<a href="{escape(url)}" rel="nofollow noopener">{inner}</a>'
        return inner
    tag = _BLOCK_HTML.get(kind)
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def rich_text_to_html(value) -> str:
    """Safe HTML: every text escaped, only a short list of tags, http(s) links only;
    then nh3 (the same rules) as a second guard, so a mistake above cannot open a hole."""
    html = []
    for node in _nodes(value):
        rendered = _node_html(node)
        if _is_leaf(node) and rendered:
            rendered = f"<p>{rendered}</p>"
        html.append(rendered)
    return nh3.clean(
        "".join(html),
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow noopener",
    )


def _leaf_markdown(node) -> str:
    text = str(node.get("text") or "")
    if not text.strip():
        return text
    if node.get("code"):
        text = f"`{text}`"
    if node.get("bold"):
        text = f"**{text}**"
    if node.get("italic"):
        text = f"*{text}*"
    return text


def _inline_markdown(node, depth: int = 0) -> str:
    if _is_leaf(node):
        return _leaf_markdown(node)
    if not isinstance(node, dict):
        return ""
    if depth >= MAX_DEPTH:
        return _flat_text(node)
    children = _nodes(node.get("children"))
    inner = "".join(_inline_markdown(child, depth + 1) for child in children)
    if node.get("type") == "a" and node.get("url"):
        return f"[{inner}]({_link_destination(str(node['url']))})"
    return inner


def _link_destination(url: str) -> str:
    """The address between `<` and `>`, where spaces and parentheses are allowed: written
    bare, `data:text/html,<b>(1)</b>` or `a (b)` ended the link early and cut its text.
    Only `<`, `>` and line ends cannot be inside, so they are percent-encoded."""
    if not any(character in url for character in " \t()<>\r\n"):
        return url  # as the organiser wrote it: the Markdown round-trips unchanged
    for character, encoded in (("<", "%3C"), (">", "%3E"), ("\r", "%0D"), ("\n", "%0A")):
        url = url.replace(character, encoded)
    return f"<{url}>"


def _block_markdown(node) -> str:
    kind = node.get("type") if isinstance(node, dict) else None
    if kind in ("ul", "ol"):
        items = [child for child in _nodes(node.get("children"))]
        lines = []
        for number, item in enumerate(items, start=1):
            bullet = f"{number}. " if kind == "ol" else "- "
            lines.append(bullet + _inline_markdown(item))
        return "\n".join(lines)
    return _MD_PREFIX.get(kind, "") + _inline_markdown(node)


def rich_text_to_markdown(value) -> str:
    """Markdown for the edit form and for a full update (docs/api.md, D6)."""
    blocks = [_block_markdown(node) for node in _nodes(value)]
    return "\n\n".join(block for block in blocks if block.strip())
