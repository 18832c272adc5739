"""Template helpers shared by every area."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ titles|get_item:live_id }}`: a dict lookup by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
