"""Every page and every htmx fragment of the dashboard, with MeltingSpot failing.

For each fault (503, 500, 429 with Retry-After, a timeout), an admin opens every URL of
the dashboard, plainly and as each of its htmx fragments. Whatever asked MeltingSpot
must say so: a full page keeps the layout and tells what happened; a fragment shows its
own error with a retry, so the rest of the page still works. Never a 500, never the key.
A slow MeltingSpot that still answers in time (latency) shows every page as when it is quick.
"""

import re
from html import unescape

import pytest
from django.test import Client

from lives_admin.models import InsightSnapshot
from lives_admin.team.roles import Role
from lives_admin.upstream import reset_client
from tests.integration.faults.conftest import (
    FAULT_TITLES,
    FAULTS,
    SLOW_FAULTS,
    SLOW_TIMEOUT,
    each_fault,
    forget_caches,
    inject,
)
from tests.integration.foundation.test_every_url_checks_its_role import (
    PUBLIC,
    dashboard_patterns,
    real_objects_for,
    url_of,
)

pytestmark = pytest.mark.django_db

# The htmx targets each URL answers with a fragment of its own (a partial's name is its
# DOM id); every URL is also asked plainly and as htmx without a known target.
FRAGMENTS = {
    "live_list": ("lives-results", "lives-page"),
    "live_groups_panel": ("groups-panel",),
    "live_speakers_panel": ("speakers-panel", "speakers-results"),
    "live_participants_panel": ("participants-panel", "participants-results", "participants-tabs"),
    "live_history_panel": ("history-panel",),
    "live_jobs_panel": ("jobs-panel",),
    "live_insights_panel": ("insights-panel",),
    "job_detail": ("job-items",),
    "audit_list": ("audit-results",),
    "team_list": ("team-page",),
    "insight_detail": ("insight-progress",),
    "insight_segment": ("segment-people",),
    "member_search": ("member-results",),
    "group_search": ("group-results-live003",),
}
# Type-ahead results, only ever asked for by htmx: a fragment even when opened plainly.
FRAGMENT_ONLY = {"member_search", "group_search", "invite_live_search"}
# What a real page sends along (a search needs letters to search for).
QUERIES = {"member_search": "?q=al", "group_search": "?q=a", "invite_live_search": "?live_q=a"}
NAV = 'aria-label="Main"'
RETRY = re.compile(
    r"<(button|a)\b[^>]*\bhx-get=\"[^\"]+\"[^>]*>\s*(Retry|Try again)\s*</(button|a)>"
)
TAG = re.compile(r"<[^>]+>")


def readable(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def requests_to_visit(admin, teammate) -> list[tuple[str, str, dict]]:
    """(label, url, headers) for every GET of the dashboard an admin can make."""
    visits = []
    objects = real_objects_for(admin, teammate)
    objects["snapshot_id"] = InsightSnapshot.objects.latest("pk").pk
    for name, pattern in sorted(dashboard_patterns().items()):
        if name in PUBLIC:
            continue
        url = url_of(name, pattern, **objects) + QUERIES.get(name, "")
        visits.append((f"{name} plain", url, {}))
        visits.append((f"{name} htmx", url, {"HTTP_HX_REQUEST": "true"}))
        for target in FRAGMENTS.get(name, ()):
            headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}
            visits.append((f"{name} #{target}", url, headers))
    return visits


def api_calls(sandbox) -> int:
    return sum(1 for r in sandbox.requests() if r["path"].startswith("/v1/"))


@pytest.fixture
def admin_and_world(make_user, quick_client):
    admin = make_user(Role.ADMIN, username="faults-admin")
    teammate = make_user(Role.VIEWER, username="faults-teammate")
    client = Client()
    client.force_login(admin)
    # Stored insights of the demo's workshop series, read while MeltingSpot is well.
    taken = client.post(
        "/insights/new/", {"filters": "status=Ended&type=Workshop", "select_across": "1"}
    )
    assert taken.status_code == 302 and InsightSnapshot.objects.exists()
    return admin, teammate, client


