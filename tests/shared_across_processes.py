"""A fixture giving the test's own process and its job workers one shared cache, as
`make run` has: the database table of `SharedDatabaseCache` (or Redis with CACHE_URL)."""

import pytest

import tests.settings_shared_cache as shared_settings


@pytest.fixture
def shared_cache_across_processes(settings, job_worker):
    """`job_worker()` as usual, its workers and this process sharing the `shared` cache."""
    settings.CACHES = shared_settings.CACHES

    def factory():
        worker = job_worker()
        worker.env["DJANGO_SETTINGS_MODULE"] = "tests.settings_shared_cache"
        return worker

    return factory
