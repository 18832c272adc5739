"""Texts the job worker, the insights runner and the audit log store outside a request
are read later in the reader's language; older rows (stored in English) too; MeltingSpot's
own words stay as it sent them, inside a French sentence."""

import pytest
from django.utils import translation

from lives_admin.forms.live_filters import LiveFilterForm
from lives_admin.i18n import stored_texts
from lives_admin.i18n.stored import shown
from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner
from lives_admin.models import (
    AuditEntry,
    AuditState,
    InsightSnapshot,
    InsightStatus,
    InviteJob,
    InviteJobItem,
    ItemState,
    JobKind,
    JobStatus,
    SavedView,
)
from lives_admin.upstream import get_client, reset_client
from tests.html import text_of

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
NBSP = "\u00a0"


def text(response) -> str:
    return text_of(response.content.decode())


def seen(expected: str) -> str:
    """As text_of reads a page: whitespace (no-break spaces included) folded."""
    return " ".join(expected.split())


def french(stored: str) -> str:
    with translation.override("fr"):
        return shown(stored)


# Rows as the worker wrote them before this change (the same English, on purpose).
@pytest.mark.parametrize(
    ("stored", "said"),
    [
        (
            "MeltingSpot refused: Email already used",
            f"MeltingSpot a refusé{NBSP}: Email already used",
        ),
        ("MeltingSpot: Live not found", f"MeltingSpot a répondu{NBSP}: Live not found"),
        ("MeltingSpot: not found", f"MeltingSpot{NBSP}: introuvable"),
        ("This live no longer exists", "Ce live n’existe plus"),
        ("Already being invited by job #12", f"Déjà en cours d’invitation par la tâche n°{NBSP}12"),
        ("Cancelled before it was sent", "Annulé avant l’envoi"),
        ("Invalid: missing @", f"Invalide{NBSP}: @ manquant"),
        (
            "MeltingSpot kept failing (Service Unavailable). Everyone not sent yet is kept: "
            "resume the job when MeltingSpot answers again.",
            "MeltingSpot a échoué à plusieurs reprises (Service Unavailable). Personne n’est "
            f"perdu parmi ceux qui restent à envoyer{NBSP}: reprenez la tâche quand MeltingSpot "
            "répondra de nouveau.",
        ),
        (
            "The daily budget of 10,000 MeltingSpot requests is spent; it renews at midnight "
            "UTC. Resume the job then.",
            f"Le budget quotidien de 10{NBSP}000 requêtes MeltingSpot est épuisé{NBSP}; il se "
            "renouvelle à minuit UTC. Reprenez alors la tâche.",
        ),
        (
            "MeltingSpot could not be read to the end: Bad Gateway. Refresh to try again.",
            f"MeltingSpot n’a pas pu être lu jusqu’au bout{NBSP}: Bad Gateway. Actualisez pour "
            "réessayer.",
        ),
        (
            "3 picked lives no longer exist on MeltingSpot and are left out: a, b, c.",
            "3 lives choisis n’existent plus sur MeltingSpot et sont laissés de côté"
            f"{NBSP}: a, b, c.",
        ),
        (
            "MeltingSpot did not answer in time: the write may still have happened",
            f"MeltingSpot n’a pas répondu à temps{NBSP}: la modification a peut-être quand même "
            "eu lieu",
        ),
        ("job #7", f"tâche n°{NBSP}7"),
        # Not ours: as it came, even when it happens to be a word of the catalogue.
        ("Email already used", "Email already used"),
        ("Invalid", "Invalid"),
    ],
)
def test_a_stored_text_is_said_in_the_readers_language(stored, said):
    assert french(stored) == said
    with translation.override("en"):
        assert shown(stored) == stored


def test_every_stored_text_reads_back_in_english_as_stored():
    for name in dir(stored_texts):
        text_of = getattr(stored_texts, name)
        if not callable(getattr(text_of, "read", None)):
            continue
        params = {
            p: "7"
            for p in (
                *("reason", "line", "job", "message", "error", "title"),
                *("name", "audience", "segment", "insights", "source"),
            )
        }
        stored = text_of(count=2, share=1, names="x", **params)
        with translation.override("en"):
            assert text_of.read(stored) == stored, name
        with translation.override("fr"):
            assert text_of.read(stored) not in (None, stored), name


def test_saved_view_areas_and_the_lives_sort_are_marked():
    with translation.override("fr"):
        assert str(SavedView.Area.LIVES.label) == "Lives"
        assert str(SavedView.Area.PARTICIPANTS.label) == "Participants"
        assert str(LiveFilterForm().fields["sort"].choices[0][1]) == "Ordre de MeltingSpot"
    # Lazy: the label follows the reader, not the language the module was imported in.
    assert str(LiveFilterForm().fields["sort"].choices[0][1]) == "MeltingSpot's order"


@pytest.mark.django_db(transaction=True)
def test_a_refusal_inside_a_job_is_framed_in_french_on_the_page_and_in_the_report(
    sandbox, organiser, organiser_client
):
    reset_client()
    live_id = get_client().lives.list(limit=1).items[0].id
    member = get_client().spot_members.list(limit=1, page=7).items[0]
    plan = InvitePlan(
        kind=JobKind.INVITE_SPEAKERS,
        live_ids=(live_id,),
        people=(Person(member.email, spot_member_id=member.id),),
    )
    job = start_job(plan, organiser)
    sandbox.configure(error_rate=1.0, error_status=400)
    try:
        JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda s: None).run()
    finally:
        sandbox.configure(error_rate=0.0, error_status=503)
    assert job.items.get().error == "MeltingSpot refused: Injected fault"  # kept in English

    page = text(organiser_client.get(f"/jobs/{job.pk}/", **FRENCH))
    assert seen(f"MeltingSpot a refusé{NBSP}: Injected fault") in page
    assert "MeltingSpot refused" not in page
    report = organiser_client.get(f"/jobs/{job.pk}/report.csv", **FRENCH)
    body = b"".join(report.streaming_content).decode("utf-8-sig")
    assert f"MeltingSpot a refusé{NBSP}: Injected fault" in body
    english = text(organiser_client.get(f"/jobs/{job.pk}/", **ENGLISH))
    assert "MeltingSpot refused: Injected fault" in english


@pytest.mark.django_db
def test_a_paused_jobs_reason_and_an_old_rows_reason_are_french(organiser, organiser_client):
    job = InviteJob.objects.create(
        kind=JobKind.INVITE_PARTICIPANTS,
        status=JobStatus.PAUSED,
        created_by=organiser,
        live_ids=["live-1"],
        last_error="Stopped by an unexpected error (OperationalError). Everyone not sent yet "
        "is kept: resume the job to carry on.",
    )
    InviteJobItem.objects.create(
        job=job,
        live_id="live-1",
        email="ada@example.org",
        state=ItemState.CANCELLED,
        error="Cancelled before it was sent",
    )
    page = text(organiser_client.get(f"/jobs/{job.pk}/", **FRENCH))
    assert seen("Arrêtée par une erreur inattendue (OperationalError)") in page
    assert seen("Annulé avant l’envoi") in page
    assert "Stopped by" not in page and "Cancelled before" not in page


@pytest.mark.django_db
def test_an_insights_failure_and_notes_are_french(viewer, viewer_client):
    snapshot = InsightSnapshot.objects.create(
        created_by=viewer,
        label="Every live",
        status=InsightStatus.FAILED,
        error="MeltingSpot could not be read to the end: Bad Gateway. Refresh to try again.",
        notes=["“Atelier” is no longer on MeltingSpot: left out."],
    )
    page = text(viewer_client.get(f"/insights/{snapshot.pk}/", **FRENCH))
    assert seen(f"MeltingSpot n’a pas pu être lu jusqu’au bout{NBSP}: Bad Gateway.") in page
    assert seen(f"«{NBSP}Atelier{NBSP}» n’est plus sur MeltingSpot{NBSP}: laissé de côté.") in page
    assert "Refresh to try again" not in page and "left out" not in page


@pytest.mark.django_db
def test_an_insights_name_follows_the_reader_not_its_creator(viewer, viewer_client):
    made_in_french = InsightSnapshot.objects.create(
        created_by=viewer,
        label="Tous les lives correspondant à Statut : Terminé",
        filters_query="status=Ended",
        status=InsightStatus.FAILED,
    )
    picked = InsightSnapshot.objects.create(
        created_by=viewer, label="3 lives choisis", live_ids=["a", "b", "c"]
    )
    english = text(viewer_client.get("/insights/", **ENGLISH))
    assert "Every live (Status: Ended)" in english and "3 lives picked" in english
    assert "Tous les lives" not in english and "choisis" not in english
    page = text(viewer_client.get(f"/insights/{made_in_french.pk}/", **ENGLISH))
    assert "Every live (Status: Ended)" in page
    french = text(viewer_client.get(f"/insights/{picked.pk}/", **FRENCH))
    assert "3 lives choisis" in french


@pytest.mark.django_db
def test_the_audit_logs_job_actor_and_our_own_error_words_are_french(admin_user_client, sandbox):
    AuditEntry.objects.create(
        actor_label="job #7",
        job_id=7,
        live_id="live-1",
        live_title="Atelier",
        operation="participants.bulk_invite",
        method="POST",
        path="/v1/lives/live-1/participants~bulkInvite",
        ok=False,
        state=AuditState.NOT_CONFIRMED,
        error_message="MeltingSpot did not answer in time: the write may still have happened",
    )
    page = text(admin_user_client.get("/audit/", **FRENCH))
    assert seen(f"tâche n°{NBSP}7") in page
    assert (
        seen(
            f"MeltingSpot n’a pas répondu à temps{NBSP}: la modification a peut-être "
            "quand même eu lieu"
        )
        in page
    )
    assert "did not answer in time" not in page and "job #7" not in page
    export = admin_user_client.get("/audit/export.csv", **FRENCH)
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert f"tâche n°{NBSP}7" in body and "may still have happened" not in body
