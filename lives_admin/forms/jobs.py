"""The jobs panel's poll: the jobs the page shows, as it sends them back (`?known=1,2`)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# A job's number (a database key), and how many a page can show: the panel lists five.
_JOB_NUMBER = re.compile(r"[0-9]{1,18}")
MAX_LISTED = 50


class JobNumbersField(forms.CharField):
    """Comma-separated job numbers: ASCII digits only, bounded in count and length, so a
    forged list costs nothing to read (5,000 digits are no int to convert)."""

    default_error_messages = {"invalid": _("Send job numbers separated by commas.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_LISTED * 20)
        super().__init__(**kwargs)

    def clean(self, value) -> set[int]:
        text = super().clean(value)
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if len(parts) > MAX_LISTED or not all(_JOB_NUMBER.fullmatch(part) for part in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return {int(part) for part in parts}


class JobsPollForm(forms.Form):
    known = JobNumbersField()
    running = JobNumbersField()
