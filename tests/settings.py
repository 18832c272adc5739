"""Settings for the test suite: the project's settings with test-friendly defaults.

Only defaults are set here; the environment still wins (DATABASE_URL, CACHE_URL…).
"""

import os
import tempfile
from pathlib import Path

# Never the developer's .env (`make run` writes DEBUG=true there, maybe an API key): the
# suite and the processes it starts see only what they set. Read by config/settings.py.
os.environ["ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DEBUG", "false")
# Tests start their own sandbox server on a free port and point the client at it.
os.environ.setdefault("MELTINGSPOT_RATE_LIMIT_REQUESTS", "100000")
os.environ.setdefault("MELTINGSPOT_INTERACTIVE_RETRY_BUDGET", "2")
# Job workers started by tests do not sync the lives index (its own test turns it on), so
# the calls a test counts are its own.
os.environ.setdefault("LIVES_INDEX_WORKER", "false")
# With CACHE_URL=redis://…: keys of this run and xdist worker only, so two runs or two
# workers on one server never see (or clear) each other's; a test's subprocesses (job
# workers, gunicorn) inherit the run and the worker, so they share the test's keys.
# A prefix that a test gives its subprocesses itself (its own keys) is kept.
_run_prefix = f"lives-admin-test-{os.environ.setdefault('LIVES_TEST_RUN', str(os.getpid()))}-"
if os.environ.get("CACHE_KEY_PREFIX", _run_prefix).startswith(_run_prefix):
    os.environ["CACHE_KEY_PREFIX"] = _run_prefix + os.environ.get("PYTEST_XDIST_WORKER", "main")
# Mail kept in memory: with DEBUG off the console backend is refused at start-up, and the
# processes a test starts (gunicorn, job workers) inherit this.
os.environ.setdefault("EMAIL_URL", "memorymail://")
# Tests close their database connections at once (test databases are dropped at the end).
os.environ.setdefault("CONN_MAX_AGE", "0")
# The shared reads (issue 18) are off: tests change the sandbox's data behind the
# dashboard's back; the tests of the shared reads turn them on (tests/shared_reads.py).
os.environ.setdefault("SHARED_READS", "false")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# A file, not memory, so a real `db_worker` subprocess can see what a test committed
# (pytest-django appends the xdist worker id when tests run in parallel).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test run, so two runs on one machine never share (and lock) it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"lives-admin-test-{os.getpid()}.sqlite3")
    }
else:
    # One database per test process on a shared server (PostgreSQL): two runs, or two
    # xdist workers (pytest-django appends gw0, gw1…), never create or drop each other's.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }

# Tests share nothing across processes but the database; the shared cache's own
# backend has its tests (tests/integration/foundation/test_shared_cache.py).
if not os.environ.get("CACHE_URL"):
    CACHES["shared"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shared",
    }
