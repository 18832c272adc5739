"""The control endpoints (`/__sandbox__/…`), one function each; `routes.ROUTES` maps them.

They take the same key as the API but meet no latency, fault or rate limit, and are not
logged: a benchmark's setup costs it nothing. Their bodies are small JSON objects.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import TYPE_CHECKING

from meltingspot_sandbox import demo
from meltingspot_sandbox.api import NotFound, Reply, new_id
from meltingspot_sandbox.serialize import member_json
from meltingspot_sandbox.validation import Invalid, query_int

if TYPE_CHECKING:
    from meltingspot_sandbox.routes import Call

# The most rows one seeding call adds (a 100,000-member Spot takes one call).
MAX_SEEDED = 200_000


def reset(call: Call) -> Reply:
    """Restore the demo data, clear the request log and the limits, undo config changes."""
    sandbox = call.sandbox
    if not sandbox.store.restore_demo():
        demo.seed(sandbox.store)
    sandbox.limiter.clear()
    sandbox.log.clear()
    _forget_held(sandbox)
    sandbox.config.__dict__.update(asdict(sandbox.initial_config))
    sandbox.fault_candidates = 0
    return Reply(204)


def emails(call: Call) -> Reply:
    """The invitation emails the sandbox would have sent for `?liveId=`, per person."""
    rows = call.sandbox.store.db.execute(
        "SELECT email, count FROM emails WHERE live_id = ? ORDER BY email",
        (call.query.get("liveId", ""),),
    ).fetchall()
    return Reply(200, {row["email"]: row["count"] for row in rows})


def requests(call: Call) -> Reply:
    return Reply(200, list(call.sandbox.log))


def clear_requests(call: Call) -> Reply:
    call.sandbox.log.clear()
    _forget_held(call.sandbox)
    return Reply(204)


def held_requests(call: Call) -> Reply:
    """The API requests taken in and not answered yet (method, path, `at`), oldest first."""
    with call.sandbox.held_lock:
        return Reply(200, list(call.sandbox.held.values()))


def _forget_held(sandbox) -> None:
    with sandbox.held_lock:
        sandbox.held.clear()


def configure(call: Call) -> Reply:
    sandbox, body = call.sandbox, call.body
    known = asdict(sandbox.config)
    if not isinstance(body, dict) or set(body) - set(known):
        raise Invalid(f"Known settings: {', '.join(known)}")
    sandbox.config.__dict__.update(body)
    sandbox.fault_candidates = 0
    if "rate_limit" in body or "rate_limit_requests" in body:
        sandbox.limiter.clear()
    return Reply(200, asdict(sandbox.config))


def _count(call: Call) -> int:
    return query_int(call.body if isinstance(call.body, dict) else {}, "count", 0, 1, MAX_SEEDED)


def fake_participants(call: Call) -> Reply:
    """`{"count": n}`: n more invited-by-email people on the live."""
    call.api.get_live(call.live)  # 404 for an unknown live
    count = _count(call)
    store = call.sandbox.store
    with store.lock:
        store.db.execute("BEGIN")
        rows = demo.fake_participants(store.db, call.live, count)
        store.db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        store.db.execute("COMMIT")
    return Reply(201, {"added": count})


def description_nodes(call: Call) -> Reply:
    """Rich-text nodes returned as the live's description, as is, until it is edited."""
    if not isinstance(call.body, list):
        raise Invalid("The body must be a JSON array of rich-text nodes")
    call.api.store_description_nodes(call.live, call.body)
    return Reply(204)


def fake_members(call: Call) -> Reply:
    """`{"count": n}`: n more Spot members (a big Spot), in one transaction."""
    count = _count(call)
    store = call.sandbox.store
    with store.lock:
        store.db.execute("BEGIN")
        added = demo.fake_members(store.db, count)
        store.db.execute("COMMIT")
    return Reply(201, {"added": added})


def remove_member(call: Call) -> Reply:
    """The member leaves the Spot, as if removed in MeltingSpot: gone from every list."""
    if not call.sandbox.store.remove_member(call.member):
        raise NotFound("Spot member not found")
    return Reply(204)


def register_member(call: Call) -> Reply:
    """`{"email", "firstname", "lastname"}`: one member who registers now (what the
    dashboard's member index must find in its next incremental pass)."""
    body = call.body if isinstance(call.body, dict) else {}
    now = int(time.time())
    member_id = new_id()
    store = call.sandbox.store
    with store.lock:
        store.db.execute(
            """INSERT INTO members (id, email, firstname, lastname, title, status, role,
               lang, invited_at, registered_at, updated_at)
               VALUES (?, ?, ?, ?, NULL, 'Accepted', 'Member', 'en', ?, ?, ?)""",
            (
                member_id,
                str(body.get("email") or f"{member_id}@sandbox.example"),
                body.get("firstname"),
                body.get("lastname"),
                now,
                now,
                now * 1000,
            ),
        )
        row = store.db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()
    return Reply(201, member_json(row))


def fake_lives(call: Call) -> Reply:
    """`{"count": n}`: n more lives, past and upcoming, with participants and varied metrics."""
    count = _count(call)
    store = call.sandbox.store
    with store.lock:
        store.db.execute("BEGIN")
        ids = demo.fake_lives(store.db, count)
        store.db.execute("COMMIT")
    return Reply(201, {"added": len(ids), "ids": ids})
