"""Forms of the groups, speakers and participants of a live.

The list filters are GET forms: a bad value becomes an error message next to its
field and is left out, never a 500.
"""

from __future__ import annotations

from django import forms

from lives_admin.forms.fields import BoundedValuesField
from lives_admin.invites.parse import NAMED_ADDRESS, split_name
from lives_admin.meltingspot import (
    PARTICIPANT_STATUSES,
    PARTICIPANT_TYPES,
    ParticipantFilters,
    SpeakerFilters,
    is_id,
)

PAGE_SIZES = (10, 25, 50, 100)
MAX_BULK_SPEAKERS = 1000  # members ticked for one speakers~bulkInvite (split by the client)
MAX_TICKED_GROUPS = 100  # groups ticked in the link picker
MAX_GROUP_QUERY = 100
# What an absent parameter means: left out of addresses (the form shows it as chosen).
FILTER_DEFAULTS = {"match": "contains", "per_page": "25", "page": "1"}
MATCH_CHOICES = [("contains", "contains"), ("eq", "is exactly")]
YES_NO = [("", "Any"), ("true", "Yes"), ("false", "No")]
STATUS_LABELS = {"Invited": "Invited", "Accepted": "Accepted", "Declined": "Declined"}
TYPE_LABELS = {"Participant": "Participant", "Speaker": "Speaker", "Host": "Host"}


