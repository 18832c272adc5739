"""Forms of a live's speakers: the list filters, the invite and the bulk invite."""

from __future__ import annotations

from django import forms

from lives_admin.forms.fields import BoundedValuesField
from lives_admin.forms.people_filters import (
    STATUS_LABELS,
    _PeopleFilterForm,
)
from lives_admin.meltingspot import (
    PARTICIPANT_STATUSES,
    SpeakerFilters,
)

MAX_BULK_SPEAKERS = 1000  # members ticked for one speakers~bulkInvite (split by the client)


class SpeakerFilterForm(_PeopleFilterForm):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status")] + [(s, STATUS_LABELS[s]) for s in PARTICIPANT_STATUSES],
        label="Status",
    )

    def to_filters(self) -> SpeakerFilters:
        return SpeakerFilters(
            **self._names(), **self._flags(), status=self._value("status") or None
        )


class InviteSpeakerForm(forms.Form):
    MODE_CHOICES = [("member", "A member of the Spot"), ("new", "Someone new (by email)")]

    mode = forms.ChoiceField(choices=MODE_CHOICES, widget=forms.RadioSelect, initial="member")
    spot_member_id = forms.CharField(required=False, max_length=64, label="Member")
    email = forms.EmailField(required=False, label="Email")
    first_name = forms.CharField(required=False, max_length=100, label="First name")
    last_name = forms.CharField(required=False, max_length=100, label="Last name")
    title = forms.CharField(
        required=False,
        max_length=200,
        label="Title",
        help_text="Shown on the speaker card, e.g. “Head of design”.",
    )
    biography = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    highlighted = forms.BooleanField(required=False, label="Highlight this speaker")
    grant_host_rights = forms.BooleanField(required=False, label="Grant host rights")
    with_email_notification = forms.BooleanField(
        required=False, initial=True, label="Send the invitation email"
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "member" and not cleaned.get("spot_member_id"):
            self.add_error("spot_member_id", "Pick the member to invite as a speaker.")
        if cleaned.get("mode") == "new" and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "An email address is needed to invite someone new.")
        return cleaned


class BulkSpeakersForm(forms.Form):
    """Several Spot members invited as speakers at once (the members panel's ticks)."""

    spot_member_ids = BoundedValuesField(
        max_items=MAX_BULK_SPEAKERS,
        required=True,
        error_messages={
            "required": "Tick the members to invite first.",
            "too_many": f"Tick at most {MAX_BULK_SPEAKERS} members at a time "
            "(%(count)s were sent): nobody was invited.",
        },
    )
    highlighted = forms.BooleanField(required=False)
    with_email_notification = forms.BooleanField(required=False)
