"""The MeltingSpot API key never appears: not in a page, a fragment, a header, a download,
an error page, a log line, an exception, the database, or a file of the test suite.

A recognisable key (the canary) is made at run time from pieces, so not even this file
holds it, and a sandbox is started that accepts only that key. Then every URL of the
dashboard is asked for as a superuser, GET and POST, plain and htmx, with the logs of
every logger captured at DEBUG; MeltingSpot failures (a fault, a revoked key) and
Django's DEBUG error page are forced; and each answer is searched for the key.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client
from django.urls import path

from lives_admin.meltingspot import MeltingSpotError
from lives_admin.upstream import get_client, reset_client
from tests.integration.foundation.test_every_url_checks_its_role import (
    dashboard_patterns,
    real_objects_for,
    url_of,
)
from tests.integration.security.conftest import build_hostile_world, unsafe_markup
from tests.sandbox_server import SandboxServer

pytestmark = pytest.mark.django_db
TESTS = Path(__file__).resolve().parents[2]
# The recognisable part, in pieces: the test suite's files are searched for it whole.
MARK = "".join(("msk", "_live_", "CAN", "ARY"))
SECRET_PART = secrets.token_hex(12)
CANARY = f"{MARK}_7f3a9c{SECRET_PART}"
# A piece of the key is a leak too (a "last characters" hint, a truncated log line).
PIECES = tuple(SECRET_PART[i : i + 10] for i in range(len(SECRET_PART) - 9))
# Writes the crawl must leave for last: the live it deletes is the one the others show.
LAST = ("live_delete",)


def the_key_in(text: str) -> bool:
    return MARK in text or any(piece in text for piece in PIECES)


@pytest.fixture(scope="module")
def canary_server():
    with SandboxServer(api_key=CANARY) as server:
        yield server


@pytest.fixture
def canary(canary_server, settings):
    """The dashboard on the canary key, as with a real Spot (no sandbox badge, no hints)."""
    canary_server.reset()
    settings.MELTINGSPOT_API_URL = canary_server.url
    settings.MELTINGSPOT_API_KEY = CANARY
    settings.MELTINGSPOT_SANDBOX = False
    settings.SANDBOX_API_KEY = CANARY
    reset_client()
    yield canary_server
    reset_client()


@pytest.fixture
def every_log(caplog):
    """Every logger at DEBUG, httpx and httpcore included (the settings keep them quiet)."""
    caplog.set_level(logging.DEBUG)
    for name, each in list(logging.root.manager.loggerDict.items()):
        if isinstance(each, logging.Logger):
            caplog.set_level(logging.DEBUG, logger=name)
    for name in ("httpx", "httpcore", "lives_admin", "django", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def everything_said(response) -> str:
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    cookies = response.cookies.output()
    return f"{response.status_code}\n{headers}\n{cookies}\n{body_of(response)}"


def logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        lines.append(f"{record.name} {record.getMessage()} {record.args!r}")
        if record.exc_info:
            lines.append("".join(traceback.format_exception(*record.exc_info)))
    return "\n".join(lines)


def crawl(world, teammate) -> list[tuple[str, object]]:
    """Every dashboard URL, GET then POST, plain and htmx, as a superuser; with real objects
    for each (a fresh job, draft and saved view: a POST may have used the last ones)."""
    patterns = dashboard_patterns()
    kept = sorted(name for name in patterns if name not in LAST)
    plan = [
        (method, htmx, name)
        for method in ("get", "post")
        for htmx in (False, True)
        for name in (kept if method == "get" else kept + sorted(LAST))
    ]
    plan.sort(key=lambda step: step[2] in LAST)  # the deletions last
    htmx_headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/lives/"}
    answers = []
    for method, htmx, name in plan:
        url = url_of(
            name,
            patterns[name],
            live_id=world.live_id,
            snapshot_id=world.snapshot_id,
            segment="everyone",
            **real_objects_for(world.superuser, teammate),
        )
        response = getattr(world.client, method)(url, **(htmx_headers if htmx else {}))
        answers.append((f"{method.upper()} {url} {'htmx' if htmx else 'plain'}", response))
    for url in ("/login/", "/django-admin/", "/django-admin/lives_admin/", "/me/"):
        answers.append((f"GET {url}", world.client.get(url)))
    return answers


@pytest.mark.slow  # a sandbox of its own, every URL four ways with every logger at DEBUG
def test_no_page_fragment_download_log_or_row_holds_the_key(
    canary, every_log, make_user, django_user_model
):
    world = build_hostile_world(django_user_model)
    teammate = make_user(None, username="canary-teammate")
    answers = crawl(world, teammate)
    assert len(answers) > 200
    # The sandbox takes no other key: what it served, it served to the canary.
    detail = dict(answers)[f"GET /lives/{world.live_id}/ plain"]
    assert detail.status_code == 200 and "HYPERLINK" in body_of(detail)
    assert [where for where, response in answers if response.status_code >= 500] == []
    leaks = [where for where, response in answers if the_key_in(everything_said(response))]
    assert leaks == []
    # While at it: no page or fragment has inline script, style= or eval-needing markup.
    unsafe = {
        where: problems
        for where, response in answers
        if "django-admin" not in where
        and response.get("Content-Type", "").startswith("text/html")
        and (problems := unsafe_markup(body_of(response)))
    }
    assert unsafe == {}
    assert not the_key_in(logged(every_log))
    assert every_log.records, "the logs were not captured"
    # Nor does the database keep it (audit entries, jobs, drafts, snapshots, sessions…).
    for model in apps.get_models():
        dumped = serializers.serialize("json", model._default_manager.all())
        assert not the_key_in(dumped), model._meta.label


def test_meltingspot_errors_never_show_the_key(canary, every_log, admin_user_client, settings):
    pages = []
    canary.configure(error_rate=1.0, error_status=503)
    pages.append(admin_user_client.get("/lives/"))
    pages.append(
        admin_user_client.get(
            "/lives/live003/participants/",
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="participants-panel",
        )
    )
    canary.configure(error_rate=0.0)
    # A revoked key: MeltingSpot answers 401, and the page says which setting to check.
    settings.MELTINGSPOT_API_KEY = CANARY + "-revoked"
    reset_client()
    refused = admin_user_client.get("/lives/live003/")
    pages.append(refused)
    assert refused.status_code == 502
    assert "MeltingSpot refused the dashboard" in body_of(refused)
    pages.append(admin_user_client.post("/lives/live003/delete/", HTTP_HX_REQUEST="true"))
    assert [page.status_code for page in pages] == [503, 503, 502, 502]
    for page in pages:
        assert not the_key_in(everything_said(page))
    assert not the_key_in(logged(every_log))


def test_exceptions_never_carry_the_key_not_even_in_their_frames(canary, settings):
    """What a traceback, a debugger or an error tracker would see, locals included."""
    settings.MELTINGSPOT_API_KEY = CANARY + "-revoked"
    reset_client()
    client = get_client()
    failures = []
    for call in (
        lambda: client.lives.retrieve("live003"),
        lambda: client.participants.invite("live003", "someone@example.org"),
    ):
        with pytest.raises(MeltingSpotError) as caught:
            call()
        failures.append(caught.value)
    settings.MELTINGSPOT_API_URL = "http://127.0.0.1:9"  # nothing listens: a connection error
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0.1
    reset_client()
    with pytest.raises(MeltingSpotError) as caught:
        get_client().lives.list()
    failures.append(caught.value)
    for error in failures:
        described = [str(error), repr(error), repr(error.args), repr(vars(error))]
        frames = traceback.TracebackException.from_exception(error, capture_locals=True)
        described.append("".join(frames.format()))
        assert not any(the_key_in(text) for text in described), type(error).__name__
    assert not the_key_in(repr(client)) and not the_key_in(str(client))


def boom(request):
    """A view with a bug, after it used the client (its locals hold the client and a live)."""
    client = get_client()
    live = client.lives.retrieve("live003")
    raise RuntimeError(f"a bug after reading {live.id}")


urlpatterns = [path("boom/", boom)]


def test_the_debug_error_page_never_shows_the_key(canary, settings, every_log, admin):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    # Under runserver, request.META holds the process's environment: the key with it.
    for headers in ({}, {"HTTP_ACCEPT": "text/plain"}):
        response = client.get("/boom/", MELTINGSPOT_API_KEY=CANARY, **headers)
        assert response.status_code == 500
        said = everything_said(response)
        assert "a bug after reading live003" in said  # it is Django's technical page
        assert "MELTINGSPOT_API_KEY" in said  # listed, its value hidden
        assert not the_key_in(said)
    assert not the_key_in(logged(every_log))


def test_the_http_client_never_logs_headers(canary, every_log):
    get_client().lives.list()
    get_client().participants.list("live003")
    records = [r for r in every_log.records if r.name.startswith(("httpx", "httpcore"))]
    assert records, "httpx and httpcore said nothing at DEBUG"
    for record in records:
        message = record.getMessage().lower()
        assert "authorization" not in message and not the_key_in(record.getMessage())
    assert not get_client()._http.event_hooks["request"], "a hook could log the request"


def test_no_file_of_the_test_suite_holds_the_key():
    holding = [
        str(file.relative_to(TESTS))
        for file in TESTS.rglob("*")
        if file.is_file() and file.suffix not in (".pyc",) and MARK.encode() in file.read_bytes()
    ]
    assert holding == []
