"""docs/api.md, D3: one encoding for every filter; unknown filters are programming errors."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from lives_admin.meltingspot import LiveFilters, MetricRange, ParticipantFilters
from lives_admin.meltingspot.filters import encode_query


def test_every_live_filter_in_its_documented_form():
    paris = timezone(timedelta(hours=1))
    filters = LiveFilters(
        title_eq="Exact",
        title_contains="onboarding",
        status="Planned",
        start_date_gte=datetime(2026, 1, 15, 11, 0, tzinfo=paris),
        start_date_lt=datetime(2026, 2, 1, tzinfo=UTC),
        solutions=("Youtube", "Vimeo"),
        built_in_types=("Workshop",),
        replay=False,
        metrics={"invited": MetricRange(gte=100), "attendanceRate": MetricRange(lt=50, gt=10)},
    )
    assert encode_query(filters, page=1, limit=50) == [
        ("page", "1"),
        ("limit", "50"),
        ("title[eq]", "Exact"),
        ("title[contains]", "onboarding"),
        ("status[eq]", "Planned"),
        ("startDate[lt]", "1769904000"),
        ("startDate[gte]", "1768471200"),
        ("solution[in]", "Youtube,Vimeo"),
        ("replay[eq]", "false"),
        ("builtInType[eq]", "Workshop"),
        ("invited[gte]", "100"),
        ("attendanceRate[lt]", "50"),
        ("attendanceRate[gt]", "10"),
    ]


def test_one_value_is_eq_and_duplicates_collapse():
    query = ParticipantFilters(types=("Host", "Host"), statuses=("Invited", "Declined")).to_query()
    assert query == [("type[eq]", "Host"), ("status[in]", "Invited,Declined")]


def test_unknown_filters_are_programming_errors():
    with pytest.raises(TypeError):
        LiveFilters(title_like="x")
    with pytest.raises(ValueError, match="Unknown metric"):
        LiveFilters(metrics={"likes": MetricRange(gt=1)})


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        LiveFilters(start_date_gt=datetime(2026, 1, 1))


def test_empty_filters_send_nothing():
    assert LiveFilters().to_query() == []
    assert encode_query(None, page=2, limit=10) == [("page", "2"), ("limit", "10")]
