"""The description preview's work is bounded, whatever the organiser types.

The preview runs on every keystroke. Python-Markdown's work grew with the square of some
texts (`"[" * 10000` took 19 s) and recursed once per nested list (`"1. " * 6666` was a
RecursionError, so a 500). The work is counted here, not timed: the Python lines the
renderer runs for a text and for the same text four times longer.
"""

import inspect
import sys

import pytest

from lives_admin.lives.markdown_preview import (
    MAX_DESCRIPTION_CHARS,
    PreviewUnavailable,
    markdown_to_safe_html,
)

PATHOLOGICAL = ("[", "1. ", "[a](", "![", "[]( ", "> ", "- ", "<a ", "*a **a ", "a_", "`a``")


def repeated(pattern: str, length: int) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def lines_run(text: str) -> int:
    """Python lines executed while rendering `text` (the work, whatever the machine)."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        markdown_to_safe_html(text)
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("pattern", PATHOLOGICAL)
def test_the_work_grows_no_faster_than_the_text(pattern):
    short, long = lines_run(repeated(pattern, 500)), lines_run(repeated(pattern, 2000))
    assert long <= 5 * short, f"4 × the text, {long / short:.1f} × the work"


@pytest.mark.parametrize("pattern", PATHOLOGICAL)
def test_a_pathological_description_of_the_longest_length_renders(pattern):
    html = markdown_to_safe_html(repeated(pattern, MAX_DESCRIPTION_CHARS))
    assert isinstance(html, str)


def test_lists_nested_six_thousand_deep_stop_at_the_nesting_bound_with_a_note():
    html = markdown_to_safe_html("1. " * 6666)
    assert html.count("<ol>") == 10
    assert "nested more than 10 deep" in html


def test_a_longer_text_than_a_description_may_be_is_not_rendered():
    with pytest.raises(PreviewUnavailable, match="longer than 20,000 characters"):
        markdown_to_safe_html("a" * (MAX_DESCRIPTION_CHARS + 1))


def test_a_recursion_error_in_the_renderer_becomes_a_refusal():
    """A real RecursionError (the stack made short), not a stand-in."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 40)
    try:
        with pytest.raises(PreviewUnavailable, match="cannot be shown for this text"):
            markdown_to_safe_html("> " * 9 + "- " * 5 + "x")
    finally:
        sys.setrecursionlimit(limit)
