"""The one form of the insights: which live to invite a segment to."""

from __future__ import annotations

from django import forms


class SegmentInviteForm(forms.Form):
    # Any live id: the view reads it again and offers only upcoming lives, so a live found
    # on another page of the search (or since gone) is checked where it matters.
    live_id = forms.CharField(
        label="Invite them to",
        max_length=64,
        error_messages={"required": "Pick the live to invite them to."},
    )
    with_email_notification = forms.BooleanField(
        required=False, initial=True, label="Send the invitation emails"
    )
