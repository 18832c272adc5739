"""Messages built in a variable before they reach messages.* or an exception, which the
AST check of tests/i18n/test_python_marked.py cannot follow: each said in French."""

import datetime as dt
import time

import pytest
from django.utils import timezone, translation

from lives_admin.lives.saved_since import saved_since
from lives_admin.models import AuditEntry
from lives_admin.team.link_mail_limits import TooManyLinkMails, reserve
from lives_admin.team.sessions import LAST_SEEN_KEY
from lives_admin.views.invites import SOURCE_GONE
from lives_admin.web.submit_once import SENT_AGAIN
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def test_an_idle_session_is_told_in_french(viewer_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 3600
    session = viewer_client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 3605
    session.save()
    refused = viewer_client.get("/lives/", **FRENCH)
    login = text(viewer_client.get(refused["Location"], **FRENCH))
    assert "Vous avez été déconnecté après 1 heure sans activité." in login


def test_a_refused_link_mail_says_when_in_french(organiser):
    now = timezone.now()
    reserve("ada@example.org", kind="welcome", user=organiser, now=now)
    with translation.override("fr"), pytest.raises(TooManyLinkMails) as refused:
        reserve("ada@example.org", kind="welcome", user=organiser, now=now)
    said = " ".join(str(refused.value).split())
    assert said.startswith("Un lien a été envoyé à ada@example.org il y a 1 seconde : ")
    assert "Le dernier lien envoyé reste valable." in said


def test_the_sent_twice_note_and_a_lost_member_are_french():
    with translation.override("fr"):
        assert translation.gettext(SENT_AGAIN).startswith("Ce formulaire a été envoyé")
        assert str(SOURCE_GONE["members"][1]).startswith("Un membre choisi est introuvable")


def test_an_edit_made_in_another_tab_or_by_a_job_is_named_in_french(organiser):
    opened = time.time() - 60
    for actor, label in ((organiser, organiser.username), (None, "job #4")):
        AuditEntry.objects.create(
            actor=actor,
            actor_label=label,
            live_id="live-1",
            operation="lives.update",
            method="PUT",
            path="/v1/lives/live-1",
            ok=True,
            created_at=timezone.now() - dt.timedelta(seconds=5),
        )
    with translation.override("fr"):
        who = [name for name, _ in saved_since("live-1", opened, organiser)]
    assert who == ["vous, dans un autre onglet", "tâche n°\u00a04"]


def test_filters_meltingspot_refuses_are_named_in_french(sandbox, viewer_client):
    sandbox.configure(error_rate=1.0, error_status=400)
    try:
        response = viewer_client.get("/lives/?invited_min=5", **FRENCH)
    finally:
        sandbox.configure(error_rate=0.0, error_status=503)
    page = text(response)
    assert response.status_code == 400
    assert "MeltingSpot a refusé ces filtres" in page and "Injected fault" in page
    assert "refused these filters" not in page
