"""How form fields render: `{{ form.field.as_field_group }}` gives the project's field
(label, the widget with its aria attributes, help text, errors), the same everywhere."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import ChoiceWidget, Input


class FormRenderer(TemplatesSetting):
    # The project's templates (not only Django's): the field template lives there.
    field_template_name = "lives_admin/lives/_field.html"


def shown_when(field, condition: str):
    """`field`, shown only while another field has one of some values: "solution=BuiltIn",
    "repeat=daily,weekly". The field template writes it as `data-show-when`, which app.js
    reads (hidden and disabled otherwise, so a hidden field sends nothing)."""
    field.show_when = condition
    return field


# Django's widget templates include one template per option and loop over the attributes
# with a tag each (input → attrs, select → option → attrs): most of the filter bar's time.
# These write the same HTML in one template each (tests/unit/forms/test_lean_widgets.py).
LEAN_TEMPLATES = {
    "input": "lives_admin/widgets/input.html",
    "select": "lives_admin/widgets/select.html",
    "multiple_input": "lives_admin/widgets/multiple_input.html",
}
# The option templates the lean multiple_input.html writes inline (Django's own only).
_INLINED_OPTIONS = (
    "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio_option.html",
)


def _lean_template(widget) -> str | None:
    default = type(widget).template_name
    if widget.template_name != default or not default.startswith("django/forms/widgets/"):
        return None  # a template of our own: left as it is
    if isinstance(widget, ChoiceWidget):
        if isinstance(widget, forms.Select):
            return LEAN_TEMPLATES["select"]
        if widget.option_template_name in _INLINED_OPTIONS:
            return LEAN_TEMPLATES["multiple_input"]
        return None
    if isinstance(widget, Input):
        return LEAN_TEMPLATES["input"]
    return None


def lean_widgets(form):
    """Render `form`'s widgets (Django's inputs, selects, checkboxes and radios) through
    the lean templates; others keep theirs."""
    for field in form.fields.values():
        template = _lean_template(field.widget)
        if template:
            field.widget.template_name = template
    return form
