"""The one form of the insights: which live to invite a segment to."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.fields import PageForm, SwitchField, search_text

MAX_TARGET_QUERY = 200  # longer than any live's title


class SegmentInviteForm(forms.Form):
    # Any live id: the view reads it again and offers only upcoming lives, so a live found
    # on another page of the search (or since gone) is checked where it matters.
    live_id = forms.CharField(
        label=_("Invite them to"),
        max_length=64,
        error_messages={"required": _("Pick the live to invite them to.")},
    )
    with_email_notification = SwitchField(initial=True, label=_("Send the invitation emails"))


class TargetSearchForm(PageForm):
    """The search for the upcoming live to invite a segment to, and its page."""

    q = search_text(MAX_TARGET_QUERY)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "target-%s")  # the box is #target-q
        super().__init__(*args, **kwargs)

    @property
    def query(self) -> str:
        """What to search for: nothing when too long (the box says why), never a cut."""
        self.is_valid()
        return self.cleaned_data.get("q") or ""
