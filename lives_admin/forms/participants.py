"""Forms of a live's participants: the list filters and the invite."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.fields import SwitchField
from lives_admin.forms.people_filters import (
    STATUS_LABELS,
    TYPE_LABELS,
    _PeopleFilterForm,
)
from lives_admin.invites.parse import NAMED_ADDRESS, split_name
from lives_admin.meltingspot import (
    PARTICIPANT_STATUSES,
    PARTICIPANT_TYPES,
    ParticipantFilters,
)
from lives_admin.meltingspot.ids import is_id


class ParticipantFilterForm(_PeopleFilterForm):
    def __init__(self, *args, **kwargs):
        # Its own ids: the speakers' forms, on the same page, have fields of the same names.
        kwargs.setdefault("auto_id", "participants_%s")
        super().__init__(*args, **kwargs)
        self.fields["email"].wrapper_class = "field-wide"  # read by the field template

    status = forms.MultipleChoiceField(
        required=False,
        choices=[(s, STATUS_LABELS[s]) for s in PARTICIPANT_STATUSES],
        widget=forms.CheckboxSelectMultiple,
        label=_("Status"),
    )
    type = forms.MultipleChoiceField(
        required=False,
        choices=[(t, TYPE_LABELS[t]) for t in PARTICIPANT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        label=_("Role"),
    )

    def to_filters(self, **overrides) -> ParticipantFilters:
        values = {
            **self._names(),
            **self._flags(),
            "types": tuple(self._value("type") or ()),
            "statuses": tuple(self._value("status") or ()),
        }
        values.update(overrides)
        return ParticipantFilters(**values)


class InviteParticipantForm(forms.Form):
    member = forms.CharField(
        max_length=254,
        label=_("Email or member"),
        help_text=_("An email address, or pick a member of the Spot."),
    )
    spot_member_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    with_email_notification = SwitchField(initial=True, label=_("Send the invitation email"))

    def __init__(self, *args, **kwargs):
        # Its own ids: the speaker form, on the same live's page, has the same switch.
        kwargs.setdefault("auto_id", "participant_invite_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        member_id = (cleaned.get("spot_member_id") or "").strip()
        typed = (cleaned.get("member") or "").strip()
        if member_id and not is_id(member_id):
            # Sent in the body, it would reach MeltingSpot as is: only a member's id goes.
            self.add_error(
                "member", _("What was picked is not a member id: pick the member again.")
            )
        elif member_id:
            cleaned["target"] = member_id
        elif "@" in typed:
            # "Ada Lovelace <ada@example.org>", as a mail client copies it: the API takes
            # no name for a participant, so the name is kept for the confirmation.
            named = NAMED_ADDRESS.match(typed)
            email = named.group("email") if named else typed
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                self.add_error(
                    "member", _("“%(email)s” is not a valid email address.") % {"email": email}
                )
            cleaned["target"] = email.lower()
            name = " ".join(split_name(named.group("name"))).strip() if named else ""
            cleaned["invitee"] = f"{name} ({cleaned['target']})" if name else cleaned["target"]
        elif typed:
            self.add_error("member", _("Type an email address, or pick a member from the list."))
        return cleaned
