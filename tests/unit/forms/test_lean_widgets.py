"""The filter bar's widgets render through lean templates (no include per attribute or
option: they were most of the list page's own time) and write exactly what Django's own
widget templates write, whatever the values, errors, choices and attributes."""

import pytest
from django import forms
from django.http import QueryDict

from lives_admin.forms.live_filters import LiveFilterForm
from lives_admin.forms.rendering import LEAN_TEMPLATES, lean_widgets


def _as_django_writes_it(bound_field):
    """The same field rendered with a fresh copy of its widget on Django's templates."""
    widget = type(bound_field.field.widget)(attrs=dict(bound_field.field.widget.attrs))
    for name in ("choices", "format", "input_type", "allow_multiple_selected"):
        if hasattr(bound_field.field.widget, name):
            setattr(widget, name, getattr(bound_field.field.widget, name))
    return bound_field.as_widget(widget=widget)


QUERIES = [
    "",
    "title=%3Cb%3E%22caf%C3%A9%22&match=exact&status=Ended&per_page=50&replay=yes",
    "solution=Youtube&solution=BuiltIn&type=Workshop&start_from=2026-01-02&start_to=2025-01-01",
    "invited_min=5&invited_max=2&attendance_rate_min=abc&no_shows_max=-1&per_page=7",
]


@pytest.mark.parametrize("query", QUERIES)
def test_every_filter_widget_writes_what_djangos_templates_write(query):
    form = LiveFilterForm(QueryDict(query))
    form.is_valid()
    for name in form.fields:
        assert form.fields[name].widget.template_name in LEAN_TEMPLATES.values(), name
        assert str(form[name]) == _as_django_writes_it(form[name]), name


class _AnyWidgets(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"required": True, "data-x": "<&>"}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"disabled": False}))
    email = forms.EmailField()
    picked = forms.MultipleChoiceField(
        choices=[("a", "A & a"), ("Group", [("b", "B"), ("c", "C")])], required=False
    )
    radio = forms.ChoiceField(
        choices=[("x", "X"), ("y", "<y>")], widget=forms.RadioSelect, required=False
    )
    ticks = forms.MultipleChoiceField(
        choices=[("1", "One"), ("Two", [("2", "2"), ("3", "3")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
        required=False,
    )


@pytest.mark.parametrize(
    "data", [None, {"text": "t", "picked": ["b"], "radio": "y", "ticks": ["1", "3"]}]
)
def test_lean_templates_write_what_django_writes_for_other_widgets(data):
    form = _AnyWidgets(data)
    lean_widgets(form)
    for name in form.fields:
        assert str(form[name]) == _as_django_writes_it(form[name]), name
