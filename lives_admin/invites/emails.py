"""Email checks that explain themselves: why an address cannot be invited."""

from __future__ import annotations

import re

LOCAL_PART = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
DOMAIN_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
TOP_LEVEL = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59})$")


def normalise_email(email: str) -> str:
    """Emails are compared without case and surrounding spaces."""
    return email.strip().lower()


def why_invalid(email: str) -> str | None:
    """None for an address we can invite, else the reason in plain words."""
    email = (email or "").strip()
    if not email:
        return "empty address"
    if any(c.isspace() for c in email):
        return "contains a space"
    if email.count("@") == 0:
        return "missing @"
    if email.count("@") > 1:
        return "more than one @"
    local, domain = email.split("@")
    if not local:
        return "nothing before the @"
    if not domain:
        return "nothing after the @"
    if len(email) > 254 or len(local) > 64:
        return "too long"
    if not LOCAL_PART.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return "characters not allowed before the @"
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return "the domain is not a valid name"
    labels = ascii_domain.split(".")
    if len(labels) < 2:
        return "the domain has no dot"
    if not all(DOMAIN_LABEL.match(label) for label in labels):
        return "the domain is not a valid name"
    if not TOP_LEVEL.match(labels[-1]):
        return "the domain's ending is not valid"
    return None
