"""Template helpers shared by every area."""

from django import template
from django.utils.html import format_html

from lives_admin.i18n import languages, phrases
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


@register.filter
def quoted(text):
    """`{{ title|quoted }}`: “title” in English, « title » in French (escaped as any text)."""
    return phrases.quoted(text)


@register.simple_tag
def language_own_names():
    """`{% language_own_names as languages %}`: each language named in itself."""
    return languages.own_names()
