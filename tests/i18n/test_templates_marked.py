"""Every user-facing text of every template goes through the translation machinery."""

from pathlib import Path

import pytest

from tests.i18n.untranslated import untranslated_texts

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ALL_TEMPLATES = sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".txt"))


def test_every_template_is_checked():
    assert len(ALL_TEMPLATES) >= 56


@pytest.mark.parametrize("path", ALL_TEMPLATES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_text_left_unmarked(path):
    found = untranslated_texts(path, str(path.relative_to(TEMPLATES)))
    assert not found, "Not marked for translation:\n" + "\n".join(map(str, found))
