"""`{% widget form.field attr=... %}`: a form field's own input, with the attributes only
the template knows (htmx's, ids that carry the live) added, the field's kept."""

from django import forms
from django.template import engines

from lives_admin.forms.fields import search_text
from tests.html import one


class Search(forms.Form):
    q = search_text(100)


def render(text: str, form) -> str:
    return engines["django"].from_string("{% load dashboard_tags %}" + text).render({"f": form})


def test_the_template_adds_attributes_to_the_fields_input():
    html = render(
        '{% widget f.q id="find-7" hx_get="/search/?pick=one" data_search=True %}',
        Search({"q": "alumni"}),
    )
    box = one(html, "input")
    assert box["id"] == "find-7" and box["name"] == "q" and box["type"] == "search"
    assert box["value"] == "alumni" and box["maxlength"] == "100"
    assert box["hx-get"] == "/search/?pick=one" and box.has_attr("data-search")


def test_an_attribute_given_none_false_or_nothing_is_left_out():
    html = render(
        '{% widget f.q aria_describedby=None data_search=False aria_invalid="" tabindex=0 %}',
        Search(),
    )
    box = one(html, "input")
    assert not box.has_attr("aria-describedby") and not box.has_attr("data-search")
    assert not box.has_attr("aria-invalid") and box["tabindex"] == "0"


def test_a_field_with_errors_says_so_to_assistive_technology():
    form = Search({"q": "x" * 101})
    html = render('{% widget f.q id="find" %}', form)
    assert one(html, "input")["aria-invalid"] == "true"
