"""The French catalogue as the browser test reads it: each entry's English and French
and where it comes from (the .po's file references)."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "fr" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(\([^)]*\))?[sd%]|\{[^}]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgstr: str = ""
    plural: bool = False
    context: str = ""
    sources: list[str] = field(default_factory=list)

    @property
    def from_python_or_js(self) -> bool:
        """Said by Python or app.js only: a phrase a template also writes (its own copy,
        translated by the templates' side) is checked with the templates."""
        return any(source.endswith((".py", ".js")) for source in self.sources) and (
            self.msgid not in _templates_text()
        )

    @property
    def checkable(self) -> bool:
        """A phrase that reads differently in French, of two words or more, without a
        placeholder: it can be looked for, as is, in a page's text."""
        return (
            bool(self.msgstr)
            and self.msgstr != self.msgid
            and len(self.msgid.split()) >= 2
            and not PLACEHOLDER.search(self.msgid)
            and not self.plural
        )


@functools.cache
def _templates_text() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "templates").rglob("*.html")
    )


def entries(domain: str = "django") -> list[Entry]:
    found, entry, key = [], Entry(), None
    for line in (LOCALE / f"{domain}.po").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if entry.msgid:
                found.append(entry)
            entry, key = Entry(), None
        elif line.startswith("#:"):
            entry.sources += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith('"') and key:
            setattr(entry, key, getattr(entry, key) + ast.literal_eval(line))
        else:
            word, _, rest = line.partition(" ")
            key = {"msgctxt": "context", "msgid": "msgid", "msgstr": "msgstr"}.get(word)
            if word == "msgid_plural":
                entry.plural = True
            elif word == "msgstr[0]":
                key = "msgstr"
            if key:
                setattr(entry, key, ast.literal_eval(rest))
    if entry.msgid:
        found.append(entry)
    return found


def english_left(text: str, *, python_and_js: bool) -> list[str]:
    """The catalogue's English phrases still in `text`: those of Python and JavaScript
    (`python_and_js`), or those of the templates."""
    return sorted(
        {
            entry.msgid
            for entry in entries()
            if entry.checkable and entry.from_python_or_js == python_and_js and entry.msgid in text
        }
    )
