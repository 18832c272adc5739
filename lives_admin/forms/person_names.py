"""A person's name as the team page takes it: a name, not a message.

The name goes into the welcome email ("Hello Ada,") sent from the dashboard's address: a
web address, markup or 500 characters there would make it a phishing vehicle. A name
holds letters (any script, with their accents), spaces, hyphens, apostrophes and dots,
at most NAME_MAX_LENGTH characters; runs of spaces fold into one.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 80
PUNCTUATION = frozenset(" '’ʼ-‐.")
# A web address, whatever its letter case: "https://…", "www.…", a dot straight between
# letters with 2+ letters after it ("evil.com", "Paypal.Com", "Secure-Paypal.Com",
# "Evil.Co.Uk"), or a word that starts with a dot and a letter ("Evil .Com"). "J.R.R.",
# "St. John" and "Jean-Pierre" pass: each dot there ends a word or precedes one letter.
WEB_ADDRESS = re.compile(r"://|\bwww\.|[^\W_]\.[^\W\d_]{2}|^\.[^\W_]", re.IGNORECASE)


def _shown(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"“{char}”"
    return _("an invisible character (U+%(code)04X)") % {"code": ord(char)}


def _allowed(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char).startswith("M") or char in PUNCTUATION


class PersonNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _(
            "A name is at most %(limit_value)d characters (this one has %(show_value)d)."
        )

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(" {2,}", " ", unicodedata.normalize("NFC", value)).strip()

    def validate(self, value):
        super().validate(value)
        if value and all(char in PUNCTUATION for char in value):
            raise forms.ValidationError(
                _("A name holds letters: “%(name)s” has none.") % {"name": value}
            )
        # NFKC: full-width "ｅｖｉｌ．ｃｏｍ" is read as the address it shows.
        shown_as = unicodedata.normalize("NFKC", value)
        if ".." in shown_as:  # no name does; "a..b" and "Ada..." are not names
            raise forms.ValidationError(_("A name never holds two dots in a row."))
        for word in shown_as.split(" "):
            if WEB_ADDRESS.search(word):
                shown = word if len(word) <= 40 else word[:39] + "…"
                raise forms.ValidationError(
                    _("A name cannot hold a web address: “%(word)s” looks like one.")
                    % {"word": shown}
                )
        refused = next((char for char in value if not _allowed(char)), None)
        if refused is not None:
            raise forms.ValidationError(
                _(
                    "A name holds letters, spaces, hyphens, apostrophes and dots only: "
                    "%(character)s is not allowed."
                )
                % {"character": _shown(refused)}
            )