def problems_with(fault, label, response, asked_api: bool, api_key: str, client) -> list[str]:
    where = f"{fault} {label} ({response.status_code})"
    problems = []
    if response.status_code >= 500 and response.status_code not in (502, 503, 504):
        problems.append(f"{where}: a server error")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    html = body.decode(errors="replace")
    if api_key in html:
        problems.append(f"{where}: the API key is in the answer")
    if 300 <= response.status_code < 400:
        # A download or an action that could not start goes back to a page that says why.
        followed = client.get(response["Location"])
        html = followed.content.decode()
        if asked_api and FAULT_TITLES[fault] not in readable(html) and "could not" not in html:
            problems.append(f"{where}: redirected to a page that does not say what happened")
        return problems
    if not asked_api or not response["Content-Type"].startswith("text/html"):
        return problems
    text = readable(html)
    # A full page (a plain visit, or htmx asking a page for no fragment of its own)
    # keeps the layout; a fragment carries its own retry.
    full_page = NAV in html
    if label.endswith(" plain") and not full_page and label.split()[0] not in FRAGMENT_ONLY:
        problems.append(f"{where}: the page lost its layout")
    if FAULT_TITLES[fault] not in text:
        problems.append(f"{where}: does not say {FAULT_TITLES[fault]!r}: {text[:200]!r}")
    if not full_page and not RETRY.search(html):
        problems.append(f"{where}: the fragment's error has no retry button")
    return problems


_ASKS_API: dict[str, bool] = {}
_HEALTHY_STATUS: dict[str, int] = {}


def visits_that_ask_the_api(visits, sandbox, client) -> dict[str, bool]:
    """Which visits ask MeltingSpot at all, found while it is well (caches emptied before
    each, as a fault may meet a cold cache), and the status each answers then. The same
    for every fault: found once."""
    if set(_ASKS_API) != {label for label, _, _ in visits}:
        for label, url, headers in visits:
            forget_caches()
            sandbox.clear_requests()
            _HEALTHY_STATUS[label] = client.get(url, **headers).status_code
            _ASKS_API[label] = api_calls(sandbox) > 0
    return _ASKS_API


def problems_when_slow(label, response) -> list[str]:
    """A slow MeltingSpot that answers in time: the answer is the healthy one, no error."""
    where = f"latency {label} ({response.status_code})"
    if response.status_code != _HEALTHY_STATUS[label]:
        return [f"{where}: answered {_HEALTHY_STATUS[label]} when MeltingSpot was quick"]
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return []
    html = response.content.decode()
    shown = [title for title in set(FAULT_TITLES.values()) if title in readable(html)]
    if shown or 'class="panel-error' in html:
        return [f"{where}: shows an error box {shown}"]
    return []


@pytest.mark.parametrize("fault", each_fault(FAULTS))
def test_every_page_and_fragment_says_what_happened(fault, admin_and_world, quick_client, settings):
    sandbox = quick_client
    admin, teammate, client = admin_and_world
    visits = requests_to_visit(admin, teammate)
    asks_api = visits_that_ask_the_api(visits, sandbox, client)
    assert sum(asks_api.values()) >= 15, "the sweep should meet many API-backed views"
    inject(sandbox, settings, fault, FAULTS[fault])
    problems = []
    for label, url, headers in visits:
        forget_caches()
        response = client.get(url, **headers)
        problems += problems_with(fault, label, response, asks_api[label], sandbox.api_key, client)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("fault", SLOW_FAULTS)
def test_every_page_and_fragment_is_whole_when_meltingspot_is_slow_but_in_time(
    fault, admin_and_world, quick_client, settings
):
    sandbox = quick_client
    admin, teammate, client = admin_and_world
    visits = requests_to_visit(admin, teammate)
    visits_that_ask_the_api(visits, sandbox, client)
    settings.MELTINGSPOT_TIMEOUT = SLOW_TIMEOUT
    reset_client()
    sandbox.configure(**SLOW_FAULTS[fault])
    problems = []
    for label, url, headers in visits:
        forget_caches()
        problems += problems_when_slow(label, client.get(url, **headers))
    assert not problems, "\n".join(problems)
