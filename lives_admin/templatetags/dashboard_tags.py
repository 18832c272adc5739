"""Template helpers shared by every area."""

from django import template
from django.utils.html import format_html

from lives_admin.forms.groups import GroupSearchForm
from lives_admin.forms.members import MemberSearchForm
from lives_admin.web.submit_once import TOKEN_FIELD, new_token

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ titles|get_item:live_id }}`: a dict lookup by a variable key."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.simple_tag
def submit_token():
    """The one-time token of a form that creates something: sent twice, it is done once
    (lives_admin/web/submit_once.py). A new one each time the form is rendered."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


@register.simple_tag
def widget(field, **attrs):
    """`{% widget form.q id=... hx_get=url data_search=True %}`: the field's own input (its
    name, type, value, maxlength, aria-invalid) with the attributes only the template
    knows, such as htmx's. Underscores become hyphens; None, False or "" leaves one out."""
    given = {
        name.replace("_", "-"): value
        for name, value in attrs.items()
        if not (value is None or value is False or value == "")
    }
    return field.as_widget(attrs=given)


PICKERS = {"members": MemberSearchForm, "groups": GroupSearchForm}


@register.simple_tag
def picker_search(picker: str, value="", **attrs):
    """`{% picker_search "members" id=... hx_get=url %}`: the search box of the member or
    group picker, the `q` of the form its search reads (same bound, same name), with
    what the organiser had typed (`value`) and the template's attributes."""
    form = PICKERS[picker](initial={"q": value or ""}, auto_id=False)
    return widget(form["q"], **attrs)
