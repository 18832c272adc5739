"""The checker behind test_templates_marked finds what a person would read untranslated."""

from tests.i18n.untranslated import untranslated_texts


def found_in(tmp_path, source: str) -> list[str]:
    path = tmp_path / "page.html"
    path.write_text(source, encoding="utf-8")
    return [item.text for item in untranslated_texts(path, "page.html")]


def test_it_finds_text_attributes_and_literals(tmp_path):
    found = found_in(
        tmp_path,
        '<h1>Lives list</h1><a title="Open it" aria-label="Main menu" href="/x/">{{ x }}</a>'
        '<input placeholder="e.g. Alumni"><img alt="A chart" src="a.png">'
        '<button hx-confirm="Sure?" value="Go now" type="submit">{% translate "Go" %}</button>'
        '<td data-label="When">{{ when|default:"never" }}</td>{% firstof a "the live" %}'
        '{{ n }} entr{{ n|pluralize:"y,ies" }}{% include "x.html" with crumb="Link a group" %}',
    )
    assert set(found) == {
        "Lives list",
        "title=Open it",
        "aria-label=Main menu",
        "placeholder=e.g. Alumni",
        "alt=A chart",
        "hx-confirm=Sure?",
        "value=Go now",
        "data-label=When",
        '|default:"never"',
        '"the live"',
        "entr",
        '|pluralize:"y,ies"',
        'crumb="Link a group"',
    }


def test_it_leaves_translated_hidden_and_non_word_text_alone(tmp_path):
    assert not found_in(
        tmp_path,
        '{% load i18n %}<h1>{% translate "Lives list" %}</h1>'
        "{% blocktranslate count counter=n %}{{ counter }} entry{% plural %}{{ counter }} entries"
        "{% endblocktranslate %}{# a comment #}{% comment %}Hidden note{% endcomment %}"
        "<!-- html -->"
        '<script>const a = "text";</script><span aria-hidden="true">×</span> · — 42 %'
        '<a title="{% translate "Open it" %}" class="btn btn-sm" href="?page=2">›</a>'
        '{{ title|default:_("the live") }}{% firstof a _("the live") %}<span>MeltingSpot</span>'
        '<div data-show-when="solution=BuiltIn" class="message-{{ tag|default:\'info\' }}"></div>'
        '<input type="hidden" name="state" value="done">',
    )
