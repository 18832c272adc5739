"""A fixture giving the test's own process and its job workers one shared cache, as
`make run` has: the database table of `SharedDatabaseCache` (or Redis with CACHE_URL)."""

import pytest
from django.core.management import call_command

import tests.settings_shared_cache as shared_settings


@pytest.fixture
def shared_cache_across_processes(settings, job_worker):
    """`job_worker()` as usual, its workers and this process sharing the `shared` cache."""
    settings.CACHES = shared_settings.CACHES
    # The test database was created under tests.settings, whose shared cache is in memory.
    call_command("createcachetable", verbosity=0)

    def factory():
        worker = job_worker()
        worker.env["DJANGO_SETTINGS_MODULE"] = "tests.settings_shared_cache"
        return worker

    return factory
