"""An upstream that quotes the API key in its errors never gets it shown (issue 14, item 2).

With an upstream that quoted the `Authorization` header in its error bodies, the key
showed in pages, panels, form errors, INFO log lines, audit rows and the audit CSV. Here
the sandbox quotes the header it received (as sent and URL-encoded) in every shape of
error answer, JSON, HTML page and plain text, and in a response header; the dashboard is
driven through its pages, reads and writes, with either auth scheme, and every answer,
log record, audit row and the audit CSV is searched for the key in any shape.
"""

from __future__ import annotations

import html
import logging
import secrets
from urllib.parse import quote, quote_plus

import pytest
from django.core import serializers

from lives_admin.meltingspot.scrub import REDACTED
from lives_admin.models import AuditEntry
from lives_admin.upstream import get_client, reset_client
from tests.sandbox_server import SandboxServer

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
LIVE = "live003"
# Made at run time (no file holds it), with characters every encoding changes.
SECRET = secrets.token_hex(10)
KEY = f"echo/{SECRET}+k&y="


def shapes_of_the_key() -> list[str]:
    shapes = set()
    for value in (KEY, f"Bearer {KEY}"):
        shapes |= {value, quote(value, safe=""), quote_plus(value), html.escape(value)}
    # Any 10 characters of its secret part: a key cut short is a leak too.
    shapes |= {SECRET[i : i + 10] for i in range(len(SECRET) - 9)}
    return sorted(shapes)


def the_key_in(text: str) -> list[str]:
    lowered = text.lower()
    return [shape for shape in shapes_of_the_key() if shape.lower() in lowered]


def said(response) -> str:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8", "replace")
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return f"{response.status_code}\n{headers}\n{body}"


@pytest.fixture(scope="module")
def quoting_server():
    with SandboxServer(api_key=KEY) as server:
        yield server


@pytest.fixture
def quoting(scheme, quoting_server, settings):
    quoting_server.reset()
    settings.MELTINGSPOT_API_URL = quoting_server.url
    settings.MELTINGSPOT_API_KEY = KEY
    settings.MELTINGSPOT_AUTH_SCHEME = scheme
    settings.MELTINGSPOT_SANDBOX = False
    settings.MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = 0.3  # a retry (and its log line), quickly
    reset_client()
    # A group to unlink, linked while the upstream is well.
    group = get_client().groups.list(limit=1).items[0]
    get_client().live_groups.link(LIVE, group.id)
    AuditEntry.objects.all().delete()
    yield quoting_server, group.id
    reset_client()


