"""The style sheet writes no words: text drawn by CSS (`content: "…"`) cannot be
translated. A label shown through CSS comes from a translated attribute instead
(`content: attr(data-label)`)."""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
CONTENT = re.compile(r"content:\s*\"([^\"]*)\"")


def test_no_style_sheet_writes_words():
    words = {
        f"{sheet.name}: {text!r}"
        for sheet in STATIC.rglob("*.css")
        for text in CONTENT.findall(sheet.read_text(encoding="utf-8"))
        if re.search(r"[^\W\d_]{2,}", text)
    }
    assert not words, f"words drawn by CSS, untranslatable: {sorted(words)}"
