"""A description nested far deeper than any editor makes renders, as text below a cap."""

from lives_admin.meltingspot.richtext import (
    MAX_DEPTH,
    rich_text_to_html,
    rich_text_to_markdown,
    rich_text_to_plain,
)


def nested(depth: int, text: str, kind: str = "blockquote") -> list:
    node: dict = {"text": text}
    for _ in range(depth):
        node = {"type": kind, "children": [node]}
    return [node]


def test_a_description_400_levels_deep_renders_its_text_escaped():
    deep = nested(400, "<b>deep & down</b>")
    html = rich_text_to_html(deep)
    assert "&lt;b&gt;deep &amp; down&lt;/b&gt;" in html
    assert html.count("<blockquote>") == MAX_DEPTH
    assert rich_text_to_markdown(deep).endswith("<b>deep & down</b>")
    assert rich_text_to_plain(deep) == "<b>deep & down</b>"


def test_deep_links_and_marks_keep_their_text_but_not_their_markup():
    deep = nested(400, "x", kind="a")
    deep[0]["children"][0]["url"] = "https://example.org"  # a link near the top stays one
    html = rich_text_to_html(deep)
    assert html.count('href="https://example.org"') == 1 and html.endswith("x</a>")


def test_a_description_within_the_cap_keeps_its_structure():
    html = rich_text_to_html(nested(3, "quoted", kind="blockquote"))
    assert (
        html == "<blockquote><blockquote><blockquote>quoted</blockquote></blockquote></blockquote>"
    )
