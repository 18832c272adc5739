"""Issue 14, item 17: a welcome or password-reset link is a credential until used, and
never reaches a log. With DEBUG off the console mail backend (which prints every mail on
the server's output) stops the start; the token is masked in the dashboard's log lines
and in gunicorn's access log."""

import io
import logging
import re
import secrets
import subprocess
import sys

import httpx
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lives_admin.web.log_redaction import RedactOneTimeLinks
from tests.gunicorn_server import clean_environ, running_gunicorn
from tests.integration.security.test_headers_and_deploy import production_env
from tests.integration.team.links import LINK, a_minute_passes, link_in

pytestmark = pytest.mark.django_db
CONSOLE = "django.core.mail.backends.console.EmailBackend"
ROOT = django_settings.BASE_DIR
TOKEN = re.compile(r"[0-9a-z]+-[0-9a-f]{32}")


def without_mail_settings(**changes) -> dict[str, str]:
    """The README's production environment as it stood before: no EMAIL_URL."""
    env = production_env()
    env.pop("EMAIL_URL", None)
    return {**env, **changes}


def run(*args: str, **changes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=without_mail_settings(**changes),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_console_mail_backend_is_an_error_with_debug_off(settings):
    settings.DEBUG, settings.EMAIL_BACKEND = False, CONSOLE
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    said = str(refused.value)
    assert "lives_admin.E001" in said and "take over the account" in said
    assert "Set EMAIL_URL to your mail server" in said

    settings.DEBUG = True  # `make run`: DEBUG on in its .env, mail on the console
    call_command("check")
    settings.DEBUG, settings.EMAIL_BACKEND = False, "django.core.mail.backends.smtp.EmailBackend"
    call_command("check")


@pytest.mark.slow  # five Django processes (manage.py, gunicorn --check-config)
def test_the_production_recipe_stops_without_a_mail_server(tmp_path):
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for command in (["check", "--deploy"], ["migrate", "--noinput"]):
        refused = run("manage.py", *command, DATABASE_URL=database)
        assert refused.returncode != 0, command
        assert "lives_admin.E001" in refused.stderr and "EMAIL_URL" in refused.stderr, command
    # gunicorn runs no system checks: loading the app refuses (--check-config loads it).
    gunicorn = run("-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--check-config")
    assert gunicorn.returncode != 0 and "lives_admin.E001" in gunicorn.stderr
    # With a mail server, each of them goes on.
    smtp = {"DATABASE_URL": database, "EMAIL_URL": "smtp+tls://lives:pw@smtp.example.org:587"}
    assert run("manage.py", "check", "--deploy", **smtp).returncode == 0
    started = run("-m", "gunicorn", "-c", "config/gunicorn.conf.py", "--check-config", **smtp)
    assert started.returncode == 0, started.stderr


def test_the_dashboards_log_masks_a_link_whoever_logs_it():
    (handler,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactOneTimeLinks) for f in h.filters)
    ]
    token = "cw8f2x-" + secrets.token_hex(16)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.request").warning(
            "Internal Server Error: %s", f"/team/welcome/MQ/{token}/"
        )
        try:
            raise ValueError(f"http://lives.example.org/team/welcome/MQ/{token}/")
        except ValueError:
            logging.getLogger("lives_admin").exception("boom")
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert "/team/welcome/MQ/[one-time-token]/" in written and token not in written


def test_team_code_logs_no_link_even_when_the_mail_fails(
    admin_user_client, settings, caplog, mailoutbox
):
    caplog.set_level(logging.DEBUG)
    response = admin_user_client.post(
        "/team/invite/",
        {"first_name": "Ada", "username": "ada", "email": "ada@example.org", "role": "viewer"},
    )
    links = [link_in(mailoutbox[0])]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    a_minute_passes()
    failed = admin_user_client.post(f"/team/{response.context['invitation'].member.pk}/link/")
    links.append(LINK.search(failed.content.decode()).group(1))

    assert "could not be sent" in caplog.text  # the failure is logged, without the link
    for link in links:
        token = TOKEN.search(link).group(0)
        assert token not in caplog.text and "ada@example.org" not in caplog.text


# -- gunicorn, as the production recipe runs it -----------------------------------------
PREPARE = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from lives_admin.team import links as one_time_links
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
user = get_user_model().objects.create_user("ada", email="ada@example.org")
token, _ = one_time_links.issue(user, kind="welcome")
uid = urlsafe_base64_encode(force_bytes(user.pk))
print(reverse("lives_admin:team_welcome", args=[uid, token]))
"""


@pytest.mark.slow
def test_gunicorn_logs_the_welcome_link_without_its_token(tmp_path):
    env = {
        **clean_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ENV_FILE": "",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        "EMAIL_URL": "dummymail://",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert prepared.returncode == 0, prepared.stderr
    path = prepared.stdout.strip().splitlines()[-1]
    token = TOKEN.search(path).group(0)
    with (
        running_gunicorn(env, tmp_path, ready="/healthz") as server,
        httpx.Client(base_url=server.url, timeout=10, follow_redirects=True) as newcomer,
    ):
        form = newcomer.get(path)
        assert form.status_code == 200 and "Set your password" in form.text
    logs = server.logs()
    assert "/team/welcome/" in logs  # the requests were logged…
    assert token not in logs  # …without the token
    assert "[one-time-token]" in logs
