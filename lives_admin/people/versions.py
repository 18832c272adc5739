"""A version number per live's people, bumped on every write, so cached counts never go stale.

Views bump it after their own writes, and the job runner after each batch it sends. It
lives in the shared cache (Redis, or the database table every process reads): in the
page cache, local memory by default, the worker's bumps stayed in the worker, and the
web server kept serving the counts it had cached before the job.
"""

import logging

from django.core.cache import caches

logger = logging.getLogger(__name__)


def _key(live_id: str) -> str:
    return f"lives_admin:people:version:{live_id}"


def people_version(live_id: str) -> int | None:
    """None when the shared cache cannot be read: then nothing may be cached by it."""
    try:
        return caches["shared"].get(_key(live_id), 0)
    except Exception as error:  # Redis down: the page works, without cached counts
        logger.warning("The people version of a live cannot be read: %s", type(error).__name__)
        return None


def people_changed(live_id: str) -> None:
    shared = caches["shared"]
    try:
        shared.add(_key(live_id), 0, timeout=None)
        try:
            shared.incr(_key(live_id))
        except ValueError:  # evicted or flushed between add and incr: a new number all the same
            shared.add(_key(live_id), 1, timeout=None)
    except Exception as error:  # the write was made; only the counts' cache lags
        logger.warning("The people version of a live cannot be bumped: %s", type(error).__name__)
