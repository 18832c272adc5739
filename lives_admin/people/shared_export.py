"""Identical exports in flight share their reads (issue 18): two or three exports of the
same live with the same filters at the same time make one walk of its participant pages.

The first export of a live + filters opens a walk (a record in the shared cache, until
it ends); an identical export that starts meanwhile joins it. Each page of a walk is
read once, by whichever reader asks first (`single_flight.load_once`, across
processes), and kept a few seconds for the others only while the walk has more than
one reader: an export alone stores nothing, and each export streams page by page, never
holding its rows. An export after the walk ended opens a new one (fresh reads), and a
write through the dashboard to the live's people starts a new walk too (the shared
reads' versions are in its name). The shared cache down: every export walks alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import caches

from lives_admin.meltingspot import key_fingerprint
from lives_admin.meltingspot.filters import encode_query
from lives_admin.upstream.read_kinds import read_kind
from lives_admin.upstream.single_flight import load_once

logger = logging.getLogger(__name__)

PAGE = 100  # the largest page the API serves (docs/api.md, D4)
PAGE_SECONDS = 10  # a page waits this long for the walk's other readers
WALK_SECONDS = 600  # a walk whose export died without closing ends by itself


def participants(client, live_id: str, filters) -> Iterator:
    """Every participant of the live matching `filters`, page by page, shared with the
    identical exports in flight."""
    try:
        walk = _Walk.join(client, live_id, filters)
    except Exception as error:  # no shared cache: walk alone
        logger.warning("Exports cannot share their reads: %s", type(error).__name__)
        yield from client.participants.iter_all(live_id, filters)
        return
    try:
        number, seen = 1, 0
        while True:
            page = walk.page(number)
            yield from page.items
            seen += len(page.items)
            if not page.items or len(page.items) < PAGE or seen >= page.total:
                return
            number += 1
    finally:
        walk.leave()


class _Walk:
    def __init__(self, client, live_id, filters, cache, record: str, walk_id: str, opened):
        self.client = client
        self.record = record  # the cache key naming the walk of this live + filters
        self.live_id = live_id
        self.filters = filters
        self.cache = cache
        self.walk_id = walk_id
        self.opened = opened  # this export opened the walk: it closes it

    @classmethod
    def join(cls, client, live_id: str, filters) -> _Walk:
        cache = caches["shared"]
        record = f"export-walk:{_identity(client, live_id, filters)}"
        mine = uuid.uuid4().hex
        opened = cache.add(record, mine, timeout=WALK_SECONDS)
        walk_id = mine if opened else (cache.get(record) or mine)
        walk = cls(client, live_id, filters, cache, record, walk_id, opened)
        readers = walk._readers_key()
        cache.add(readers, 0, timeout=WALK_SECONDS)  # whoever comes first, then each counts
        with contextlib.suppress(ValueError):  # expired between the two: not shared
            cache.incr(readers)
        return walk

    def _readers_key(self) -> str:
        return f"export-walk:{self.walk_id}:readers"

    def _page_key(self, number: int) -> str:
        return f"export-walk:{self.walk_id}:page:{number}"

    def page(self, number: int):
        key = self._page_key(number)

        def stored():
            with contextlib.suppress(Exception):
                return self.cache.get(key)
            return None

        def load():
            page = self.client.participants.list(
                self.live_id, self.filters, page=number, limit=PAGE
            )
            with contextlib.suppress(Exception):  # not shared: the others read it themselves
                if (self.cache.get(self._readers_key()) or 1) > 1:
                    self.cache.set(key, page, timeout=PAGE_SECONDS)
            return page

        found = stored()
        return found if found is not None else load_once(key, stored, load)

    def leave(self) -> None:
        """New exports from now on read afresh; the readers still in flight go on."""
        if self.opened:
            with contextlib.suppress(Exception):
                if self.cache.get(self.record) == self.walk_id:
                    self.cache.delete(self.record)


def _identity(client, live_id: str, filters) -> str:
    """The key, the live, the filters, and the versions of what the export reads (a
    write to the live's people starts a new walk)."""
    path = f"/v1/lives/{live_id}/participants"
    reads = getattr(client, "invalidates", None)
    found = read_kind(path)
    versions = reads.versions(found[1]) if reads is not None and found else {}
    raw = json.dumps(
        [
            key_fingerprint(settings.MELTINGSPOT_API_KEY),
            path,
            sorted(encode_query(filters)),
            sorted(versions.items()),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:40]
