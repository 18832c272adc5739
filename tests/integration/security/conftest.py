"""A hostile world in the sandbox: a live, people and a teammate whose every text is an attack.

Each text is markup (script, event handlers, javascript: URLs) and starts like a
spreadsheet formula, so the same data checks the escaping of every page and the
formula-safety of every export.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.models import JobKind
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import live_form_data

HOSTILE_TITLE = (
    '=HYPERLINK("https://evil.example")<script>alert("title")</script><img src=x onerror=alert(1)>'
)
HOSTILE_DESCRIPTION = (
    '<script>alert("description")</script>\n\n'
    "[click me](javascript:alert(2))\n\n"
    '<a href="javascript:alert(3)" onclick="alert(4)">link</a> <b onmouseover=alert(5)>bold</b>'
)
HOSTILE_FIRST = "+SUM(1,2)<svg onload=alert(6)>"
HOSTILE_LAST = "@cmd<iframe src=javascript:alert(7)></iframe>"
HOSTILE_SPEAKER_TITLE = '-2+3"><script>alert(8)</script>'
HOSTILE_EMAIL = "hostile.speaker@example.org"
HOSTILE_TEAMMATE_FIRST = '"><script>alert(9)</script>'

# The hostile texts' markup, had it reached a page unescaped (the parser below sees
# what it would do; this names the text it came from).
RAW_ATTACKS = (
    '<script>alert("',
    "<img src=x onerror",
    "<svg onload",
    "<iframe src=javascript",
    "<b onmouseover",
    '<a href="javascript:',
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "hx-get", "hx-post"}


class _Auditor(HTMLParser):
    """Every tag and attribute that a strict CSP would refuse or that runs script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.problems.append("an inline <script>")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"an event handler attribute {name}= on <{tag}>")
            elif name == "style":
                self.problems.append(f"a style= attribute on <{tag}>")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"an {name} attribute (needs eval) on <{tag}>")
            elif name in URL_ATTRIBUTES and value.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"a {value[:20]} URL in {name}= on <{tag}>")
            elif name in ("hx-vals", "hx-headers") and value.startswith(("js:", "javascript:")):
                self.problems.append(f"an evaluated {name}= on <{tag}>")
            elif name == "hx-trigger" and "[" in value.split(" from:")[0]:
                self.problems.append(f"an hx-trigger filter (needs eval) on <{tag}>: {value}")

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """What in this HTML would run script or break the strict CSP (empty when safe)."""
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    problems = auditor.problems
    problems += [f"raw attack markup {attack!r}" for attack in RAW_ATTACKS if attack in html]
    return problems


@dataclass
class HostileWorld:
    live_id: str
    speaker_member_id: str
    superuser: object
    client: Client
    job_id: int
    snapshot_id: int


def live_form(**changes) -> dict:
    return live_form_data(**{"title": HOSTILE_TITLE, "description": HOSTILE_DESCRIPTION, **changes})


def build_hostile_world(django_user_model) -> HostileWorld:
    """Everything made the way an organiser (or MeltingSpot) would make it."""
    superuser = django_user_model.objects.create_superuser(
        "hostile-admin", password="pw", first_name=HOSTILE_TEAMMATE_FIRST, last_name=HOSTILE_LAST
    )
    client = Client()
    client.force_login(superuser)
    api = get_client()
    host = api.spot_members.list(page=1, limit=1).items[0]
    # Created, then edited, through the dashboard's own form: the audit log records both.
    created = client.post("/lives/new/", live_form(title="Harmless at first", q=host.email))
    assert created.status_code == 302, created.content.decode()[:1000]
    live_id = created["Location"].strip("/").split("/")[-1]
    edited = client.post(f"/lives/{live_id}/edit/", live_form())
    assert edited.status_code == 302, edited.content.decode()[:1000]
    assert api.lives.retrieve(live_id).title == HOSTILE_TITLE
    # A speaker whose names and title are attacks, also invited as a participant of live003
    # (an ended live, so the insights have something to say about them).
    api.speakers.invite(
        live_id,
        email=HOSTILE_EMAIL,
        first_name=HOSTILE_FIRST,
        last_name=HOSTILE_LAST,
        title=HOSTILE_SPEAKER_TITLE,
    )
    speaker = next(p for p in api.speakers.iter_all(live_id) if p.email == HOSTILE_EMAIL)
    api.participants.invite("live003", speaker.spot_member_id)
    job = start_job(
        InvitePlan(
            kind=JobKind.INVITE_PARTICIPANTS,
            live_ids=(live_id,),
            people=(
                Person(
                    email="job.person@example.org", first_name=HOSTILE_FIRST, last_name=HOSTILE_LAST
                ),
            ),
            live_titles={live_id: HOSTILE_TITLE},
            source_label=HOSTILE_TITLE,
        ),
        superuser,
    )
    insights = client.post("/insights/new/", {"selected": [live_id, "live003"], "filters": ""})
    assert insights.status_code == 302, insights.content.decode()[:1000]
    snapshot_id = int(insights["Location"].strip("/").split("/")[-1])
    return HostileWorld(
        live_id=live_id,
        speaker_member_id=speaker.spot_member_id,
        superuser=superuser,
        client=client,
        job_id=job.pk,
        snapshot_id=snapshot_id,
    )


@pytest.fixture
def hostile(sandbox, django_user_model, db) -> HostileWorld:
    return build_hostile_world(django_user_model)
