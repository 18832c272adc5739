"""`{% html_attrs widget.attrs %}`: a widget's attributes as Django's `attrs.html` writes them.

The lean widget templates (`templates/lives_admin/widgets/`) use it instead of including
`attrs.html`, whose loop of tags per attribute was most of the filter bar's time.
"""

from html import escape

from django import template
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()


def _escaped(value) -> str:
    # As autoescape does: what is already safe HTML stays as it is.
    return str(value) if isinstance(value, SafeData) else escape(str(value))


@register.simple_tag
def html_attrs(attrs) -> SafeString:
    """In the dict's order: ` name="value"` escaped, ` name` for True, nothing for False
    (django.forms.utils.flatatt would move the True ones last). Plain escaping, not
    format_html: this runs for every widget and option of a form."""
    return mark_safe(  # noqa: S308 (every name and value is escaped above)
        "".join(
            f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )
