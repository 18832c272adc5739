"""A database connection cut part-way through a request (pg_terminate_backend, as a
database restart or failover does): a read is answered on a fresh connection, a form gets
a 503 that says whether anything was saved, never the bare 500.

The cut comes at a chosen statement: a wrapper (of this test only) on the test's own
connection asks a second connection to terminate it, and waits until it is gone, right
before that statement is sent. PostgreSQL only: the PostgreSQL pass runs it.
"""

import contextlib
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.models import InviteJob, JobKind, JobStatus
from lives_admin.team.roles import Role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs the test database on PostgreSQL (DATABASE_URL=postgres://…, "
        "as in make test-postgres)",
    ),
]


def _backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.info.backend_pid


@contextlib.contextmanager
def connection_cut_before(statement: str, table: str, occurrence: int = 1):
    """Terminate this thread's connection right before its `occurrence`-th `statement`
    (SELECT, UPDATE…) on `table` is sent."""
    import psycopg

    settings = connection.settings_dict
    cuts: list[int] = []
    seen = [0]

    def cut(execute, sql, params, many, context):
        if sql.startswith(statement) and f'"{table}"' in sql and not cuts:
            seen[0] += 1
            if seen[0] == occurrence:
                pid = context["connection"].connection.info.backend_pid
                with psycopg.connect(
                    host=settings["HOST"] or None,
                    port=settings["PORT"] or None,
                    user=settings["USER"],
                    password=settings["PASSWORD"] or None,
                    dbname=settings["NAME"],
                    autocommit=True,
                ) as other:
                    # Waits (up to 10 s) until the backend is gone: no race with the next send.
                    other.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
                cuts.append(pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut):
        yield cuts


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def organiser_with_a_job(transactional_db, make_user):
    organiser = make_user(Role.ORGANISER, username="cut-organiser")
    job = start_job(
        InvitePlan(
            kind=JobKind.INVITE_PARTICIPANTS,
            live_ids=("live003",),
            people=(Person(email="cut@example.org"),),
            live_titles={"live003": "Cut live"},
            source_label="Pasted list (1 entry)",
        ),
        organiser,
    )
    # A server error would be raised into the test by Django's client; the answer is
    # what is asserted here.
    client = Client(raise_request_exception=False)
    client.force_login(organiser)
    yield client, job
    connection.close()  # a connection a failing run left dead must not fail the teardown


def test_a_read_whose_connection_is_cut_is_answered_on_a_fresh_one(organiser_with_a_job):
    client, job = organiser_with_a_job
    before = _backend_pid()
    with connection_cut_before("SELECT", "lives_admin_invitejob") as cuts:
        response = client.get("/jobs/")
    assert cuts == [before]  # the cut happened, mid-request
    assert response.status_code == 200
    assert f"#{job.pk}" in text(response)
    assert _backend_pid() != before  # on a new connection


def test_a_form_cut_before_any_write_says_nothing_was_saved(organiser_with_a_job):
    client, job = organiser_with_a_job
    with connection_cut_before("SELECT", "lives_admin_invitejob") as cuts:
        response = client.post(f"/jobs/{job.pk}/pause/")
    assert cuts
    assert response.status_code == 503
    page = text(response)
    assert "The dashboard lost its database connection" in page
    assert "Nothing was saved" in page
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]  # outer layers ran
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.QUEUED  # not sent twice


def test_a_form_cut_after_its_write_says_it_may_have_been_saved(organiser_with_a_job):
    client, job = organiser_with_a_job
    # The pause is written, then the job is read again for the answer: cut there.
    with connection_cut_before("SELECT", "lives_admin_invitejob", occurrence=2) as cuts:
        response = client.post(f"/jobs/{job.pk}/pause/", HTTP_HX_REQUEST="true")
    assert cuts
    assert response.status_code == 503
    assert "may have been saved" in text(response)
    assert response["HX-Retarget"] == "#main"  # above the page: the form stays
    assert InviteJob.objects.get(pk=job.pk).status == JobStatus.PAUSED
