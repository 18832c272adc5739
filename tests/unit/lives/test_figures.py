"""The one rule for figures that cannot exist yet (list, a live's page, insights)."""

import datetime as dt

from lives_admin.lives.figures import AFTER_THE_END, metrics_so_far, pending_figures
from lives_admin.meltingspot import LiveMetrics

NOW = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)


def test_planned_or_live_now_is_not_over():
    assert pending_figures("Planned", None, NOW) == AFTER_THE_END
    assert pending_figures("Live", NOW - dt.timedelta(hours=1), NOW) == AFTER_THE_END


def test_an_end_still_ahead_is_not_over_whatever_the_status():
    assert pending_figures("", NOW + dt.timedelta(minutes=1), NOW) == AFTER_THE_END


def test_ended_has_every_figure():
    assert pending_figures("Ended", NOW - dt.timedelta(minutes=1), NOW) == frozenset()
    assert pending_figures("Ended", None, NOW) == frozenset()


def test_metrics_so_far_keeps_invitations_and_registrations():
    metrics = LiveMetrics(invited=5, registrant=2, attendee=0, attendance_rate=0, no_show=2)
    shown = metrics_so_far(metrics, AFTER_THE_END)
    assert (shown.invited, shown.registrant) == (5, 2)
    assert shown.attendee is shown.attendance_rate is shown.no_show is None
