"""Start-up checks: settings that must never reach production.

With DEBUG off the console mail backend is refused: every welcome and password-reset
link would be printed on the server's output (gunicorn's stdout, the logs), where anyone
who reads them could take over the account. `manage.py check`, `runserver`, `migrate` and
the job worker stop on it (a system check error); gunicorn, which runs no system checks,
stops in config/wsgi.py through `refuse_unsafe_start`.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

CONSOLE_MAIL = "django.core.mail.backends.console.EmailBackend"
CONSOLE_MAIL_REFUSED = checks.Error(
    "With DEBUG off, mail goes to the console backend: every team invitation and "
    "password-reset link would be written to the server's output and logs, where anyone "
    "who reads them can take over the account.",
    hint=(
        "Set EMAIL_URL to your mail server, e.g. EMAIL_URL=smtp+tls://user:password@"
        "smtp.example.org:587 (or EMAIL_URL=dummymail:// to send no mail: admins then "
        "pass each link on themselves)."
    ),
    id="lives_admin.E001",
)


@checks.register(checks.Tags.security)
def console_mail_in_production(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not settings.DEBUG and settings.EMAIL_BACKEND == CONSOLE_MAIL:
        return [CONSOLE_MAIL_REFUSED]
    return []


@checks.register()
def job_takeover_delay(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """JOB_STALE_SECONDS below one batch's whole retry budget is raised to it (a runner
    still waiting on MeltingSpot must not be handed to a second worker): say so."""
    from lives_admin.jobs.liveness import stale_after_seconds

    used = stale_after_seconds()
    if used <= settings.JOB_STALE_SECONDS:
        return []
    return [
        checks.Warning(
            f"JOB_STALE_SECONDS is {settings.JOB_STALE_SECONDS:g} s; a silent job is taken "
            f"over after {used:g} s instead, one batch's whole retry budget "
            "(MELTINGSPOT_JOB_RETRY_BUDGET + MELTINGSPOT_TIMEOUT + "
            "MELTINGSPOT_CONNECT_TIMEOUT) plus 5 s.",
            hint=f"Set JOB_STALE_SECONDS to {used:g} or more, or lower the job retry budget.",
            id="lives_admin.W001",
        )
    ]


def refuse_unsafe_start() -> None:
    """For servers that run no system checks (gunicorn): the same errors, raised."""
    errors = console_mail_in_production()
    if errors:
        raise ImproperlyConfigured(
            " ".join(f"{error.id}: {error.msg} {error.hint}" for error in errors)
        )
