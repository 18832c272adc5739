"""The dashboard's settings under the load test (bench/load.py): the project's own, with two
changes that touch nothing the test measures.

- A fast password hasher: the 20 logins are set-up, and 40 PBKDF2 rounds (users made,
  then logged in) would take the two CPUs for seconds before the first measured request.
- A cache key prefix per run (LOAD_CACHE_PREFIX), so a run on a shared Redis never reads
  another run's counters or pages (django-environ's CACHE_URL has no prefix option).
"""

from config.settings import *  # noqa: F403
from config.settings import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_prefix = env.str("LOAD_CACHE_PREFIX", default="")
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = _prefix
