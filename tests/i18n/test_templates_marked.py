"""Every user-facing text of every template goes through the translation machinery."""

import re
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


# A ";" written in the template after a tag, a placeholder or ")" is outside the catalogue:
# French cannot put its no-break space before it ("(participants : pas encore terminé) ;").
SIGN_OUTSIDE_THE_CATALOGUE = re.compile(r"(%\}|\}\}|\));")
COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def test_no_list_separator_is_written_outside_the_catalogue():
    found = [
        f"{path.relative_to(TEMPLATES)}: …{match.string[match.start() - 30 : match.end()]}"
        for path in ALL_TEMPLATES
        for match in SIGN_OUTSIDE_THE_CATALOGUE.finditer(COMMENTS.sub("", path.read_text()))
    ]
    where = "context 'end of a list item' or 'between the items of a list'"
    assert not found, f"Translate the sign ({where}):\n" + "\n".join(found)
