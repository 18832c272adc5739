"""The API key out of every upstream text an error carries.

Some upstreams quote the request's `Authorization` header in their error answers (a
proxy's debug page, a gateway's "invalid key: …" message). Whatever MeltingSpot says
becomes an error message that pages, panels, form errors, logs and the audit log show,
so the error is cleaned where it is built (errors.py), before anyone reads it: the key
as sent, bare or as `Bearer <key>`, URL-encoded, HTML- or JSON-escaped, and any run of
REDACT_PIECE or more of its characters (a quoted key cut short is a leak too).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, quote_plus

REDACTED = "[API key removed]"
# A run of this many characters of the key is removed wherever it appears. Shorter runs
# are what any text shares with a key by chance ("sandbox", "live_").
REDACT_PIECE = 10
# Shorter values are not secrets worth a search (and would mangle every message).
MIN_SECRET_LENGTH = 6


class Scrubber:
    """Removes one key (given as the Authorization header sent) from texts and data."""

    def __init__(self, authorization: str | None):
        value = (authorization or "").strip()
        bare = value[7:].strip() if value.lower().startswith("bearer ") else value
        self._bare = bare if len(bare) >= MIN_SECRET_LENGTH else ""
        forms: set[str] = set()
        for secret in {value, bare} if self._bare else ():
            forms |= {
                secret,
                quote(secret, safe=""),
                quote_plus(secret),
                html.escape(secret),
                json.dumps(secret)[1:-1],
            }
        # Longest first: "Bearer <key>" goes whole, not leaving "Bearer " behind.
        ordered = sorted((f for f in forms if f), key=len, reverse=True)
        self._forms = re.compile("|".join(map(re.escape, ordered)), re.I) if ordered else None
        self._pieces = {
            self._bare[i : i + REDACT_PIECE]
            for i in range(max(0, len(self._bare) - REDACT_PIECE + 1))
        }

    def text(self, value: str) -> str:
        if not self._bare or not value:
            return value
        value = self._forms.sub(REDACTED, value)
        return self._remove_runs(value) if len(self._bare) >= REDACT_PIECE else value

    def _remove_runs(self, value: str) -> str:
        """Any REDACT_PIECE or more consecutive characters of the key, removed."""
        out, i = [], 0
        while i < len(value):
            piece = value[i : i + REDACT_PIECE]
            start = self._bare.find(piece) if piece in self._pieces else -1
            if start < 0:
                out.append(value[i])
                i += 1
                continue
            length = REDACT_PIECE
            while (
                i + length < len(value)
                and start + length < len(self._bare)
                and value[i + length] == self._bare[start + length]
            ):
                length += 1
            out.append(REDACTED)
            i += length
        return "".join(out)

    def data(self, value: object) -> object:
        """A parsed JSON body (or any str / list / dict of them), cleaned throughout."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {self.text(str(k)): self.data(v) for k, v in value.items()}
        return value

    def headers(self, headers) -> dict[str, str]:
        return {self.text(name): self.text(value) for name, value in headers.items()}
