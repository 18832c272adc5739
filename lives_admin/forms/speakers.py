"""Forms of a live's speakers: the list filters, the invite and the bulk invite."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.fields import BoundedValuesField, SwitchField
from lives_admin.forms.people_filters import (
    STATUS_LABELS,
    _PeopleFilterForm,
)
from lives_admin.meltingspot import (
    PARTICIPANT_STATUSES,
    SpeakerFilters,
)
from lives_admin.meltingspot.ids import is_id

MAX_BULK_SPEAKERS = 1000  # members ticked for one speakers~bulkInvite (split by the client)


class SpeakerFilterForm(_PeopleFilterForm):
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status"))] + [(s, STATUS_LABELS[s]) for s in PARTICIPANT_STATUSES],
        label=_("Status"),
    )

    def to_filters(self) -> SpeakerFilters:
        return SpeakerFilters(
            **self._names(), **self._flags(), status=self._value("status") or None
        )


class InviteSpeakerForm(forms.Form):
    MODE_CHOICES = [
        ("member", _("A member of the Spot")),
        ("new", _("Someone new (by email)")),
    ]

    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect, initial="member")
    spot_member_id = forms.CharField(required=False, max_length=64, label=_("Member"))
    email = forms.EmailField(required=False, label=_("Email"))
    first_name = forms.CharField(required=False, max_length=100, label=_("First name"))
    last_name = forms.CharField(required=False, max_length=100, label=_("Last name"))
    title = forms.CharField(
        required=False,
        max_length=200,
        label=_("Title"),
        help_text=_("Shown on the speaker card, e.g. “Head of design”."),
    )
    biography = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    highlighted = SwitchField(label=_("Highlight"))
    grant_host_rights = SwitchField(label=_("Grant host rights"))
    with_email_notification = SwitchField(initial=True, label=_("Send the invitation email"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "member" and not cleaned.get("spot_member_id"):
            self.add_error("spot_member_id", _("Pick the member to invite as a speaker."))
        if cleaned.get("mode") == "new" and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("An email address is needed to invite someone new."))
        return cleaned


NOT_A_MEMBER_ID = _("A value sent is not a member id: nobody was invited.")


class BulkSpeakersForm(forms.Form):
    """Several Spot members invited as speakers at once (the members panel's ticks)."""

    spot_member_ids = BoundedValuesField(
        max_items=MAX_BULK_SPEAKERS,
        required=True,
        error_messages={
            "required": _("Tick the members to invite first."),
            "too_many": format_lazy(
                _("Tick at most {max} members at a time ({sent}): nobody was invited."),
                max=MAX_BULK_SPEAKERS,
                sent=_("%(count)s were sent"),
            ),
        },
    )
    highlighted = forms.BooleanField(required=False)
    with_email_notification = SwitchField(initial=True, label=_("Send the invitation emails"))

    def __init__(self, *args, **kwargs):
        # Its own ids: the one-speaker form beside it has a switch of the same name.
        kwargs.setdefault("auto_id", "speakers_bulk_%s")
        super().__init__(*args, **kwargs)

    def clean_spot_member_ids(self):
        # Only what can be a member's id goes to MeltingSpot (docs/api.md, ids.py): it
        # answered `[]` to ".." and nobody was invited.
        ids = self.cleaned_data["spot_member_ids"]
        if not all(is_id(member_id) for member_id in ids):
            raise forms.ValidationError(NOT_A_MEMBER_ID, code="not_an_id")
        return ids
