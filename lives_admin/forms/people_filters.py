"""The list filters shared by a live's speakers and participants.

The list filters are GET forms: a bad value becomes an error message next to its
field and is left out, never a 500.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PAGE_SIZES = (10, 25, 50, 100)
# What an absent parameter means: left out of addresses (the form shows it as chosen).
FILTER_DEFAULTS = {"match": "contains", "per_page": "25", "page": "1"}
MATCH_CHOICES = [("contains", _("contains")), ("eq", _("is exactly"))]
YES_NO = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
STATUS_LABELS = {
    "Invited": pgettext_lazy("participant status", "Invited"),
    "Accepted": pgettext_lazy("participant status", "Accepted"),
    "Declined": pgettext_lazy("participant status", "Declined"),
}


def status_label(status: str | None) -> str:
    """A participant's or speaker's status as the reader's language says it: the one table
    the filter, the tabs, the rows' badges and the exports all read."""
    return str(STATUS_LABELS.get(status, status or ""))


TYPE_LABELS = {
    "Participant": pgettext_lazy("participant type", "Participant"),
    "Speaker": pgettext_lazy("participant type", "Speaker"),
    "Host": pgettext_lazy("participant type", "Host"),
}


def type_label(kind: str | None) -> str:
    """A person's role (participant, speaker, host) as the reader's language says it: the
    one table the exports read; a type MeltingSpot adds later shows as it comes."""
    return str(TYPE_LABELS.get(kind, kind or ""))


def _yes_no(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def _search_box():
    # data-search: the page's script clears it on Escape and keeps the caret on swaps.
    return forms.SearchInput(attrs={"data-search": True})


class _PeopleFilterForm(forms.Form):
    first_name = forms.CharField(
        required=False, max_length=100, label=_("First name"), widget=_search_box()
    )
    last_name = forms.CharField(
        required=False, max_length=100, label=_("Last name"), widget=_search_box()
    )
    email = forms.CharField(required=False, max_length=200, label=_("Email"), widget=_search_box())
    match = forms.ChoiceField(
        required=False, choices=MATCH_CHOICES, label=_("Match"), initial="contains"
    )
    replayed = forms.ChoiceField(required=False, choices=YES_NO, label=_("Watched the replay"))
    participated = forms.ChoiceField(required=False, choices=YES_NO, label=_("Attended"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(size, format_lazy(_("{count} per page"), count=size)) for size in PAGE_SIZES],
        label=_("Rows per page"),
    )

    def clean_page(self):
        return self.cleaned_data.get("page") or 1

    def clean_per_page(self):
        return self.cleaned_data.get("per_page") or 25

    def _value(self, name):
        return self.cleaned_data.get(name) if name not in self.errors else None

    def _names(self) -> dict:
        op = self._value("match") or "contains"
        names = {}
        for field in ("first_name", "last_name", "email"):
            value = (self._value(field) or "").strip()
            if value:
                names[f"{field}_{op}"] = value
        return names

    def _flags(self) -> dict:
        return {
            "has_replayed": _yes_no(self._value("replayed") or ""),
            "has_participated": _yes_no(self._value("participated") or ""),
        }

    @property
    def page_number(self) -> int:
        return self._value("page") or 1

    @property
    def per_page_value(self) -> int:
        return self._value("per_page") or 25
