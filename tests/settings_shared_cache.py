"""tests.settings with the shared cache of `make run` (a database table every process
reads), for tests where a real worker process and the test's server must agree on it."""

from tests.settings import *  # noqa: F403

if not os.environ.get("CACHE_URL"):  # noqa: F405 (with Redis, shared across processes already)
    CACHES["shared"] = {  # noqa: F405
        "BACKEND": "lives_admin.shared_cache.SharedDatabaseCache",
        "LOCATION": "lives_admin_shared_cache",
    }
