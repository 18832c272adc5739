"""Fields shared by several forms: bounded lists of values and a page number."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class BoundedValuesField(forms.Field):
    """Several values under one name (ticked boxes, hidden inputs): at most `max_items`,
    each at most `max_length` characters; blanks dropped (and values stripped) unless
    `exact` (then a blank is a value, for a later check to refuse). A longer list is an error
    the organiser reads, not a silent cut: nothing is sent for part of what was ticked."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid_list": _("Send a list of values."),
        "too_many": _("Tick at most %(max)s at a time (%(count)s were sent)."),
        "too_long": _("A value sent is longer than %(max)s characters."),
    }

    def __init__(self, *, max_items: int, max_length: int = 64, exact: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        self.exact = exact
        self.max_items = max_items
        self.max_length = max_length
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        if self.exact:
            return [str(item) for item in value]
        return [str(item).strip() for item in value if str(item).strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_items:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"max": self.max_items, "count": len(value)},
            )
        if any(len(item) > self.max_length for item in value):
            raise forms.ValidationError(
                self.error_messages["too_long"], code="too_long", params={"max": self.max_length}
            )


class PageForm(forms.Form):
    """`?page=`: a bad or missing number is the first page (a link, not something typed)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    @property
    def number(self) -> int:
        if not self.is_valid():
            return 1
        return self.cleaned_data["page"] or 1


def form_errors(form: forms.Form) -> list[str]:
    """Every error of `form`, its fields' and its own, in order."""
    return [error for errors in form.errors.values() for error in errors]


class SwitchField(forms.BooleanField):
    """An optional yes/no drawn as a switch: `{{ form.x.as_field_group }}` gives the label
    wrapping the checkbox (the `.switch` style), in a row with other switches if need be,
    without the block the other fields stand in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("template_name", "lives_admin/forms/_switch.html")
        super().__init__(**kwargs)


def search_text(max_length: int) -> forms.CharField:
    """What a picker's search box sends: optional, bounded, the bound said in words."""
    return forms.CharField(
        required=False,
        max_length=max_length,
        widget=forms.SearchInput,
        error_messages={
            "max_length": format_lazy(
                _("Search with at most {count} characters."), count=max_length
            )
        },
    )
