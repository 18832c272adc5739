"""The one form of the insights: which live to invite a segment to."""

from __future__ import annotations

from django import forms


class SegmentInviteForm(forms.Form):
    live_id = forms.ChoiceField(
        label="Invite them to",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pick the live to invite them to.",
            "invalid_choice": "This live is not offered any more: pick another one.",
        },
    )
    with_email_notification = forms.BooleanField(
        required=False, initial=True, label="Send the invitation emails"
    )

    def __init__(self, *args, lives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["live_id"].choices = [(live.id, live.title) for live in lives]
