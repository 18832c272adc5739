"""Forms of the bulk-invite wizard."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.forms.fields import BoundedValuesField, SwitchField, search_text
from lives_admin.i18n.formats import number
from lives_admin.invites.parse import MAX_ROWS, count_pasted
from lives_admin.invites.sources import AUDIENCE_LABELS, MAX_PICKED_MEMBERS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SOURCES = [
    ("paste", _("Paste a list")),
    ("upload", _("Upload a CSV or Excel file")),
    ("group", _("A group's members")),
    ("members", _("Spot members")),
    ("live", _("Another live's audience")),
]


class InviteSourceForm(forms.Form):
    role = forms.ChoiceField(
        choices=[("participants", _("Participants")), ("speakers", _("Speakers"))],
        widget=forms.RadioSelect,
        initial="participants",
        label=_("Invite them as"),
    )
    source = forms.ChoiceField(choices=SOURCES, widget=forms.RadioSelect, initial="paste")
    pasted = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "ada@example.org\nGrace Hopper <grace@example.org>"}
        ),
        label=_("Emails"),
        help_text=_(
            "One per line, or separated by commas or semicolons. “Name <email>” works too."
        ),
    )
    upload = forms.FileField(required=False, label=_("File (.csv or .xlsx)"))
    group_id = forms.CharField(required=False, max_length=64)
    spot_member_ids = forms.MultipleChoiceField(required=False)
    other_live_id = forms.CharField(
        required=False, max_length=64, label=pgettext_lazy("one live", "Live")
    )
    audience = forms.ChoiceField(
        required=False,
        choices=list(AUDIENCE_LABELS.items()),
        initial="no_shows",
        label=_("Who"),
    )
    with_email_notification = SwitchField(initial=True, label=_("Send the invitation emails"))
    highlighted = SwitchField(label=_("Highlight the speakers"))
    grant_host_rights = SwitchField(label=_("Grant host rights"))
    SWITCHES = ("with_email_notification", "highlighted", "grant_host_rights")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Member ids come from the picker; the directory checks them when reading.
        self.fields["spot_member_ids"].choices = [
            (value, value) for value in (self.data.getlist("spot_member_ids") if self.data else [])
        ]

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        required = {
            "paste": ("pasted", _("Paste at least one email address.")),
            "upload": ("upload", _("Choose a file to upload.")),
            "group": ("group_id", _("Pick a group.")),
            "members": ("spot_member_ids", _("Tick at least one member.")),
            "live": ("other_live_id", _("Pick the live whose audience to invite.")),
        }
        if source in required:
            field, message = required[source]
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, message)
        picked = cleaned.get("spot_member_ids") or ()
        if source == "members" and len(picked) > MAX_PICKED_MEMBERS:
            self.add_error(
                "spot_member_ids",
                _("Pick at most %(count)s members at a time, or paste their emails.")
                % {"count": MAX_PICKED_MEMBERS},
            )
        if source == "paste" and count_pasted(cleaned.get("pasted") or "") > MAX_ROWS:
            self.add_error(
                "pasted",
                _("The list has more than %(count)s entries: split it, or upload a file.")
                % {"count": number(MAX_ROWS)},
            )
        upload = cleaned.get("upload")
        if source == "upload" and upload and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("upload", _("The file is larger than 10 MB: split it and retry."))
        return cleaned

    def to_keep(self) -> dict:
        """What the organiser chose, to fill the form in again (not the uploaded file)."""
        data = self.cleaned_data
        kept = ("role", "source", "pasted", "group_id", "other_live_id", "audience")
        switches = self.SWITCHES
        return {name: data.get(name) for name in kept} | {
            name: bool(data.get(name)) for name in switches
        }

    @property
    def options(self) -> dict:
        data = self.cleaned_data
        speakers = data.get("role") == "speakers"
        return {
            "with_email_notification": bool(data.get("with_email_notification")),
            "highlighted": speakers and bool(data.get("highlighted")),
            "grant_host_rights": speakers and bool(data.get("grant_host_rights")),
        }


class ColumnsForm(forms.Form):
    email = forms.TypedChoiceField(coerce=int, label=_("Email column"))
    first_name = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("First name column")
    )
    last_name = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Last name column")
    )

    def __init__(self, *args, column_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(i, name) for i, name in enumerate(column_names)]
        self.fields["email"].choices = choices
        self.fields["first_name"].choices = [("", _("— none —")), *choices]
        self.fields["last_name"].choices = [("", _("— none —")), *choices]


class GroupActionForm(forms.Form):
    group_id = forms.CharField(max_length=64, error_messages={"required": _("Pick a group.")})
    with_email_notification = SwitchField(label=_("Email the group's members about each live"))


MAX_LIVE_QUERY = 100
MAX_EXCLUDED = 50  # lives left out of the other-live picker (those being invited to)


class LiveSearchForm(forms.Form):
    """The other-live picker's search, as the organiser types (htmx) or clicks "Search"."""

    live_q = search_text(MAX_LIVE_QUERY)
    exclude = BoundedValuesField(max_items=MAX_EXCLUDED)
    other_live_id = forms.CharField(required=False, max_length=64)
