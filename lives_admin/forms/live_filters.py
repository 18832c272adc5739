"""The lives list's filter bar: every filter `GET /v1/lives` documents, as a Django form.

Query parameters are named for people (`registrants_min`, `start_from`), not for the
API (`registrant[gte]`); `lives_admin.lives.list_state` turns the cleaned form into
`LiveFilters`. Every field is optional: a bad value is reported and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.forms.rendering import lean_widgets
from lives_admin.i18n.phrases import TITLE_SEARCH_IS_ACCENT_SENSITIVE
from lives_admin.meltingspot import BUILT_IN_TYPES, LIVE_STATUSES, SOLUTIONS

PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25

SOLUTION_LABELS = {
    "Youtube": "YouTube",
    "Vimeo": "Vimeo",
    "BuiltIn": _("Built-in"),
    "NoSolution": _("No video"),
}
BUILT_IN_TYPE_LABELS = {"Workshop": _("Workshop"), "Conference": _("Conference")}
STATUS_LABELS = {
    "Planned": pgettext_lazy("live status", "Planned"),
    "Live": pgettext_lazy("live status", "Live now"),
    "Ended": pgettext_lazy("live status", "Ended"),
}


# Dates become Unix seconds and the range end adds a day: keep to sane years.
FIRST_YEAR, LAST_YEAR = 1970, 9998


@dataclass(frozen=True)
class MetricFilter:
    """One metric's min–max pair: its query prefix, its API name, and how a person reads it."""

    prefix: str
    api_name: str
    label: str  # translated lazily
    unit: str = ""
    # The API counts view time in seconds; organisers think in minutes.
    scale: int = 1


METRIC_FILTERS = (
    MetricFilter("invited", "invited", pgettext_lazy("people", "Invited")),
    MetricFilter("registrants", "registrant", _("Registrants")),
    MetricFilter("attendees", "attendee", _("Attendees")),
    MetricFilter("attendance_rate", "attendanceRate", _("Attendance rate"), unit="%"),
    MetricFilter("no_shows", "noShow", _("No-shows")),
    MetricFilter("view_minutes", "averageViewTime", _("Average view time"), unit="min", scale=60),
    MetricFilter("replay_views", "totalReplayView", _("Replay views")),
)

# The list's sortable columns, as they appear in `?sort=` ("-" first: descending). Read by
# the lives index (lives_admin/lives/index.py), the one place that can sort.
SORT_KEYS = (
    "title",
    "start",
    "status",
    "solution",
    "invited",
    "registrants",
    "attendees",
    "attendance",
)

MATCH_CHOICES = [("contains", _("contains")), ("exact", _("is exactly"))]
REPLAY_CHOICES = [
    ("", _("With or without replay")),
    ("yes", _("With a replay")),
    ("no", _("Without replay")),
]


def _metric_label(metric: MetricFilter, word) -> str:
    """ "Attendance rate (%), at least"."""
    if metric.unit:
        return format_lazy(
            _("{metric} ({unit}), {bound}"), metric=metric.label, unit=metric.unit, bound=word
        )
    return format_lazy(_("{metric}, {bound}"), metric=metric.label, bound=word)


class LiveFilterForm(forms.Form):
    title = forms.CharField(
        required=False,
        max_length=200,
        label=_("Title"),
        help_text=TITLE_SEARCH_IS_ACCENT_SENSITIVE,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Search by title"), "autocomplete": "off"}
        ),
    )
    match = forms.ChoiceField(
        required=False, choices=MATCH_CHOICES, label=_("Title match"), initial="contains"
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status")), *((s, STATUS_LABELS[s]) for s in LIVE_STATUSES)],
        label=_("Status"),
    )
    start_from = forms.DateField(
        required=False,
        label=_("Starts on or after"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_to = forms.DateField(
        required=False,
        label=_("Starts on or before"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    solution = forms.MultipleChoiceField(
        required=False,
        choices=[(s, SOLUTION_LABELS[s]) for s in SOLUTIONS],
        label=_("Video solution"),
        widget=forms.CheckboxSelectMultiple,
    )
    type = forms.MultipleChoiceField(
        required=False,
        choices=[(t, BUILT_IN_TYPE_LABELS[t]) for t in BUILT_IN_TYPES],
        label=_("Built-in type"),
        widget=forms.CheckboxSelectMultiple,
    )
    replay = forms.ChoiceField(required=False, choices=REPLAY_CHOICES, label=_("Replay"))
    per_page = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(n, format_lazy(_("{count} per page"), count=n)) for n in PAGE_SIZES],
        label=_("Rows per page"),
        empty_value=DEFAULT_PAGE_SIZE,
    )

    sort = forms.ChoiceField(
        required=False,
        choices=[("", _("MeltingSpot's order"))]
        + [(key, key) for key in SORT_KEYS]
        + [(f"-{key}", f"-{key}") for key in SORT_KEYS],
        label=_("Sort"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for metric in METRIC_FILTERS:
            for bound, word in (("min", _("at least")), ("max", _("at most"))):
                self.fields[f"{metric.prefix}_{bound}"] = forms.IntegerField(
                    required=False,
                    min_value=0,
                    max_value=100 if metric.unit == "%" else 10**9,
                    label=_metric_label(metric, word),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": word}),
                )
        # The bar is on every list view: its widgets render through the lean templates.
        lean_widgets(self)

    def metric_rows(self):
        """(metric, min field, max field) for the template's min–max ranges."""
        return [
            (metric, self[f"{metric.prefix}_min"], self[f"{metric.prefix}_max"])
            for metric in METRIC_FILTERS
        ]

    def clean(self):
        data = super().clean()
        for name in ("start_from", "start_to"):
            day = data.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Pick a date between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
                data.pop(name, None)
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if start_from and start_to and start_to < start_from:
            self.add_error("start_to", _("The end of the range is before its start."))
        for metric in METRIC_FILTERS:
            low = data.get(f"{metric.prefix}_min")
            high = data.get(f"{metric.prefix}_max")
            if low is not None and high is not None and high < low:
                self.add_error(f"{metric.prefix}_max", _("The maximum is below the minimum."))
        return data
