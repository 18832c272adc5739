"""Finds user-facing English in a template that does not go through Django's translation.

Django's template Lexer splits the source into text, variables, tags and comments. The
tags, variables and comments become a neutral placeholder (so does everything inside
`{% blocktranslate %}` and `{% comment %}`, which is translated or never shown); what is
left is HTML whose text and user-facing attributes must then hold no word. Variables and
tags are also read for English literals (`|default:"system"`, `with crumb="…"`), which
must be written `_("…")`.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Stands for any template tag or variable: no letter, so it is never reported.
PLACEHOLDER = "\ue000"
# Attributes a person reads (or hears, through a screen reader): their value is shown.
USER_FACING_ATTRIBUTES = {
    "alt",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "data-label",  # the column's name on a table row shown as a card (app.css)
    "hx-confirm",
    "label",
    "placeholder",
    "title",
}
# `value` is shown on these only.
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
# Texts with letters that are no words to translate.
ALLOWED = {
    "MeltingSpot",
    "CSV",
    "XLSX",
    "Excel",
    "Markdown",
    "htmx",
    "Spot",
    "info",  # CSS classes (message-info, badge-neutral), not words shown
    "neutral",
    "Lives",  # the app's name beside the logo: MeltingSpot's own word, in both languages
}
LETTER = re.compile(r"[^\W\d_]")
# An English literal in a variable or a tag: `default:"system"`, `with crumb="Link a group"`.
# `_("…")` is translated; a date format (`date:"j M Y"`) or a path (`"a/b.html"`) is not text.
FILTER_LITERAL = re.compile(
    r"\|(?:default|default_if_none|yesno|pluralize)(?::(?P<arg>\"[^\"]*\"|'[^']*'))?"
)
KEYWORD_LITERAL = re.compile(r"\b[\w-]+=(?P<arg>\"[^\"]*\"|'[^']*')")


@dataclass(frozen=True)
class Untranslated:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text!r}"


def _is_words(text: str) -> bool:
    text = " ".join(text.replace(PLACEHOLDER, " ").split())
    return bool(LETTER.search(text)) and text.strip(" .,:;!?()") not in ALLOWED


def _shown(text: str) -> str:
    """The text as a reader sees it around the template's tags (placeholders dropped)."""
    return " ".join(text.replace(PLACEHOLDER, " ").split())


class _HTMLText(HTMLParser):
    """Collects the text and the user-facing attribute values outside script and style."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.replace(PLACEHOLDER, ""): value or "" for name, value in attrs}
        for name, value in attributes.items():
            shown = name in USER_FACING_ATTRIBUTES or (
                name == "value"
                and (tag == "button" or attributes.get("type", "").lower() in BUTTON_INPUT_TYPES)
            )
            if shown and _is_words(value):
                self.found.append((self.getpos()[0], f"{name}={_shown(value)}"))
        if tag in ("script", "style"):
            self._raw = tag

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw is None and _is_words(data):
            self.found.append((self.getpos()[0], _shown(data)))


def _literals(token_contents: str, pattern: re.Pattern) -> list[str]:
    found = []
    for match in pattern.finditer(token_contents):
        argument = match.group("arg")
        if match.re is FILTER_LITERAL and "pluralize" in match.group(0):
            # English plural endings: a `{% blocktranslate count %}` says it in any language.
            found.append(match.group(0))
        elif (
            argument
            and _is_words(argument[1:-1])
            and not argument[1:-1].endswith(".html")
            # `with crumb="link"` or `show_when="solution=BuiltIn"` pass code; `with
            # crumb="Link a group"` passes a text.
            and (
                match.re is FILTER_LITERAL
                or (re.search(r"[A-Z ]", argument) and "=" not in argument)
            )
        ):
            found.append(match.group(0))
    return found


def untranslated_texts(path: Path, name: str) -> list[Untranslated]:
    source = path.read_text(encoding="utf-8")
    pieces: list[str] = []
    found: list[Untranslated] = []
    skipping_until = None
    for token in Lexer(source).tokenize():
        if skipping_until:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipping_until:
                skipping_until = None
            pieces.append(PLACEHOLDER + "\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            tag = token.contents.split()[0]
            if tag in ("blocktranslate", "blocktrans"):
                skipping_until = "end" + tag
            elif tag == "comment":
                skipping_until = "endcomment"
            if tag == "firstof":  # {% firstof title "the live" %}: its fallback is shown
                found += [
                    Untranslated(name, token.lineno, literal)
                    for literal in re.findall(r"(?<!_\()\"[^\"]*\"|(?<!_\()'[^']*'", token.contents)
                    if _is_words(literal[1:-1])
                ]
            if tag in ("include", "with"):
                literals = _literals(token.contents, KEYWORD_LITERAL)
                found += [Untranslated(name, token.lineno, text) for text in literals]
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            literals = _literals(token.contents, FILTER_LITERAL)
            found += [Untranslated(name, token.lineno, text) for text in literals]
        # Keep the line count, so the HTML parser's lines are the template's.
        pieces.append(PLACEHOLDER + "\n" * token.contents.count("\n"))
    parser = _HTMLText()
    parser.feed("".join(pieces))
    parser.close()
    found += [Untranslated(name, line, text) for line, text in parser.found]
    return sorted(found, key=lambda item: item.line)
