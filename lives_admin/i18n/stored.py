"""Texts written outside a request and read later, by anyone, in their own language.

The job worker and the insights runner write sentences (why a person was not invited,
why a job paused, why an insight could not be read) that people read afterwards, each
in their own language. The database keeps the English text: an English msgid with its
parameters filled in, exactly what older rows already hold. `shown()` recognises a
stored text by its msgid and says it again in the active language; a text that is none
of ours (MeltingSpot's own words, a row older than its msgid) is shown as it came.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext

from lives_admin.i18n.formats import number

_PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")


@dataclass(frozen=True)
class StoredText:
    """One English msgid (and, for a count, its plural) with `%(name)s` parameters.

    `translated` names the parameters that are themselves our texts (a msgid, or another
    stored text): they are said in the reader's language too. `numbers` (by default
    `count`) are numbers, written the reader's way."""

    msgid: str
    plural: str = ""
    translated: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ("count",)
    patterns: tuple[re.Pattern, ...] = field(default=(), compare=False, repr=False)

    def __call__(self, **params) -> str:
        """The English text to store."""
        english = self.plural if self.plural and params.get("count") != 1 else self.msgid
        return english % {name: str(value) for name, value in params.items()}

    def read(self, text: str) -> str | None:
        """`text` in the active language, if it is this text; else None."""
        for form, pattern in zip((self.msgid, self.plural), self.patterns, strict=False):
            if found := pattern.fullmatch(text):
                return self._say(form, found.groupdict())
        return None

    def _say(self, form: str, params: dict[str, str]) -> str:
        for name in self.translated:
            params[name] = _ours(params[name])
        for name in self.numbers:
            digits = params.get(name, "").replace(",", "")
            if digits.isdigit():  # stored as 1234 or, by the rate limiter, 1,234
                params[name] = number(int(digits))
        # Each form is its own msgid (not an ngettext entry): the worker knew the count.
        return gettext(form) % params


def _pattern(english: str) -> re.Pattern:
    escaped = re.escape(english)
    return re.compile(_PLACEHOLDER.sub(r"(?P<\1>.+?)", escaped), re.DOTALL)


_KNOWN: list[StoredText] = []


def stored_text(
    msgid: str,
    plural: str = "",
    *,
    translated: tuple[str, ...] = (),
    numbers: tuple[str, ...] = ("count",),
) -> StoredText:
    """Declare a text written now and read later. Mark `msgid` (and `plural`) with
    gettext_noop where it is declared, so the catalogue has it."""
    forms = (msgid, plural) if plural else (msgid,)
    patterns = tuple(_pattern(form) for form in forms)
    text = StoredText(msgid, plural, translated, numbers, patterns)
    _KNOWN.append(text)
    return text


def shown(text: str) -> str:
    """A stored text in the active language; any other text as it is."""
    if not text:
        return ""
    _load_declarations()
    for known in _KNOWN:
        if (said := known.read(text)) is not None:
            return said
    return text


def _ours(text: str) -> str:
    """A parameter that is one of our texts: a stored text, or a plain msgid (a reason of
    lives_admin/invites/emails.py)."""
    said = shown(text)
    if said != text:
        return said
    if text[:1].isupper() and (lower := text[0].lower() + text[1:]) != gettext(lower):
        # A msgid capitalised to start a sentence ("The no-shows" of "the no-shows").
        return capfirst(gettext(lower))
    return gettext(text)


def _load_declarations() -> None:
    """The texts are declared where they are written; a page may show one before its
    writer's module was imported."""
    from lives_admin.i18n import stored_texts  # noqa: F401
