"""Per-person totals, streaks, segments and the live-vs-live marks, on hand-made lives."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from lives_admin.insights.aggregate import aggregate
from lives_admin.insights.charts import TITLE_CHARS, rate_chart, shortened
from lives_admin.insights.comparison import comparison
from lives_admin.meltingspot import Live, LiveMetrics, Participant
from lives_admin.models import InsightLive

DAY = timedelta(days=1)
START = datetime(2026, 1, 5, 18, tzinfo=UTC)


def live(number: int, status="Ended") -> Live:
    return Live(
        id=f"l{number}",
        title=f"Live {number}",
        start_date=START + number * DAY,
        end_date=START + number * DAY + timedelta(hours=1),
        metrics=LiveMetrics(),
        computed_status=status,
    )


def person(live_id, who, status="Accepted", came=False, replay=False, kind="Participant"):
    return Participant(
        id=f"{live_id}-{who}",
        live_id=live_id,
        spot_member_id=who,
        email=f"{who}@example.org",
        first_name=who.title(),
        last_name=None,
        status=status,
        type=kind,
        view_time=600 if came else 0,
        has_participated=came,
        has_replayed=replay,
    )


def series(patterns: dict[str, str], statuses=("Ended",) * 4):
    """patterns: who → one letter per live (A attended, N no-show, R replay-only no-show,
    I invited, D declined, - absent from the live)."""
    lives = [live(n, status) for n, status in enumerate(statuses, start=1)]
    pairs = []
    for index, each in enumerate(lives):
        people = []
        for who, pattern in patterns.items():
            letter = pattern[index]
            if letter == "-":
                continue
            status = {"I": "Invited", "D": "Declined"}.get(letter, "Accepted")
            people.append(person(each.id, who, status, letter == "A", letter == "R"))
        pairs.append((each, people))
    return pairs


def by_key(result):
    return {p.key: p for p in result.people}


def test_streaks_count_registered_lives_in_a_row_in_date_order():
    pairs = series({"ada": "ANNN", "bob": "NN-A", "cy": "N-AN", "dee": "NA-N"})
    people = by_key(aggregate(list(reversed(pairs))))  # given in any order
    assert (people["ada"].current_streak, people["ada"].longest_streak) == (3, 3)
    assert (people["bob"].current_streak, people["bob"].longest_streak) == (0, 2)
    assert (people["cy"].current_streak, people["cy"].longest_streak) == (1, 1)
    # A live they were not invited to does not break the streak.
    assert (people["dee"].current_streak, people["dee"].longest_streak) == (1, 1)
    assert people["ada"].segments["chronic_no_show"]
    assert not people["bob"].segments["chronic_no_show"]


def test_an_upcoming_live_is_no_no_show():
    pairs = series({"ada": "ANNN"}, statuses=("Ended", "Ended", "Ended", "Planned"))
    ada = by_key(aggregate(pairs))["ada"]
    assert (ada.current_streak, ada.registered) == (2, 4)


def test_segments_and_totals():
    pairs = series({"reg": "AAA-", "rep": "-RR-", "inv": "ID-I", "one": "A---"})
    people = by_key(aggregate(pairs))
    assert people["reg"].segments == {
        "repeat_attendee": True,
        "chronic_no_show": False,
        "replay_only": False,
        "never_registered": False,
    }
    assert (people["reg"].invited, people["reg"].attended, people["reg"].view_time) == (3, 3, 1800)
    assert people["rep"].segments["replay_only"] and people["rep"].segments["chronic_no_show"]
    assert people["inv"].segments["never_registered"] and people["inv"].invited == 3
    assert not any(people["one"].segments.values())


def test_hosts_and_speakers_are_left_out_and_nobody_counts_twice():
    first = live(1)
    people = [
        person("l1", "host", kind="Host", came=True),
        person("l1", "ada", came=True),
        person("l1", "ada", came=True),
    ]
    result = aggregate([(first, people)])
    assert [p.key for p in result.people] == ["ada"] and result.lives[0].audience == 1


def test_a_live_knows_its_repeat_attendees_and_last_times_no_shows():
    pairs = series({"ada": "AANA", "bob": "NA-A", "cy": "---A", "dee": "N-NA"})
    figures = aggregate(pairs).lives
    last = figures[-1]
    assert (last.audience, last.repeat_attendees) == (4, 2)  # ada, bob
    # Before live 4: ada missed live 3, bob came to live 2, dee missed live 3; cy is new.
    assert (last.with_previous, last.no_show_last_time) == (3, 2)
    assert (figures[0].with_previous, figures[0].no_show_last_time) == (0, 0)


def insight_live(position, rate, registrant=10, status="Ended", **metrics):
    attendee = round(registrant * rate / 100)
    return InsightLive(
        position=position,
        live_id=f"l{position}",
        title=f"Live {position}",
        status=status,
        registrant=registrant,
        attendee=attendee,
        attendance_rate=rate,
        no_show=registrant - attendee,
        **metrics,
    )


def test_best_and_worst_are_marked_among_the_lives_that_are_over():
    lives = [
        insight_live(1, 50),
        insight_live(2, 80),
        insight_live(3, 30),
        insight_live(4, 0, registrant=4, status="Planned"),
    ]
    rows = comparison(lives)
    assert [row.mark for row in rows] == ["", "Best", "Worst", ""]
    rate = next(cell for cell in rows[1].cells if cell.name == "attendance_rate")
    no_shows = next(cell for cell in rows[2].cells if cell.name == "no_show_rate")
    assert (rate.mark, no_shows.mark, no_shows.value) == ("best", "worst", 70)
    chart = rate_chart(rows)
    assert [c.mark for c in chart.columns] == ["", "Best", "Worst", ""]
    assert chart.columns[3].attendance is None and "not rated" in chart.summary
    assert chart.columns[1].attendance_width == "51.2%"  # 80 % of the bars' span
    assert chart.columns[0].attendance_width == "32.0%"


def test_one_live_alone_has_no_best_or_worst():
    rows = comparison([insight_live(1, 50)])
    assert rows[0].mark == "" and not any(cell.mark for cell in rows[0].cells)


def test_two_lives_mark_no_best_or_worst():
    """With two lives every cell would be one or the other: that informs nobody."""
    rows = comparison([insight_live(1, 50), insight_live(2, 80)])
    assert [row.mark for row in rows] == ["", ""]
    assert not [cell.mark for row in rows for cell in row.cells if cell.mark]


def test_three_lives_that_tie_mark_nothing_and_share_a_mark_when_two_tie():
    tied = comparison([insight_live(n, 50) for n in (1, 2, 3)])
    rate = [next(c for c in row.cells if c.name == "attendance_rate") for row in tied]
    assert [cell.mark for cell in rate] == ["", "", ""]
    rows = comparison([insight_live(1, 50), insight_live(2, 50), insight_live(3, 80)])
    assert [row.mark for row in rows] == ["Worst", "Worst", "Best"]


def test_a_long_title_is_cut_in_the_middle_so_a_series_stays_told_apart():
    title = "Quarterly community meetup: onboarding new members, session 12"
    short = shortened(title)
    assert len(short) <= TITLE_CHARS and short.startswith("Quarterly community")
    assert short.endswith(" 12") and "…" in short  # the number that tells a series apart
    assert shortened("Design critique #1") == "Design critique #1"


def test_view_time_counts_whatever_attendance_says_and_odd_values_count_as_nothing():
    lives = [live(n) for n in (1, 2, 3, 4)]
    seconds = (120, -50, None, 300)  # not "attended" for the first: a value is a value
    pairs = []
    for each, value in zip(lives, seconds, strict=True):
        someone = person(each.id, "ada", came=each.id == "l4")
        pairs.append((each, [replace(someone, view_time=value)]))
    ada = by_key(aggregate(pairs))["ada"]
    assert ada.view_time == 120 + 300
