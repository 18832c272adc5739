"""`{% html_attrs widget.attrs %}`: a widget's attributes as Django's `attrs.html` writes them.

The lean widget templates (`templates/lives_admin/widgets/`) use it instead of including
`attrs.html`, whose loop of tags per attribute was most of the filter bar's time.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def html_attrs(attrs) -> SafeString:
    """In the dict's order: ` name="value"` escaped, ` name` for True, nothing for False
    (django.forms.utils.flatatt would move the True ones last)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )
