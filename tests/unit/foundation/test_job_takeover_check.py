"""A JOB_STALE_SECONDS below its floor is raised to it, and `manage.py check` says so
(outside tester's finding: it was raised silently)."""

from django.core import checks

from lives_admin.checks import job_takeover_delay


def test_a_delay_below_the_floor_is_reported_with_the_one_used(settings):
    settings.JOB_STALE_SECONDS = 10
    settings.MELTINGSPOT_JOB_RETRY_BUDGET = 60
    settings.MELTINGSPOT_TIMEOUT = 10
    settings.MELTINGSPOT_CONNECT_TIMEOUT = 5
    [warning] = job_takeover_delay()
    assert warning.level == checks.WARNING and warning.id == "lives_admin.W001"
    assert "JOB_STALE_SECONDS is 10 s" in warning.msg and "after 80 s" in warning.msg
    assert "80" in warning.hint


def test_a_delay_above_the_floor_says_nothing(settings):
    settings.JOB_STALE_SECONDS = 360
    settings.MELTINGSPOT_JOB_RETRY_BUDGET = 60
    assert job_takeover_delay() == []


def test_the_check_runs_with_manage_py_check(settings):
    settings.JOB_STALE_SECONDS = 1
    found = checks.run_checks()
    assert any(message.id == "lives_admin.W001" for message in found)
