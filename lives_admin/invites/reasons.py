"""Why a line of an invite job was not sent, stored in English and shown in the reader's
language: a job's page and its report are read by people who may not share its starter's
language, so the database keeps the English text and translation happens at display time
(lives_admin/i18n/stored.py)."""

from __future__ import annotations

from lives_admin.i18n import stored_texts
from lives_admin.i18n.stored import shown  # noqa: F401  (the reasons' reader)


def stored_invalid(reason: str) -> str:
    """`reason` is an English msgid of lives_admin/invites/emails.py."""
    return stored_texts.INVALID(reason=reason)


def stored_duplicate(line: int) -> str:
    return stored_texts.DUPLICATE(line=line)
