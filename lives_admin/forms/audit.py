"""The audit log's filters: every field optional; a bad value is reported and ignored,
the other filters still apply."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.audit.display import JOB_BATCH, OUTCOME_CHOICES, action_choices, operations_of
from lives_admin.meltingspot.ids import is_id
from lives_admin.models.audit import UNCONFIRMED_STATES

EARLIEST_YEAR, LATEST_YEAR = 1970, 9000
OUTCOMES = OUTCOME_CHOICES  # the rows' words (audit_display), not words of their own


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        full_name = user.get_full_name()
        return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def people_in_the_log():
    """Only the accounts that appear in the log: a short list, and no one else's name."""
    from lives_admin.models import AuditEntry

    users = get_user_model().objects
    return users.filter(pk__in=AuditEntry.objects.values("actor_id")).order_by("username")


class AuditFilterForm(forms.Form):
    person = PersonField(queryset=None, required=False, label=_("Person"), empty_label=_("Anyone"))
    actor = forms.CharField(
        required=False,
        max_length=150,
        label=_("Name contains"),
        # Jobs and the system are no accounts: their names are found here.
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. job #12, system")}),
    )
    live = forms.CharField(
        required=False,
        max_length=64,
        label=_("Live id"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    action = forms.ChoiceField(required=False, label=_("Action"))
    outcome = forms.ChoiceField(required=False, choices=OUTCOMES, label=_("Outcome"))
    job = forms.IntegerField(required=False, min_value=1, label=_("Job #"))
    date_from = forms.DateField(
        required=False,
        label=pgettext_lazy("date range", "From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        required=False, label=_("To (included)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_in_the_log()
        self.fields["action"].choices = [("", _("Any action")), *action_choices()]

    def _sensible(self, name: str):
        day = self.cleaned_data.get(name)
        # Year 1 or 9999 would overflow once turned into a UTC range.
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise forms.ValidationError(
                _("Enter a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        return day

    def clean_live(self):
        # The filter links to the live's page: only what can be a live's id is one.
        live = self.cleaned_data.get("live", "")
        if live and not is_id(live):
            raise forms.ValidationError(
                _(
                    "This is not a live id: an id has letters, digits, “-”, “_” and dots "
                    "inside only."
                )
            )
        return live

    def clean_date_from(self):
        return self._sensible("date_from")

    def clean_date_to(self):
        return self._sensible("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("This date is before the “From” date."))
        return data

    def applied(self) -> dict:
        """The filters that hold, bad ones left out (they carry an error to show)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


def _day_start(day: dt.date, zone) -> dt.datetime:
    """Midnight of `day` in the reader's timezone: "from 3 March" means their 3 March."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def filter_entries(queryset, data: dict, zone=None):
    zone = zone or timezone.get_current_timezone()
    if data.get("person"):
        queryset = queryset.filter(actor=data["person"])
    if data.get("actor"):
        queryset = queryset.filter(actor_label__icontains=data["actor"])
    if data.get("live"):
        queryset = queryset.filter(live_id=data["live"])
    if data.get("action") == JOB_BATCH:
        queryset = queryset.filter(job_id__isnull=False)
    elif data.get("action"):
        queryset = queryset.filter(operation__in=operations_of(data["action"]))
    if data.get("outcome") == "ok":
        queryset = queryset.filter(ok=True)
    elif data.get("outcome") == "failed":  # did not succeed (those that may have, too)
        queryset = queryset.filter(ok=False)
    elif data.get("outcome") == "unconfirmed":
        queryset = queryset.filter(state__in=UNCONFIRMED_STATES)
    if data.get("job"):
        queryset = queryset.filter(job_id=data["job"])
    if data.get("date_from"):
        queryset = queryset.filter(created_at__gte=_day_start(data["date_from"], zone))
    if data.get("date_to"):
        next_day = data["date_to"] + dt.timedelta(days=1)
        queryset = queryset.filter(created_at__lt=_day_start(next_day, zone))
    return queryset