@pytest.fixture
def every_log(caplog):
    """Every record of the dashboard and Django at DEBUG (httpx and httpcore stay at the
    level the settings give them: their DEBUG traces print raw headers, see README)."""
    caplog.set_level(logging.DEBUG)
    for name in ("lives_admin", "django", "django.request"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def reads(client) -> list:
    """Pages and htmx panels that read MeltingSpot."""
    return [
        client.get("/lives/"),
        client.get("/lives/", **HTMX, HTTP_HX_TARGET="lives-results"),
        client.get(f"/lives/{LIVE}/"),
        client.get(f"/lives/{LIVE}/groups/", **HTMX, HTTP_HX_TARGET="groups-panel"),
        client.get(f"/lives/{LIVE}/speakers/", **HTMX, HTTP_HX_TARGET="speakers-panel"),
        client.get(f"/lives/{LIVE}/participants/", **HTMX, HTTP_HX_TARGET="participants-panel"),
        client.get(f"/lives/{LIVE}/participants/export.csv", follow=True),
        client.get("/members/search/", {"q": "an"}, **HTMX),
        client.get("/groups/search/", {"q": "a"}, **HTMX),
        client.get(f"/lives/{LIVE}/edit/"),
    ]


def writes(client, group_id: str) -> list:
    """Forms that write to MeltingSpot, plain and htmx."""
    live_form = {
        "title": "Quoted",
        "start": "2031-05-01T10:00",
        "end": "2031-05-01T11:00",
        "timezone": "Europe/Paris",
        "solution": "NoSolution",
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "chat_visibility": "Display",
        "participants_visibility": "Display",
    }
    member = get_client().spot_members.list(limit=1).items[0]
    return [
        client.post(f"/lives/{LIVE}/groups/unlink/", {"group_ids": group_id}, **HTMX),
        client.post(f"/lives/{LIVE}/groups/unlink/", {"group_ids": group_id}, follow=True),
        client.post(f"/lives/{LIVE}/groups/link/", {"group_ids": group_id}, **HTMX),
        client.post(
            f"/lives/{LIVE}/participants/invite/", {"member": "quoted@example.org"}, **HTMX
        ),
        client.post(
            f"/lives/{LIVE}/speakers/invite/",
            {"mode": "new", "email": "quoted.speaker@example.org"},
            **HTMX,
        ),
        client.post(
            f"/lives/{LIVE}/speakers/invite-members/", {"spot_member_ids": member.id}, **HTMX
        ),
        client.post("/lives/new/", {**live_form, "host_id": member.id}),
        client.post(f"/lives/{LIVE}/edit/", live_form),
        client.post(f"/lives/{LIVE}/delete/", {"title": "whatever"}, follow=True),
    ]


# Each shape of answer, and each way of sending the key (raw, or `Bearer <key>`).
# `make test-fast` keeps the first; each runs a long walk under faults on a sandbox of its own.
@pytest.mark.parametrize(
    ("scheme", "shape"),
    [
        ("raw", "json"),
        pytest.param("bearer", "json", marks=pytest.mark.slow),
        pytest.param("raw", "html", marks=pytest.mark.slow),
        pytest.param("bearer", "text", marks=pytest.mark.slow),
    ],
)
def test_no_page_panel_form_log_or_audit_row_holds_a_quoted_key(
    quoting, every_log, admin_user_client, shape
):
    sandbox, group_id = quoting
    answers = []
    # Reads fail (a retried 503, a refused request), quoting the key.
    for status in (503, 400):
        sandbox.configure(
            error_rate=1.0, error_status=status, fault_body=shape, fault_echo_authorization=True
        )
        answers += reads(admin_user_client)
    # Writes fail the same way, while the reads around them work: form errors, bulk
    # failures, audit rows with MeltingSpot's words.
    for status in (400, 500):
        sandbox.configure(
            error_rate=1.0,
            error_status=status,
            fault_body=shape,
            fault_echo_authorization=True,
            fault_methods="POST,PUT,DELETE",
        )
        answers += writes(admin_user_client, group_id)
    sandbox.configure(error_rate=0.0, fault_echo_authorization=False)
    answers.append(admin_user_client.get("/audit/"))
    answers.append(admin_user_client.get("/audit/", **HTMX, HTTP_HX_TARGET="audit-results"))
    answers.append(admin_user_client.get(f"/lives/{LIVE}/history/", **HTMX))
    export = admin_user_client.get("/audit/export.csv")
    answers.append(export)

    # The upstream did quote it: requests reached it, and each failed write was recorded.
    assert [r for r in sandbox.requests() if r["status"] >= 400]
    assert AuditEntry.objects.filter(ok=False).count() >= 8
    assert [a.status_code for a in answers if a.status_code >= 500 and a.status_code != 503] == []
    texts = [said(answer) for answer in answers]  # (a download is read once)
    leaks = {n: found for n, text in enumerate(texts) if (found := the_key_in(text))}
    assert leaks == {}
    records = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in every_log.records)
    assert the_key_in(records) == []
    assert any("Retrying" in r.getMessage() for r in every_log.records)
    rows = serializers.serialize("json", AuditEntry.objects.all())
    assert the_key_in(rows) == []
    if shape != "html":  # an HTML page is not read out; JSON and text are, key removed
        assert REDACTED in rows and REDACTED in texts[-1]  # the audit CSV
        pages = "\n".join(texts[:-1])
        assert REDACTED in pages or html.escape(REDACTED) in pages
