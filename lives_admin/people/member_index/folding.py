"""One way to compare names: lower-case, without accents, so "helene" finds "Hélène"."""

import unicodedata


def fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
