"""The production stack for real: gunicorn (2 workers, config/gunicorn.conf.py), the
project's own settings with DEBUG off, a fresh migrated database, static files collected
with hashed and compressed names and served by whitenoise, and the sandbox over HTTP.

An organiser logs in over HTTP and loads the lives list, as a browser would.
"""

import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from lives_admin.upstream import get_client
from tests.gunicorn_server import clean_environ, running_gunicorn
from tests.integration.lives.helpers import api_requests, row_ids, text

# Starts real processes: left out of `make test-fast`.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
PREPARE = """
import django
django.setup()
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
user = get_user_model().objects.create_user("olga", password="a-long-pass-phrase-9")
user.groups.add(Group.objects.get(name="organiser"))
"""


@pytest.fixture
def production(sandbox, tmp_path):
    """The dashboard under gunicorn on a free port; yields (base URL, stdout, stderr)."""
    env = {
        **clean_environ(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
        "MELTINGSPOT_API_URL": sandbox.url,
        "MELTINGSPOT_API_KEY": sandbox.api_key,
        # Plain HTTP on the loopback: behind TLS these stay on (their default).
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
    }
    subprocess.run([sys.executable, "-c", PREPARE], cwd=ROOT, env=env, check=True, timeout=120)
    with running_gunicorn(env, tmp_path) as server:
        yield server.url, server.out, server.err


def test_an_organiser_logs_in_and_reads_the_lives_list_under_gunicorn(production, sandbox):
    base, out, err = production
    truth = get_client().lives.list(page=1, limit=25)  # what the API says, read in-process
    with httpx.Client(base_url=base, timeout=10) as browser:
        login = browser.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        answer = browser.post(
            "/login/",
            data={
                "username": "olga",
                "password": "a-long-pass-phrase-9",
                "csrfmiddlewaretoken": token,
            },
        )
        assert answer.status_code == 302, answer.text[:500]
        assert answer.headers["location"] == "/lives/"

        lives = browser.get("/lives/", params={"title": "secret-person@example.com"})
        assert lives.status_code == 200
        sandbox.clear_requests()
        lives = browser.get("/lives/")
        assert lives.status_code == 200
        assert f"{truth.total} lives" in text(lives)
        assert row_ids(lives) == [live.id for live in truth.items]
        assert "olga" in text(lives)  # signed in as herself
        assert [entry["path"] for entry in api_requests(sandbox)] == ["/v1/lives"]

        # Static files: a hashed name in the page, served compressed and cached for good.
        css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', lives.text)
        assert css, "the stylesheet is not linked by its hashed name"
        asset = browser.get(css.group(1), headers={"Accept-Encoding": "gzip"})
        assert asset.status_code == 200
        assert asset.headers["content-encoding"] == "gzip"
        assert "immutable" in asset.headers["cache-control"]
        assert "max-age=315360000" in asset.headers["cache-control"]
        assert "{" in asset.text  # decoded: the CSS itself

    # gunicorn writes the access line once the response is sent: wait for it, not a while.
    deadline = time.monotonic() + 15
    while True:
        access = out.read_text()
        lines = [line for line in access.splitlines() if '"GET /lives/"' in line]
        if len(lines) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(lines) == 2, access
    assert all(re.search(r'"GET /lives/" 200 \d+ \d+ms$', line) for line in lines), lines
    assert "secret-person" not in access and "title=" not in access  # no query strings
    assert re.search(r'"POST /login/" 302 ', access)
    errors = err.read_text()
    assert errors.count("Booting worker with pid") == 2, errors
    assert "Traceback" not in errors
