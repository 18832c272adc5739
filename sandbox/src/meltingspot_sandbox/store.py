"""The sandbox's state: one SQLite file, one connection guarded by a lock.

A single connection keeps things simple and consistent; the sandbox serves one
organiser or one test suite, not a crowd.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS members (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, firstname TEXT, lastname TEXT,
    title TEXT, status TEXT NOT NULL, role TEXT NOT NULL, lang TEXT NOT NULL,
    invited_at INTEGER NOT NULL, registered_at INTEGER, updated_at INTEGER NOT NULL
);
-- A big Spot (POST /__sandbox__/fake-members) answers pages and filters without a sort
-- of every row: the list's order, the date filters. `email` is indexed by its UNIQUE.
CREATE INDEX IF NOT EXISTS members_by_name ON members (lastname, firstname, id);
CREATE INDEX IF NOT EXISTS members_by_registration ON members (registered_at);
CREATE INDEX IF NOT EXISTS members_by_invitation ON members (invited_at);
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, emoji TEXT, icon TEXT
);
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL, member_id TEXT NOT NULL, PRIMARY KEY (group_id, member_id)
);
CREATE TABLE IF NOT EXISTS lives (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    start INTEGER NOT NULL, end INTEGER NOT NULL, solution TEXT NOT NULL, built_in_type TEXT,
    video_url TEXT, chat_visibility TEXT NOT NULL, participants_visibility TEXT NOT NULL,
    visibility TEXT NOT NULL, participation TEXT NOT NULL, record INTEGER NOT NULL DEFAULT 0,
    record_available INTEGER NOT NULL DEFAULT 0, replay_video_url TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS lives_by_start ON lives (start DESC, id);
CREATE TABLE IF NOT EXISTS live_groups (
    live_id TEXT NOT NULL, group_id TEXT NOT NULL, PRIMARY KEY (live_id, group_id)
);
CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY, live_id TEXT NOT NULL, member_id TEXT NOT NULL, status TEXT NOT NULL,
    type TEXT NOT NULL, invited_at INTEGER, registered_at INTEGER,
    is_highlighted INTEGER NOT NULL DEFAULT 0, view_time INTEGER NOT NULL DEFAULT 0,
    has_replayed INTEGER NOT NULL DEFAULT 0, has_participated INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS participants_live_member ON participants (live_id, member_id);
CREATE INDEX IF NOT EXISTS participants_live_seq ON participants (live_id, seq);
CREATE TABLE IF NOT EXISTS emails (
    live_id TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE, count INTEGER NOT NULL,
    PRIMARY KEY (live_id, email)
);
-- Rich-text nodes a test stored as is (POST /__sandbox__/lives/<id>/description-nodes):
-- returned instead of the markdown's paragraphs, until the live is edited.
CREATE TABLE IF NOT EXISTS description_nodes (live_id TEXT PRIMARY KEY, nodes TEXT NOT NULL);
"""


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.template_path = self.path.with_name(self.path.name + ".demo")
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        # Python's lower(): SQLite's own folds ASCII only ("HÉLÈNE" ≠ "hélène").
        self.db.create_function("py_lower", 1, _lower, deterministic=True)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def is_empty(self) -> bool:
        return self.db.execute("SELECT COUNT(*) FROM lives").fetchone()[0] == 0 and (
            self.db.execute("SELECT COUNT(*) FROM members").fetchone()[0] == 0
        )

    def keep_as_demo(self) -> None:
        """Remember the freshly seeded state, so a reset restores it in milliseconds."""
        with self.lock:
            target = sqlite3.connect(self.template_path)
            self.db.backup(target)
            target.close()

    def restore_demo(self) -> bool:
        if not self.template_path.exists():
            return False
        with self.lock:
            source = sqlite3.connect(self.template_path)
            source.backup(self.db)
            source.close()
            self.db.executescript(SCHEMA)  # a demo copy older than a new table
        return True

    def wipe(self) -> None:
        with self.lock:
            for table in (
                "members",
                "groups",
                "group_members",
                "lives",
                "live_groups",
                "participants",
                "emails",
                "description_nodes",
            ):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)

    def remove_member(self, member_id: str) -> bool:
        """The member leaves the Spot: its group links and live places go with it."""
        with self.lock:
            self.db.execute("BEGIN")
            gone = self.db.execute("DELETE FROM members WHERE id = ?", (member_id,)).rowcount
            for table in ("group_members", "participants"):
                self.db.execute(f"DELETE FROM {table} WHERE member_id = ?", (member_id,))  # noqa: S608
            self.db.execute("COMMIT")
        return bool(gone)

    def close(self) -> None:
        self.db.close()
