"""Why a line of an invite job was not sent, stored in English and shown in the reader's
language: a job's page and its report are read by people who may not share its starter's
language, so the database keeps the msgid (with its parameters) and translation happens
at display time."""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

INVALID = gettext_noop("Invalid: %(reason)s")
DUPLICATE = gettext_noop("Duplicate of line %(line)s: skipped")

_STORED_INVALID = re.compile(r"^Invalid: (?P<reason>.+)$", re.DOTALL)
_STORED_DUPLICATE = re.compile(r"^Duplicate of line (?P<line>\d+): skipped$")


def stored_invalid(reason: str) -> str:
    """`reason` is an English msgid of lives_admin/invites/emails.py."""
    return INVALID % {"reason": reason}


def stored_duplicate(line: int) -> str:
    return DUPLICATE % {"line": line}


def shown(error: str) -> str:
    """A stored reason in the active language; any other text (MeltingSpot's) as it is."""
    if found := _STORED_DUPLICATE.match(error or ""):
        return gettext(DUPLICATE) % {"line": found["line"]}
    if found := _STORED_INVALID.match(error or ""):
        return gettext(INVALID) % {"reason": gettext(found["reason"])}
    return error or ""
