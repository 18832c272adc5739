"""Look-ups of the Spot's members, each at a bounded number of API calls.

The API finds members only by exact lists (docs/api.md, Spot members): no name search, no
"contains". A Spot can have tens of thousands of members, so no request walks the
directory:

- emails are matched with `email[in]`, in batches (`spot_members.by_emails`): one call
  per hundred emails, whatever the size of the Spot;
- a member is read by id (one call);
- the pickers' name search asks the local member index (lives_admin/people/member_index/) when
  it is warm: no call, every member, and the results say how old it is; cold, it reads
  the first SEARCH_PAGES pages of the directory (kept in the cache a few minutes) and
  says so when the Spot has more members than that, while a sync is queued;
- an exact email finds anyone, in one call.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from django.core.cache import caches
from django.db import DatabaseError, transaction

from lives_admin.meltingspot import NotFoundError, SpotMember
from lives_admin.people.member_index import lookup as member_index
from lives_admin.people.member_index.folding import fold
from lives_admin.people.member_index.lookup import IndexAge
from lives_admin.people.member_index.tasks import queue_sync_if_due
from lives_admin.upstream import get_client
from lives_admin.upstream.single_flight import load_once

logger = logging.getLogger(__name__)


def shared_cache():
    """Every process reads the one directory (the single flight needs them to)."""
    return caches["shared"]


CACHE_KEY = "lives_admin:members:first-pages:v2"
CACHE_SECONDS = 300
PAGE_SIZE = 100  # the largest page the API serves (docs/api.md, D4)
SEARCH_PAGES = 10  # the name search reads at most this many pages: 1,000 members


@dataclass(frozen=True)
class Directory:
    """The first members of the Spot, as the name search reads them."""

    members: tuple[SpotMember, ...]
    total: int  # how many the Spot has

    @property
    def complete(self) -> bool:
        return len(self.members) >= self.total


@dataclass(frozen=True)
class SearchResult:
    members: list[SpotMember]
    looked_at: int  # how many members the name search read
    total: int  # how many the Spot has
    index: IndexAge | None = None  # the member index: how old, syncing (the page says)

    @property
    def partial(self) -> bool:
        """The Spot has members the name search did not read."""
        return self.looked_at < self.total


def _cached() -> Directory | None:
    try:
        directory = shared_cache().get(CACHE_KEY)
    except Exception:  # the shared cache is down: read upstream, as without a cache
        return None
    return directory if isinstance(directory, Directory) else None


def first_members() -> Directory:
    """The first SEARCH_PAGES pages of the directory: at most that many calls, then cached."""
    directory = _cached()
    if directory is None:
        # Three searches right after an invite must not walk it three times.
        directory = load_once("members:first-pages", _cached, _load_first_members)
    return directory


def _load_first_members() -> Directory:
    client, members, total = get_client(), [], 0
    for number in range(1, SEARCH_PAGES + 1):
        page = client.spot_members.list(page=number, limit=PAGE_SIZE)
        members += page.items
        total = max(page.total, len(members))
        if len(page.items) < PAGE_SIZE or len(members) >= total:
            break
    directory = Directory(members=tuple(members), total=total)
    with contextlib.suppress(Exception):  # kept for the next search when it can be
        shared_cache().set(CACHE_KEY, directory, CACHE_SECONDS)
    return directory


def forget() -> None:
    """Drop the cached members (after inviting new people by email, for instance)."""
    with contextlib.suppress(Exception):  # down: nothing is kept to be stale either
        shared_cache().delete(CACHE_KEY)


def search(query: str, limit: int = 20) -> SearchResult:
    """Members whose name or email contains every word of the query: from the member
    index when it is warm (the whole Spot, no call), else among the first members of the
    Spot; an exact email address finds its member wherever it is."""
    words = fold(query).split()
    if not words:
        return SearchResult(members=[], looked_at=0, total=0)
    index = index_age()
    exact_email = len(words) == 1 and _looks_like_email(words[0])
    if index.warm:
        found = member_index.search(query, limit)
        if not found and exact_email:  # joined since the last sync: the API knows
            exact = find_by_email(query)
            found = [exact] if exact is not None else []
        return SearchResult(members=found, looked_at=index.total, total=index.total, index=index)
    directory = first_members()
    found = []
    if exact_email:
        exact = find_by_email(query)
        found = [exact] if exact is not None else []
    for member in directory.members:
        if len(found) >= limit:
            break
        haystack = fold(f"{member.first_name or ''} {member.last_name or ''} {member.email}")
        if all(word in haystack for word in words) and member not in found:
            found.append(member)
    return SearchResult(
        members=found, looked_at=len(directory.members), total=directory.total, index=index
    )


def index_age() -> IndexAge:
    """How old the member index is, once a sync is queued if it is due (a picker in use
    keeps it fresh; an idle dashboard spends no call)."""
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the request's own work
            queue_sync_if_due()
    except DatabaseError as error:
        # Best effort: a database busy with another writer (SQLite under several searches
        # at once) must not fail the search; the next look-up queues the pass.
        logger.info("member index: sync not queued this time (%s)", error)
    return member_index.age()


def _looks_like_email(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(local and at and "." in domain.strip("."))


def find_by_email(email: str) -> SpotMember | None:
    """One member by exact email: from the cached members, else one call."""
    found = by_emails([email])
    return found.get(email.strip().casefold())


def by_emails(emails) -> dict[str, SpotMember]:
    """The members with these emails, by lower-cased email. From the cached members when
    they are the whole Spot, else by `email[in]` batches: one call per hundred emails."""
    wanted = {e.strip().casefold() for e in emails if e and e.strip()}
    if not wanted:
        return {}
    directory = _cached()
    if directory is not None and directory.complete:
        return {m.email.casefold(): m for m in directory.members if m.email.casefold() in wanted}
    found = get_client().spot_members.by_emails(sorted(wanted))
    return {m.email.casefold(): m for m in found if m.email.casefold() in wanted}


def known(member_ids) -> dict[str, SpotMember]:
    """The members among these ids that the member index (when warm) or the cache holds:
    no call at all."""
    wanted = set(member_ids)
    found = member_index.by_ids(wanted) if member_index.age().warm else {}
    directory = _cached()
    if directory is not None:
        found |= {m.id: m for m in directory.members if m.id in wanted and m.id not in found}
    return found


def get(member_id: str) -> SpotMember | None:
    """One member by id: from the cached members, else one call; None when there is none
    (an id that cannot be one is refused before any call)."""
    cached = known([member_id])
    if member_id in cached:
        return cached[member_id]
    try:
        return get_client().spot_members.retrieve(member_id)
    except NotFoundError:
        return None
