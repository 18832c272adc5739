"""Email checks that explain themselves: why an address cannot be invited.

The syntax is email-validator's (RFC 5321/5322, internationalised domains; no DNS
lookup). Its messages are long sentences; an organiser reads a short reason per line of
the preview, in the project's words, so they are mapped below.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

# MeltingSpot's own rule on top of the library's: the ending is two letters or more
# (or an IDNA one), so "ada@example.c" is a typo said before anything is sent.
TOP_LEVEL = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59})$")

# (a fragment of the library's message, the reason the organiser reads), first match wins.
REASONS = (
    ("something before the @-sign", _("nothing before the @")),
    ("something after the @-sign", _("nothing after the @")),
    ("too long", _("too long")),
    ("should have a period", _("the domain has no dot")),
    ("special-use or reserved", _("the domain is reserved: it cannot receive email")),
    ("top-level domain", _("the domain's ending is not valid")),
    ("before the @-sign", _("characters not allowed before the @")),
    ("start with a period", _("characters not allowed before the @")),
    ("angle bracket", _("characters not allowed before the @")),
)
BEFORE_THE_AT = _("characters not allowed before the @")
DOMAIN_NOT_VALID = _("the domain is not a valid name")


def normalise_email(email: str) -> str:
    """Emails are compared without case and surrounding spaces."""
    return email.strip().lower()


def why_invalid(email: str) -> str | None:
    """None for an address we can invite, else the reason in plain words."""
    email = (email or "").strip()
    if not email:
        return str(_("empty address"))
    if any(c.isspace() for c in email):
        return str(_("contains a space"))
    # Said before the library, whose words for these are less direct.
    if email.count("@") == 0:
        return str(_("missing @"))
    if email.count("@") > 1:
        return str(_("more than one @"))
    try:
        checked = validate_email(
            email,
            check_deliverability=False,  # no DNS lookup while previewing thousands of lines
            allow_smtputf8=False,  # accents before the @ are not delivered everywhere
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,  # "Name <email>" is split by the parser first
            strict=True,  # the 64-character limit before the @
        )
    except EmailNotValidError as error:
        return _reason(str(error), email)
    if not TOP_LEVEL.match(checked.ascii_domain.rsplit(".", 1)[-1]):
        return str(_("the domain's ending is not valid"))
    return None


def _reason(message: str, email: str) -> str:
    for fragment, reason in REASONS:
        if fragment in message:
            return str(reason)
    if "two periods in a row" in message:
        return str(BEFORE_THE_AT if ".." in email.split("@")[0] else DOMAIN_NOT_VALID)
    # Anything else is about the domain (a hyphen, a character it cannot have, its end).
    return str(DOMAIN_NOT_VALID)
