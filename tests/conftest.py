"""Fixtures shared by every layer: the sandbox server, users with roles, clean caches."""

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from lives_admin.team.roles import Role
from lives_admin.upstream import reset_client
from tests.own_cache import clear_all

pytest_plugins = ["tests.sandbox_server", "tests.redis_server"]

# A test that asks for one of these starts real processes: it is `slow`, and
# `make test-fast` leaves it out (tests that start processes themselves say so).
PROCESS_FIXTURES = {"job_worker", "private_redis"}


def pytest_collection_modifyitems(items):
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limiter and member caches live in the cache: no test inherits another's."""
    clear_all()
    yield
    clear_all()


@pytest.fixture(autouse=True)
def _language_of_the_thread_reset():
    """A test that switches to French (translation.activate) leaves English behind it: the
    language is per thread, and the next test on this worker must not read French."""
    yield
    translation.deactivate()


@pytest.fixture
def sandbox(sandbox_server, settings):
    """The dashboard's client pointed at a freshly reset sandbox over real HTTP."""
    sandbox_server.reset()
    settings.MELTINGSPOT_API_URL = sandbox_server.url
    settings.MELTINGSPOT_API_KEY = sandbox_server.api_key
    settings.MELTINGSPOT_SANDBOX = True
    reset_client()
    yield sandbox_server
    reset_client()


@pytest.fixture
def make_user(django_user_model):
    def make(role: Role | None, username: str | None = None):
        user = django_user_model.objects.create_user(
            username=username or f"{role.group_name if role else 'nobody'}-user",
            password="pw-for-tests",
        )
        if role is not None:
            # get_or_create: transactional tests flush the groups the migration made.
            user.groups.add(Group.objects.get_or_create(name=role.group_name)[0])
        return user

    return make


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewer(make_user):
    return make_user(Role.VIEWER)


@pytest.fixture
def organiser(make_user):
    return make_user(Role.ORGANISER)


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def viewer_client(viewer):
    return _client_for(viewer)


@pytest.fixture
def organiser_client(organiser):
    return _client_for(organiser)


@pytest.fixture
def admin_user_client(admin):
    return _client_for(admin)


# `manage.py jobworker`, saying "ready" on stdout once Django is set up (then stdout goes
# to /dev/null: no pipe left unread can block it).
BOOT_THEN_WORK = """
import os, sys, django
django.setup()
print("ready", flush=True)
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", "jobworker", *sys.argv[1:]])
"""
# Generous: only a machine that cannot boot Django at all takes this long.
BOOT_SECONDS = 180


class JobWorker:
    """A real `manage.py db_worker` process sharing the test database and the sandbox."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log: Path | None = None  # where its stderr goes, when a test reads it

    def start(self) -> "JobWorker":
        """Started, and returns once Django is set up in it: a test's waits time the work,
        not the boot (tens of seconds on a machine running the suite under `-n 8`)."""
        stderr = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT_THEN_WORK, "--interval", "0.2", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        if self.log:
            stderr.close()  # the process has its own copy
        said = select.select([self.process.stdout], [], [], BOOT_SECONDS)[0]
        line = self.process.stdout.readline() if said else b""
        self.process.stdout.close()  # nothing more is written there (see BOOT_THEN_WORK)
        assert line.strip() == b"ready", f"the job worker did not start in {BOOT_SECONDS} s"
        return self

    def kill(self) -> None:
        """SIGKILL: the crash a job must survive."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def job_worker(sandbox, transactional_db):
    """`job_worker()` makes a real worker process: `.start()`, `.kill()` (a crash), `.stop()`."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "MELTINGSPOT_API_URL": sandbox.url,
        "MELTINGSPOT_API_KEY": sandbox.api_key,
    }
    if connection.vendor != "sqlite":
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + (
            "/" + connection.settings_dict["NAME"]
        )
    workers: list[JobWorker] = []

    def factory() -> JobWorker:
        worker = JobWorker(env)
        workers.append(worker)
        return worker

    yield factory
    for worker in workers:
        worker.stop()