def _yes_no(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def _search_box():
    # data-search: the page's script clears it on Escape and keeps the caret on swaps.
    return forms.SearchInput(attrs={"data-search": True})


class _PeopleFilterForm(forms.Form):
    first_name = forms.CharField(
        required=False, max_length=100, label="First name", widget=_search_box()
    )
    last_name = forms.CharField(
        required=False, max_length=100, label="Last name", widget=_search_box()
    )
    email = forms.CharField(required=False, max_length=200, label="Email", widget=_search_box())
    match = forms.ChoiceField(
        required=False, choices=MATCH_CHOICES, label="Names and email", initial="contains"
    )
    replayed = forms.ChoiceField(required=False, choices=YES_NO, label="Watched the replay")
    participated = forms.ChoiceField(required=False, choices=YES_NO, label="Attended")
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(size, f"{size} per page") for size in PAGE_SIZES],
        label="Rows per page",
    )

    def clean_page(self):
        return self.cleaned_data.get("page") or 1

    def clean_per_page(self):
        return self.cleaned_data.get("per_page") or 25

    def _value(self, name):
        return self.cleaned_data.get(name) if name not in self.errors else None

    def _names(self) -> dict:
        op = self._value("match") or "contains"
        names = {}
        for field in ("first_name", "last_name", "email"):
            value = (self._value(field) or "").strip()
            if value:
                names[f"{field}_{op}"] = value
        return names

    def _flags(self) -> dict:
        return {
            "has_replayed": _yes_no(self._value("replayed") or ""),
            "has_participated": _yes_no(self._value("participated") or ""),
        }

    @property
    def page_number(self) -> int:
        return self._value("page") or 1

    @property
    def per_page_value(self) -> int:
        return self._value("per_page") or 25


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
        label="Status",
    )
    type = forms.MultipleChoiceField(
        required=False,
        choices=[(t, TYPE_LABELS[t]) for t in PARTICIPANT_TYPES],
        widget=forms.CheckboxSelectMultiple,
        label="Role",
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


class InviteParticipantForm(forms.Form):
    member = forms.CharField(
        max_length=254,
        label="Email or member",
        help_text="An email address, or pick a member of the Spot.",
    )
    spot_member_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    with_email_notification = forms.BooleanField(
        required=False, initial=True, label="Send the invitation email"
    )

    def clean(self):
        cleaned = super().clean()
        member_id = (cleaned.get("spot_member_id") or "").strip()
        typed = (cleaned.get("member") or "").strip()
        if member_id:
            cleaned["target"] = member_id
        elif "@" in typed:
            # "Ada Lovelace <ada@example.org>", as a mail client copies it: the API takes
            # no name for a participant, so the name is kept for the confirmation.
            named = NAMED_ADDRESS.match(typed)
            email = named.group("email") if named else typed
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                self.add_error("member", f"“{email}” is not a valid email address.")
            cleaned["target"] = email.lower()
            name = " ".join(split_name(named.group("name"))).strip() if named else ""
            cleaned["invitee"] = f"{name} ({cleaned['target']})" if name else cleaned["target"]
        elif typed:
            self.add_error("member", "Type an email address, or pick a member from the list.")
        return cleaned


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


class TickedGroupsForm(forms.Form):
    """The link picker as sent: its search, the groups ticked and the email switch.
    Bounded before anything is asked of MeltingSpot (LinkGroupsForm then checks the
    groups exist)."""

    q = forms.CharField(
        required=False,
        max_length=MAX_GROUP_QUERY,
        error_messages={"max_length": f"Search with at most {MAX_GROUP_QUERY} characters."},
    )
    group_ids = BoundedValuesField(
        max_items=MAX_TICKED_GROUPS,
        exact=True,  # a blank or forged id is refused by LinkGroupsForm, not dropped
        error_messages={
            "too_many": f"Tick at most {MAX_TICKED_GROUPS} groups at a time "
            "(%(count)s were ticked): nothing was linked."
        },
    )
    with_email_notification = forms.BooleanField(required=False)


class GroupSearchForm(forms.Form):
    """The group picker's search (as the organiser types): the groups ticked before a
    link that failed stay ticked; `pick=one` offers radios (the invite wizard's source)."""

    q = forms.CharField(
        required=False,
        max_length=MAX_GROUP_QUERY,
        error_messages={"max_length": f"Search with at most {MAX_GROUP_QUERY} characters."},
    )
    ticked = BoundedValuesField(max_items=MAX_TICKED_GROUPS)
    pick = forms.ChoiceField(required=False, choices=[("", "several"), ("one", "one")])


class LinkGroupsForm(forms.Form):
    """`existing`: the ids among those posted that are groups of the Spot, as MeltingSpot
    lists them now (lives_admin.spot_groups). Only those can be linked: a forged id, or a
    group deleted since the search, is a form error, and nothing is sent."""

    group_ids = forms.MultipleChoiceField(
        label="Groups",
        error_messages={
            "required": "Pick at least one group to link.",
            "invalid_choice": (
                "A group you ticked no longer exists on MeltingSpot: nothing was linked."
            ),
        },
    )
    with_email_notification = forms.BooleanField(
        required=False, label="Email the groups' members about this live"
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_ids"].choices = [(g, g) for g in existing if is_id(g)]


UNLINK_ERRORS = {
    "required": "Tick the groups to unlink first.",
    "invalid_choice": (
        "A group you ticked is not linked to this live (any more): nothing was "
        "unlinked. Reload the page to see the live's groups."
    ),
}


class UnlinkGroupsForm(forms.Form):
    """`linked`: the ids of the groups linked to the live, as MeltingSpot lists them now.
    Only those can be unlinked: a forged or stale id is a form error, and nothing is sent.

    One row's button sends `group_ids`; the bulk bar sends its ticked rows as `selected`,
    read only when no row's button was pressed. Either way the ids are in
    cleaned_data["group_ids"]."""

    group_ids = forms.MultipleChoiceField(required=False, error_messages=UNLINK_ERRORS)
    selected = forms.MultipleChoiceField(required=False, error_messages=UNLINK_ERRORS)

    def __init__(self, *args, linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(g, g) for g in linked]
        self.fields["group_ids"].choices = choices
        self.fields["selected"].choices = choices
        if self.is_bound and self["group_ids"].value():
            del self.fields["selected"]  # the row's button wins over the ticks

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("group_ids") or cleaned.get("selected") or []
        if not chosen and not self.errors:
            self.add_error("group_ids", UNLINK_ERRORS["required"])
        cleaned["group_ids"] = chosen
        return cleaned
