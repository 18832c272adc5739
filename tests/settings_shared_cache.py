"""tests.settings with the shared cache of `make run` (a database table every process
reads), for tests where a real worker process and the test's server must agree on it."""

from tests.settings import *  # noqa: F403

if not os.environ.get("CACHE_URL"):  # noqa: F405 (with Redis, shared across processes already)
    # A new dict: the star import shares tests.settings' own, and importing this module
    # (as the fixture does) must not change the cache every other test uses.
    CACHES = {
        **CACHES,  # noqa: F405
        "shared": {
            "BACKEND": "lives_admin.upstream.cache_backends.SharedDatabaseCache",
            "LOCATION": "lives_admin_shared_cache",
        },
    }
