"""Every write that may have reached MeltingSpot has its audit entry (issue 14, item 15),
through crashes: a gunicorn worker killed mid-request, a job worker killed mid-batch, and
database connections terminated mid-job (PostgreSQL).

The entry is committed ("sending") before the write leaves and completed after; a write
whose process died on the way reads "May have happened: no answer from MeltingSpot".
The sandbox holds the writes' answers (its slow faults) so each crash lands mid-write.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading

import httpx
import pytest
from django.db import connection, connections, transaction

from lives_admin.models import AuditEntry, InviteJob, JobStatus
from lives_admin.upstream import get_client
from tests.gunicorn_server import clean_environ, running_gunicorn
from tests.integration.audit.helpers import export, log_text
from tests.integration.jobs.helpers import a_live, emails_in, invites_sent, start, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

MAY_HAVE_HAPPENED = "May have happened: no answer from MeltingSpot"
# Each write waits this long in the sandbox before it is carried out and answered.
HELD_MS = 2500
HOLD_WRITES = {"slow_rate": 1.0, "slow_ms": HELD_MS, "fault_methods": "POST"}


def writes_received(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["method"] == "POST"]


def _held_writes(sandbox) -> int:
    """The writes the sandbox has taken in and not answered yet."""
    return sum(r["method"] == "POST" for r in sandbox.held_requests())


def _database_url() -> str:
    """This test's database, for the processes the test starts."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]


