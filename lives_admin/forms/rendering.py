"""How form fields render: `{{ form.field.as_field_group }}` gives the project's field
(label, the widget with its aria attributes, help text, errors), the same everywhere."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    # The project's templates (not only Django's): the field template lives there.
    field_template_name = "lives_admin/lives/_field.html"


def shown_when(field, condition: str):
    """`field`, shown only while another field has one of some values: "solution=BuiltIn",
    "repeat=daily,weekly". The field template writes it as `data-show-when`, which app.js
    reads (hidden and disabled otherwise, so a hidden field sends nothing)."""
    field.show_when = condition
    return field
