"""The committed catalogues hold exactly what the code and templates mark, all translated."""

import re
import subprocess

import pytest

from tests.i18n.catalogue import LOCALE, entries, fresh_catalogue, messages

CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
# msgfmt --statistics on a complete catalogue: "123 translated messages." and nothing else.
ALL_TRANSLATED = re.compile(r"\d+ translated messages?\.")


def test_french_is_there():
    assert LOCALE / "fr" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.slow  # makemessages reads the whole project: a few seconds
@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_catalogue_is_up_to_date(po_file, tmp_path):
    language, domain = po_file.parts[-3], po_file.stem
    expected = messages(fresh_catalogue(tmp_path, language, domain))
    committed = messages(po_file)
    missing = sorted(expected - committed)
    stale = sorted(committed - expected)
    assert not missing and not stale, (
        f"{po_file.relative_to(LOCALE.parent)} is out of date: run `manage.py makemessages"
        f" -l {language}` (README, Languages), then translate.\n"
        f"Missing: {missing}\nNo longer used: {stale}"
    )


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda p: str(p.relative_to(LOCALE)))
def test_every_entry_is_translated(po_file):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert ALL_TRANSLATED.fullmatch(result.stderr.strip()), result.stderr


# French typography: a non-breaking space (U+00A0 or the narrow U+202F) before « : ; ! ? »,
# inside « guillemets » and between a number and « % »; a plain space there can break the
# line before the sign.
PLAIN_SPACE_BEFORE_SIGN = re.compile(r" [:;!?»]| %(?!\()|« ")


def test_french_typography():
    po_file = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
    wrong = [
        text
        for entry in entries(po_file)
        for key, text in entry.items()
        if key.startswith("msgstr") and PLAIN_SPACE_BEFORE_SIGN.search(text)
    ]
    assert not wrong, "Use a non-breaking space:\n" + "\n".join(wrong)


# A ";" (or "!", "?", ":") straight after a closing parenthesis, a quote or a placeholder
# has no space at all before it: French wants a no-break one there too ("(18 + 18) ;").
# A ":" after a placeholder is often a time or a URL: only ";", "!", "?" are checked there.
NO_SPACE_BEFORE_SIGN = re.compile(r"[)»][;:!?]|%\([a-z_]+\)[sd][;!?]|\{\{ ?\w+ ?\}\}[;!?]")


def test_french_signs_after_a_parenthesis_or_a_placeholder_have_their_space():
    po_file = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
    wrong = [
        text
        for entry in entries(po_file)
        for key, text in entry.items()
        if key.startswith("msgstr") and NO_SPACE_BEFORE_SIGN.search(text)
    ]
    assert not wrong, "Put a no-break space before the sign:\n" + "\n".join(wrong)
