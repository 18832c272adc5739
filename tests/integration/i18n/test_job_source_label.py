"""Where a bulk job's people came from is read in the reader's language, whoever started
it: the label is kept in English (lives_admin/i18n/stored.py) and said again on each page."""

import pytest
from django.utils import translation

from lives_admin.i18n import stored_texts
from lives_admin.i18n.stored import shown
from lives_admin.models import InviteJob, JobKind
from lives_admin.upstream import get_client
from tests.html import text_of

pytestmark = pytest.mark.django_db(transaction=True)
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
NBSP = "\u00a0"
LIVE = "live003"  # an ended live with no-shows


def seen(expected: str) -> str:
    """As text_of reads a page: whitespace (no-break spaces included) folded."""
    return " ".join(expected.split())


def page(client, url, language) -> str:
    return text_of(client.get(url, **language).content.decode())


def start_in_english(client, live_id, **source) -> InviteJob:
    """The wizard, by an English reader, up to the click that starts the job."""
    form = {"role": "participants", "with_email_notification": "on", **source}
    response = client.post(f"/lives/{live_id}/invite/", form, **ENGLISH)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(response["Location"], **ENGLISH)
    return InviteJob.objects.filter(kind=JobKind.INVITE_PARTICIPANTS).latest("id")


def target_live() -> str:
    return get_client().lives.list(limit=100).items[-1].id


def test_a_pasted_list_job_reads_in_the_readers_language(sandbox, organiser_client):
    pasted = "\n".join(f"paste{i}@example.org" for i in range(5))
    job = start_in_english(organiser_client, target_live(), source="paste", pasted=pasted)
    assert job.source_label == "Pasted list (5 entries)"  # kept in English

    for url in (f"/jobs/{job.pk}/", "/jobs/"):
        french = page(organiser_client, url, FRENCH)
        assert "Liste collée (5 entrées)" in french, url
        assert "Pasted list" not in french, url
        assert "Pasted list (5 entries)" in page(organiser_client, url, ENGLISH), url


def test_another_lives_audience_job_reads_in_the_readers_language(sandbox, organiser_client):
    title = get_client().lives.retrieve(LIVE).title
    job = start_in_english(
        organiser_client, target_live(), source="live", other_live_id=LIVE, audience="no_shows"
    )
    assert job.source_label == f"The no-shows of “{title}”"

    for url in (f"/jobs/{job.pk}/", "/jobs/"):
        french = page(organiser_client, url, FRENCH)
        assert seen(f"Les absents de «{NBSP}{title}{NBSP}»") in french, url
        assert "The no-shows" not in french, url
        assert f"The no-shows of “{title}”" in page(organiser_client, url, ENGLISH), url


def test_an_old_label_written_in_french_is_shown_as_it_came():
    with translation.override("en"):
        assert shown("Liste collée (5 entrées)") == "Liste collée (5 entrées)"
        assert shown("Les absents de « Atelier »") == "Les absents de « Atelier »"


@pytest.mark.parametrize(
    ("stored", "french"),
    [
        (stored_texts.PICKED_MEMBERS(count=1234), f"1{NBSP}234 membres du Spot choisis à la main"),
        (stored_texts.GROUP_MEMBERS(name="VIP"), f"Membres du groupe «{NBSP}VIP{NBSP}»"),
        (stored_texts.LINKED_GROUP(name="VIP"), f"Groupe «{NBSP}VIP{NBSP}»"),
        (
            stored_texts.UPLOAD_ROWS(source=stored_texts.FILE(), count=3),
            "Fichier (3 lignes)",
        ),
        (stored_texts.UPLOAD_ROWS(source="people.csv", count=3), "people.csv (3 lignes)"),
        (
            stored_texts.INSIGHT_SEGMENT(segment="Chronic no-shows", count=4, insights="Q1"),
            f"Absents chroniques (4) de l’analyse «{NBSP}Q1{NBSP}»",
        ),
    ],
)
def test_every_source_label_reads_in_french(stored, french):
    with translation.override("fr"):
        assert shown(stored) == french
    with translation.override("en"):  # counts written the reader's way
        assert shown(stored) == stored.replace("1234", "1,234")