@pytest.fixture
def gunicorn(sandbox, tmp_path):
    """The dashboard under gunicorn (one worker) on this test's database: (url, worker pid)."""
    env = {
        **clean_environ(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "MELTINGSPOT_API_URL": sandbox.url,
        "MELTINGSPOT_API_KEY": sandbox.api_key,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    with running_gunicorn(env, tmp_path) as server:
        worker = int(re.findall(r"Booting worker with pid: (\d+)", server.err.read_text())[-1])
        yield server.url, worker


def _logged_in(base: str) -> httpx.Client:
    browser = httpx.Client(base_url=base, timeout=30)
    login = browser.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    login = {"username": "organiser-user", "password": "pw-for-tests"}
    answer = browser.post("/login/", data={**login, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302, answer.text[:300]
    return browser


@pytest.mark.slow
def test_a_gunicorn_worker_killed_mid_request_leaves_a_may_have_happened_entry(
    gunicorn, sandbox, organiser
):
    base, worker_pid = gunicorn
    live_id = a_live()
    browser = _logged_in(base)
    page = browser.get(f"/lives/{live_id}/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    sandbox.configure(**HOLD_WRITES)
    sandbox.clear_requests()

    def invite() -> None:
        form = {"member": "kill9@example.org", "with_email_notification": "on"}
        with contextlib.suppress(httpx.TransportError):  # its worker is killed: no answer
            browser.post(
                f"/lives/{live_id}/participants/invite/",
                data={**form, "csrfmiddlewaretoken": token},
            )

    sending = threading.Thread(target=invite)
    sending.start()
    entries = AuditEntry.objects.filter(operation="participants.invite")
    assert wait_for(entries.exists, 10), "no audit entry while the invitation was on its way"
    assert writes_received(sandbox) == [], "the entry was written only after the answer"
    # Killed once the sandbox holds the invitation (2.5 s): it is on its way.
    assert wait_for(lambda: _held_writes(sandbox) == 1, 10), "the invitation never left"
    os.kill(worker_pid, signal.SIGKILL)
    sending.join(timeout=30)

    # The invitation reached MeltingSpot after all; its entry says it may have happened.
    assert wait_for(lambda: writes_received(sandbox), HELD_MS / 1000 + 10)
    assert sandbox.emails(live_id) == {"kill9@example.org": 1}
    entry = entries.get()
    assert (entry.state, entry.actor, entry.live_id) == ("sending", organiser, live_id)
    sandbox.configure(slow_rate=0.0)
    log = browser.get("/audit/", params={"outcome": "unconfirmed"})  # a new worker answers
    assert MAY_HAVE_HAPPENED in log.text and "kill9@example.org" in log.text
    assert MAY_HAVE_HAPPENED in browser.get("/audit/export.csv").text
    browser.close()


def test_a_job_worker_killed_mid_batch_leaves_the_batch_recorded(
    organiser, organiser_client, sandbox, job_worker
):
    live_id = a_live()
    sandbox.configure(**HOLD_WRITES, fault_after=1)  # the first batch goes through at once
    job = start(organiser, live_id, 10, prefix="midbatch")
    worker = job_worker()
    worker.env["MELTINGSPOT_BULK_BATCH_SIZE"] = "5"
    worker.env["MELTINGSPOT_JOB_LANES"] = "1"  # one batch after the other: the second is held
    worker.start()
    entries = AuditEntry.objects.filter(job_id=job.pk)
    assert wait_for(lambda: entries.count() == 2, 20), "no entry while a batch was on its way"
    assert len(writes_received(sandbox)) == 1, "the entry was written only after the answer"
    # Killed once the sandbox holds the second batch: the runner counts a request right
    # before it leaves, and a kill between that count and the send (a busy machine, a
    # cache call in between) would leave nothing on its way.
    assert wait_for(lambda: _held_writes(sandbox) == 1, 10), "the second batch never left"
    assert InviteJob.objects.get(pk=job.pk).api_calls == 2
    worker.kill()

    assert wait_for(lambda: len(writes_received(sandbox)) == 2, HELD_MS / 1000 + 10)
    assert len(sandbox.emails(live_id)) == 10  # both batches reached MeltingSpot
    first, second = entries.order_by("id")
    assert (first.state, second.state) == ("done", "sending")
    batch = [f"midbatch{i}@example.org" for i in range(5, 10)]
    assert second.request_body["members"]["emails"] == batch
    log = log_text(organiser_client, f"?job={job.pk}")
    assert MAY_HAVE_HAPPENED in log
    # It was on its way for seconds when the worker died: how long is unknown, not 0 ms.
    assert "POST · no answer · duration unknown" in log
    assert " 0 ms" not in log
    (_, batch_row) = export(organiser_client, f"?job={job.pk}")[1:][::-1]
    assert "0 ms" not in " ".join(batch_row)


# -- dropped database connections (PostgreSQL: its backends can be terminated) -------------
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL to terminate connections: this pass runs on SQLite "
            "(make test-postgres runs it when PostgreSQL answers)"
        )


TERMINATE = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def _terminate(pid: int | None = None) -> int:
    """Terminate this database's other connections (or the one of `pid`), from the
    connection of the caller's thread."""
    with connection.cursor() as cursor:
        if pid is None:
            cursor.execute(TERMINATE)
        else:
            cursor.execute(TERMINATE + " AND pid = %s", [pid])
        return cursor.fetchone()[0]


def test_a_connection_terminated_while_a_write_is_on_its_way_still_completes_its_entry(
    sandbox, organiser
):
    _postgres_only()
    live_id = a_live()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [mine] = cursor.fetchone()
    sandbox.configure(**HOLD_WRITES)
    seen = {}

    def terminate_mid_write() -> None:
        try:
            if wait_for(AuditEntry.objects.exists, 10):
                seen["before the answer"] = not writes_received(sandbox)
                seen["terminated"] = _terminate(mine)
        finally:
            connections.close_all()

    saboteur = threading.Thread(target=terminate_mid_write)
    saboteur.start()
    get_client().participants.invite(live_id, "dropped@example.org", with_email_notification=True)
    saboteur.join()
    assert seen == {"before the answer": True, "terminated": 1}
    entry = AuditEntry.objects.get()
    assert (entry.state, entry.ok, entry.status_code) == ("done", True, 201)


def test_connections_terminated_mid_job_lose_no_entry(organiser, sandbox, job_worker):
    _postgres_only()
    live_id = a_live()
    sandbox.configure(latency_ms=300)
    job = start(organiser, live_id, 60, prefix="terminated")
    worker = job_worker()
    worker.env["MELTINGSPOT_BULK_BATCH_SIZE"] = "10"
    worker.start()
    entries = AuditEntry.objects.filter(job_id=job.pk)
    seen: set[int] = set()

    def a_new_batch_on_its_way() -> bool:
        return entries.filter(state="sending").exclude(pk__in=seen).exists()

    for _round in range(3):
        # A batch on its way: its entry is "sending"; the worker's connections go.
        assert wait_for(a_new_batch_on_its_way, 20)
        seen.update(entries.filter(state="sending").values_list("pk", flat=True))
        assert _terminate() >= 1

    assert wait_for(lambda: InviteJob.objects.get(pk=job.pk).status == JobStatus.COMPLETED, 60)
    worker.stop()
    sent = invites_sent(sandbox)
    assert sorted(set(emails_in(sent))) == sorted(f"terminated{i}@example.org" for i in range(60))
    assert set(sandbox.emails(live_id).values()) == {1}
    assert not entries.filter(state="sending").exists()
    # Every batch MeltingSpot took in has its entry, completed.
    assert entries.filter(state="done").count() == len(sent)


def test_an_entry_outlives_the_rollback_of_the_callers_transaction(sandbox, organiser):
    """A write sent inside a transaction its caller then rolls back happened all the same:
    its entry is written on a connection of its own."""
    _postgres_only()
    live_id = a_live()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        get_client().participants.invite(live_id, "rolled@example.org")
        raise RuntimeError("the caller fails after the write")
    entry = AuditEntry.objects.get()
    assert (entry.state, entry.live_id, entry.request_body["member"]) == (
        "done",
        live_id,
        "rolled@example.org",
    )
