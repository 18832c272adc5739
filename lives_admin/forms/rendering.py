"""How form fields render: `{{ form.field.as_field_group }}` gives the project's field
(label, the widget with its aria attributes, help text, errors), the same everywhere."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    # The project's templates (not only Django's): the field template lives there.
    field_template_name = "lives_admin/lives/_field.html"
