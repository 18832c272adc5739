"""Fields rendered with as_field_group go through the project's field template: a label
tied to the input, the help text and errors named by aria-describedby."""

import re

from django.template import engines

from lives_admin.forms.lives import LiveCreateForm
from lives_admin.forms.participants import ParticipantFilterForm
from lives_admin.forms.speakers import InviteSpeakerForm, SpeakerFilterForm


def render(form, *names) -> str:
    text = "".join(f"{{{{ f.{name}.as_field_group }}}}" for name in names)
    return engines["django"].from_string(text).render({"f": form})


def test_a_required_field_with_help_and_an_error_keeps_its_accessible_html():
    form = LiveCreateForm(data={})
    form.is_valid()
    html = render(form, "title")
    assert '<div class="field has-error">' in html
    assert '<label for="id_title">Title <span class="muted small">(required)</span></label>' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="[^"]*id_title_error', html)
    assert '<ul class="errorlist" id="id_title_error">' in html


def test_help_text_is_described_by_its_id():
    html = render(InviteSpeakerForm(), "title")
    assert 'aria-describedby="id_title_helptext"' in html
    assert '<p class="help" id="id_title_helptext">' in html


def test_people_filters_are_search_boxes_with_ids_of_their_own():
    participants = render(ParticipantFilterForm({}), "first_name", "last_name", "email")
    speakers = render(SpeakerFilterForm({}, auto_id="speakers_%s"), "first_name", "email")
    invite = render(InviteSpeakerForm(), "first_name", "email")
    ids = [re.findall(r' id="([^"]+)"', html) for html in (participants, speakers, invite)]
    flat = [i for group in ids for i in group]
    assert len(flat) == len(set(flat)), flat  # one live page shows all three forms
    assert '<label for="participants_first_name">First name</label>' in participants
    assert 'type="search" name="first_name"' in participants
    assert "data-search" in participants
    assert '<div class="field field-wide">' in participants  # the email box is wider
    assert "field-wide" not in speakers
