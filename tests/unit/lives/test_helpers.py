"""Duplicate schedules, charts, the Markdown preview and display filters."""

import datetime as dt
import zoneinfo

import pytest

from lives_admin.lives.charts import metric_charts
from lives_admin.lives.markdown_preview import markdown_to_safe_html
from lives_admin.lives.schedule import occurrences
from lives_admin.meltingspot import LiveMetrics
from lives_admin.templatetags.lives_tags import label_of, view_time

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_weekly_copies_keep_the_wall_clock_time_across_daylight_saving():
    start = dt.datetime(2026, 3, 19, 10, 0, tzinfo=PARIS)
    dates = occurrences(start, start + dt.timedelta(hours=1), "weekly", 3)
    assert [s.strftime("%d %H:%M %z") for s, _ in dates] == [
        "19 10:00 +0100",
        "26 10:00 +0100",
        "02 10:00 +0200",
    ]
    assert all(e - s == dt.timedelta(hours=1) for s, e in dates)


def test_once_is_one_copy_whatever_the_count():
    start = dt.datetime(2026, 3, 19, 10, 0, tzinfo=PARIS)
    assert len(occurrences(start, start, "once", 5)) == 1


def test_the_funnel_scales_bars_to_the_invited_and_says_it_in_words():
    funnel, rate, no_shows, replays = metric_charts(
        LiveMetrics(
            invited=200,
            registrant=100,
            attendee=50,
            attendance_rate=50,
            no_show=50,
            total_replay_view=10,
        )
    )
    assert [bar.width for bar in funnel.bars] == [100, 50, 25]  # percent of the width
    assert funnel.summary.startswith("Invited: 200; Registered: 100; Attended: 50.")
    assert "50 % of the invited registered" in funnel.summary
    assert rate.bars[0].width == 50  # 50 % of a 0–100 scale
    assert rate.summary == "50 % of the registrants attended."
    assert [bar.label for bar in no_shows.bars] == ["Attended", "No-shows"]
    assert replays.bars[1].shown == "10"


def test_charts_without_data_say_so():
    funnel, rate, *_ = metric_charts(LiveMetrics())
    assert not funnel.has_data
    assert funnel.bars[0].shown == "no data"
    assert rate.summary == "No attendance rate yet."


def test_the_preview_renders_markdown_and_drops_scripts():
    html = markdown_to_safe_html("**Hi** [x](javascript:alert(1)) <script>alert(1)</script>")
    assert "<strong>Hi</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_display_filters():
    assert view_time(1830) == "30 min 30 s"
    assert view_time(3900) == "1 h 05 min"
    assert view_time(None) == "—"
    assert label_of("Youtube", "solution") == "YouTube"
    assert label_of("Ended", "display") == "Ended"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://youtu.be/x", "https://youtu.be/x"),
        ("http://vimeo.com/1", "http://vimeo.com/1"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,hi", ""),
        (None, ""),
    ],
)
def test_only_web_links_are_linked(url, shown):
    from lives_admin.templatetags.lives_tags import web_url

    assert web_url(url) == shown
