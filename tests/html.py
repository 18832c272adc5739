"""HTML read through a parser, for assertions on what a page holds rather than on how its
markup happens to be spelled (attribute order, quotes, whitespace, `checked` vs
`checked="checked"`): `select(html, "input[name=q]")`, `text_of(...)`, `value_of(...)`.

Pass a response or its HTML; CSS selectors are soupsieve's (what a browser accepts).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def soup(page) -> BeautifulSoup:
    """The parsed page: a Django or httpx response, bytes, a string or an already parsed tree."""
    if isinstance(page, (BeautifulSoup, Tag)):
        return page
    if hasattr(page, "content"):  # a Django test response or an httpx response
        page = page.content
    if isinstance(page, bytes):
        page = page.decode()
    return BeautifulSoup(page, "html.parser")


def select(page, css: str) -> list[Tag]:
    """Every element the selector matches, in document order."""
    return soup(page).select(css)


def one(page, css: str) -> Tag:
    """The single element the selector matches; fails naming the selector otherwise."""
    found = select(page, css)
    assert len(found) == 1, f"{css!r} matches {len(found)} elements, not one"
    return found[0]


def exists(page, css: str) -> bool:
    return soup(page).select_one(css) is not None


def text_of(page_or_tag, css: str | None = None) -> str:
    """What a person reads in the element (or the whole page): whitespace folded.
    With a selector that matches several elements, their texts joined by a space."""
    tree = soup(page_or_tag)
    parts = tree.select(css) if css else [tree]
    return " ".join(" ".join(part.get_text(" ").split()) for part in parts).strip()


def texts(page, css: str) -> list[str]:
    """The text of each element the selector matches."""
    return [" ".join(tag.get_text(" ").split()) for tag in select(page, css)]


def value_of(page, css: str) -> str | None:
    """The value a form field shows: an input's `value`, a textarea's text, a select's
    chosen option (None when nothing is chosen)."""
    field = one(page, css)
    if field.name == "textarea":
        return field.get_text()
    if field.name == "select":
        chosen = field.select_one("option[selected]")
        return chosen.get("value", chosen.get_text()) if chosen else None
    return field.get("value")


def checked_values(page, name: str) -> list[str]:
    """The values of the ticked checkboxes or radio buttons named `name`."""
    return [tag.get("value") for tag in select(page, f'input[name="{name}"][checked]')]
