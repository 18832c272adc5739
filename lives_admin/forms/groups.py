"""Forms of a live's groups: search, tick, link and unlink."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.fields import BoundedValuesField, SwitchField, search_text
from lives_admin.meltingspot import (
    is_id,
)

MAX_TICKED_GROUPS = 100  # groups ticked in the link picker
MAX_GROUP_QUERY = 100


class TickedGroupsForm(forms.Form):
    """The link picker as sent: its search, the groups ticked and the email switch.
    Bounded before anything is asked of MeltingSpot (LinkGroupsForm then checks the
    groups exist)."""

    q = search_text(MAX_GROUP_QUERY)
    group_ids = BoundedValuesField(
        max_items=MAX_TICKED_GROUPS,
        exact=True,  # a blank or forged id is refused by LinkGroupsForm, not dropped
        error_messages={
            "too_many": format_lazy(
                _("Tick at most {max} groups at a time ({sent}): nothing was linked."),
                max=MAX_TICKED_GROUPS,
                sent=_("%(count)s were ticked"),
            )
        },
    )
    with_email_notification = SwitchField(label=_("Email the groups' members about this live"))


class GroupSearchForm(forms.Form):
    """The group picker's search (as the organiser types): the groups ticked before a
    link that failed stay ticked; `pick=one` offers radios (the invite wizard's source)."""

    q = search_text(MAX_GROUP_QUERY)
    ticked = BoundedValuesField(max_items=MAX_TICKED_GROUPS)
    pick = forms.ChoiceField(required=False, choices=[("", "several"), ("one", "one")])


class LinkGroupsForm(forms.Form):
    """`existing`: the ids among those posted that are groups of the Spot, as MeltingSpot
    lists them now (lives_admin.people.spot_groups). Only those can be linked: a forged id, or a
    group deleted since the search, is a form error, and nothing is sent."""

    group_ids = forms.MultipleChoiceField(
        label=_("Groups"),
        error_messages={
            "required": _("Pick at least one group to link."),
            "invalid_choice": _(
                "A group you ticked no longer exists on MeltingSpot: nothing was linked."
            ),
        },
    )
    with_email_notification = forms.BooleanField(
        required=False, label=_("Email the groups' members about this live")
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_ids"].choices = [(g, g) for g in existing if is_id(g)]


UNLINK_ERRORS = {
    "required": _("Tick the groups to unlink first."),
    "invalid_choice": _(
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
