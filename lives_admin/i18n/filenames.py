"""Downloaded files' names in the reader's language, ASCII-safe ("presents-reguliers-…")."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.text import slugify

# "d’audit" → "d-audit", not "daudit".
_APOSTROPHES = re.compile("['’]")


def download_name(*words, extension: str, moment=None, stamped: bool = True) -> str:
    """`words` (translated phrases, ids, titles) slugged and joined, then the local time:
    download_name(_("audit log"), extension="csv") → "journal-d-audit-20261208-0220.csv"."""
    parts = [slugify(_APOSTROPHES.sub(" ", str(word))) for word in words]
    if stamped:
        parts.append(timezone.localtime(moment or timezone.now()).strftime("%Y%m%d-%H%M"))
    return "-".join(part for part in parts if part) + "." + extension
