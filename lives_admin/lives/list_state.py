"""The lives list's state, read from the query string (like Django admin's ChangeList).

The query string is the whole state, so a pasted URL reproduces the view. A bad
parameter never fails the page: it becomes a message and its default.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext, pgettext_lazy

from lives_admin.forms.live_filters import (
    BUILT_IN_TYPE_LABELS,
    DEFAULT_PAGE_SIZE,
    METRIC_FILTERS,
    SOLUTION_LABELS,
    SORT_KEYS,
    STATUS_LABELS,
    LiveFilterForm,
)
from lives_admin.i18n.formats import day
from lives_admin.i18n.phrases import FILTERS
from lives_admin.meltingspot import LiveFilters, MetricRange


@dataclass(frozen=True)
class Chip:
    label: str
    remove_query: str  # the query string without this filter


@dataclass(frozen=True)
class SortHeader:
    """A column header's link: the list sorted by it (ascending first, then the other way)."""

    query: str
    # aria-sort of the column the list is sorted by ("ascending" / "descending"), else "".
    direction: str


@dataclass
class LiveListState:
    form: LiveFilterForm
    filters: LiveFilters
    page: int
    per_page: int
    errors: list[str] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    # The filters as a query string without `page`: pagination, saved views, bulk actions.
    query: str = ""
    # The column the list is sorted by (`SORT_KEYS`, "-" first when descending), or "".
    sort: str = ""

    @property
    def wants_index(self) -> bool:
        """What only the lives index can give: a sort, or title search ignoring accents."""
        return bool(self.sort or self.filters.title_contains)

    @property
    def sort_headers(self) -> dict[str, SortHeader]:
        query = QueryDict(self.query, mutable=True)
        query.pop("sort", None)
        headers = {}
        for key in SORT_KEYS:
            direction = {key: "ascending", f"-{key}": "descending"}.get(self.sort, "")
            query["sort"] = f"-{key}" if direction == "ascending" else key
            headers[key] = SortHeader(query.urlencode(), direction)
        return headers

    @property
    def has_filters(self) -> bool:
        return bool(self.chips)

    @property
    def more_filters_in_use(self) -> bool:
        """Whether "More filters" has to be open: one of its own filters (solution, type, a
        metric) is in use or in error. A status or a title alone leaves it closed."""
        form = self.form
        names = {"solution", "type"} | {
            f"{metric.prefix}_{bound}" for metric in METRIC_FILTERS for bound in ("min", "max")
        }
        if any(name in names for name in form.errors):
            return True
        return bool(self.filters.solutions or self.filters.built_in_types or self.filters.metrics)


def _local_midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def filters_from_cleaned(data: dict, zone: dt.tzinfo) -> LiveFilters:
    """LiveFilters from the cleaned filter form; dates are days in the organiser's timezone."""
    title = (data.get("title") or "").strip() or None
    exact = data.get("match") == "exact"
    metrics = {}
    for metric in METRIC_FILTERS:
        low = data.get(f"{metric.prefix}_min")
        high = data.get(f"{metric.prefix}_max")
        if low is None and high is None:
            continue
        metrics[metric.api_name] = MetricRange(
            gte=None if low is None else low * metric.scale,
            lte=None if high is None else high * metric.scale,
        )
    replay = {"yes": True, "no": False}.get(data.get("replay") or "")
    start_from, start_to = data.get("start_from"), data.get("start_to")
    return LiveFilters(
        title_eq=title if exact else None,
        title_contains=None if exact else title,
        status=data.get("status") or None,
        start_date_gte=_local_midnight(start_from, zone) if start_from else None,
        # "on or before a day" = before the next day's midnight, in the organiser's zone.
        start_date_lt=(
            _local_midnight(start_to + dt.timedelta(days=1), zone) if start_to else None
        ),
        solutions=tuple(data.get("solution") or ()),
        built_in_types=tuple(data.get("type") or ()),
        replay=replay,
        metrics=metrics,
    )


def _error_messages(form: LiveFilterForm) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else FILTERS
        for error in errors:
            messages.append(
                gettext("%(label)s: %(error)s This filter was ignored.")
                % {"label": label, "error": error}
            )
    return messages


def _without(query: QueryDict, keys: tuple[str, ...], value: str | None = None) -> str:
    copy = query.copy()
    copy.pop("page", None)
    for key in keys:
        if value is None:
            copy.pop(key, None)
        else:
            copy.setlist(key, [v for v in copy.getlist(key) if v != value])
    return copy.urlencode()


# (without a unit, with one): the unit's space is the language's ("67 %").
_RANGE = (
    pgettext_lazy("filter chip", "%(label)s: %(low)s–%(high)s"),
    pgettext_lazy("filter chip", "%(label)s: %(low)s–%(high)s %(unit)s"),
)
_AT_LEAST = (
    pgettext_lazy("filter chip", "%(label)s ≥ %(low)s"),
    pgettext_lazy("filter chip", "%(label)s ≥ %(low)s %(unit)s"),
)
_AT_MOST = (
    pgettext_lazy("filter chip", "%(label)s ≤ %(high)s"),
    pgettext_lazy("filter chip", "%(label)s ≤ %(high)s %(unit)s"),
)


def _chips(form: LiveFilterForm, data: dict, query: QueryDict) -> list[Chip]:
    chips = []
    title = (data.get("title") or "").strip()
    if title:
        said = (
            gettext("Title is “%(title)s”")
            if data.get("match") == "exact"
            else gettext("Title contains “%(title)s”")
        )
        chips.append(Chip(said % {"title": title}, _without(query, ("title", "match"))))
    if data.get("status"):
        said = gettext("Status: %(status)s") % {"status": STATUS_LABELS[data["status"]]}
        chips.append(Chip(said, _without(query, ("status",))))
    if data.get("start_from"):
        said = gettext("Starts from %(day)s") % {"day": day(data["start_from"])}
        chips.append(Chip(said, _without(query, ("start_from",))))
    if data.get("start_to"):
        said = gettext("Starts until %(day)s") % {"day": day(data["start_to"])}
        chips.append(Chip(said, _without(query, ("start_to",))))
    for value in data.get("solution") or ():
        remove = _without(query, ("solution",), value)
        said = gettext("Solution: %(solution)s") % {"solution": SOLUTION_LABELS[value]}
        chips.append(Chip(said, remove))
    for value in data.get("type") or ():
        remove = _without(query, ("type",), value)
        said = gettext("Type: %(type)s") % {"type": BUILT_IN_TYPE_LABELS[value]}
        chips.append(Chip(said, remove))
    if data.get("replay"):
        label = gettext("With a replay") if data["replay"] == "yes" else gettext("Without replay")
        chips.append(Chip(label, _without(query, ("replay",))))
    for metric in METRIC_FILTERS:
        low = data.get(f"{metric.prefix}_min")
        high = data.get(f"{metric.prefix}_max")
        said = {"label": metric.label, "low": low, "high": high, "unit": metric.unit}
        if low is not None and high is not None:
            text = _RANGE[bool(metric.unit)] % said
        elif low is not None:
            text = _AT_LEAST[bool(metric.unit)] % said
        elif high is not None:
            text = _AT_MOST[bool(metric.unit)] % said
        else:
            continue
        keys = (f"{metric.prefix}_min", f"{metric.prefix}_max")
        chips.append(Chip(text, _without(query, keys)))
    return chips


def _page_number(raw: str | None, errors: list[str]) -> int:
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1 or number > 100_000:
        errors.append(
            gettext("Page “%(page)s” is not a page number: showing the first page.")
            % {"page": raw[:20]}
        )
        return 1
    return number


def list_state_from_query(query: QueryDict, zone: dt.tzinfo | None = None) -> LiveListState:
    zone = zone or zoneinfo.ZoneInfo("UTC")
    data_with_defaults = query.copy()
    if not data_with_defaults.get("per_page"):
        # So the page-size select shows the size in use, not its first option.
        data_with_defaults["per_page"] = str(DEFAULT_PAGE_SIZE)
    form = LiveFilterForm(data_with_defaults)
    form.is_valid()  # invalid fields drop out of cleaned_data: they fall back to their default
    data = form.cleaned_data
    errors = _error_messages(form)
    page = _page_number(query.get("page"), errors)
    kept = QueryDict(mutable=True)
    for key in form.fields:
        # Only what narrows the list: empty fields and defaults stay out of the URL.
        values = [value for value in query.getlist(key) if value]
        if key in data and key != "per_page" and values and data[key] not in ("", None, []):
            kept.setlist(key, values)
    if data.get("match") == "contains" or not data.get("title"):
        kept.pop("match", None)
    if data.get("per_page") and data["per_page"] != DEFAULT_PAGE_SIZE:
        kept["per_page"] = str(data["per_page"])
    return LiveListState(
        form=form,
        filters=filters_from_cleaned(data, zone),
        page=page,
        per_page=data.get("per_page") or DEFAULT_PAGE_SIZE,
        errors=errors,
        chips=_chips(form, data, kept),
        query=kept.urlencode(),
        sort=data.get("sort") or "",
    )


def live_filters_from_query(
    query: QueryDict | str, zone: dt.tzinfo | None = None
) -> tuple[LiveFilters, list[str]]:
    """The LiveFilters a lives-list query string stands for, and messages for ignored parts.

    For "select all N matching": the list posts its query string (hidden `filters`
    input); re-run it with `client.lives.iter_all(filters)`. `zone` is the
    organiser's timezone (date filters are days in it), e.g. `request.organiser_timezone`.
    """
    if isinstance(query, str):
        query = QueryDict(query)
    state = list_state_from_query(query, zone)
    return state.filters, state.errors
