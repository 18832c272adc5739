"""The MeltingSpot endpoints the dashboard uses, emulated on the sandbox's store (docs/api.md)."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

from meltingspot_sandbox import filters as f
from meltingspot_sandbox import validation as v
from meltingspot_sandbox.serialize import group_json, live_json, member_json, participant_json
from meltingspot_sandbox.store import Store


class NotFound(Exception):
    pass


class TooLarge(Exception):
    pass


@dataclass
class Reply:
    status: int
    body: object = None


def new_id() -> str:
    return uuid.uuid4().hex[:24]


def now() -> int:
    return int(time.time())


# -- pagination and filters ---------------------------------------------------------
# Far beyond any list; (page - 1) * limit still fits SQLite's 64-bit OFFSET.
MAX_PAGE = 1_000_000_000


def paginate(query: dict) -> tuple[int, int]:
    page = v.query_int(query, "page", 1, 1, MAX_PAGE)
    limit = v.query_int(query, "limit", 10, 1, 100)
    return page, limit


def refuse_unknown(query: dict, allowed: set[str]) -> None:
    unknown = sorted(set(query) - allowed - {"page", "limit"})
    if unknown:
        raise v.Invalid(*(f"property {name} should not exist" for name in unknown))


class Api:
    def __init__(self, store: Store, *, max_bulk_items=lambda: 100):
        self.store = store
        self.db = store.db
        self.max_bulk_items = max_bulk_items

    # -- shared lookups -------------------------------------------------------------
    def _live_row(self, live_id: str):
        row = self.db.execute("SELECT * FROM lives WHERE id = ?", (live_id,)).fetchone()
        if row is None:
            raise NotFound("Live not found")
        return row

    def _metrics(self, live_ids: list[str]) -> dict[str, dict]:
        if not live_ids:
            return {}
        marks = ",".join("?" * len(live_ids))
        rows = self.db.execute(
            f"""SELECT live_id, COUNT(*) AS invited,
                SUM(status = 'Accepted') AS registrant,
                SUM(has_participated) AS attendee,
                SUM(has_replayed) AS replays,
                SUM(CASE WHEN has_participated THEN view_time ELSE 0 END) AS view_time
                FROM participants WHERE live_id IN ({marks}) GROUP BY live_id""",  # noqa: S608
            live_ids,
        ).fetchall()
        metrics = {live_id: _metrics_of(0, 0, 0, 0, 0) for live_id in live_ids}
        for row in rows:
            metrics[row["live_id"]] = _metrics_of(
                row["invited"],
                row["registrant"] or 0,
                row["attendee"] or 0,
                row["replays"] or 0,
                row["view_time"] or 0,
            )
        return metrics

    def _lives_json(self, rows) -> list[dict]:
        metrics = self._metrics([row["id"] for row in rows])
        lives = [live_json(row, metrics[row["id"]]) for row in rows]
        stored = self._stored_description_nodes([live["id"] for live in lives])
        for live in lives:
            live["description"] = stored.get(live["id"], live["description"])
        return lives

    def _stored_description_nodes(self, live_ids: list[str]) -> dict[str, list]:
        if not live_ids:
            return {}
        marks = ",".join("?" * len(live_ids))
        rows = self.db.execute(
            f"SELECT live_id, nodes FROM description_nodes WHERE live_id IN ({marks})",  # noqa: S608
            live_ids,
        ).fetchall()
        return {row["live_id"]: json.loads(row["nodes"]) for row in rows}

    def store_description_nodes(self, live_id: str, nodes: list) -> None:
        """Control API: a description as MeltingSpot's editor could send it, kept as is."""
        self._live_row(live_id)
        self.db.execute(
            "INSERT OR REPLACE INTO description_nodes VALUES (?, ?)", (live_id, json.dumps(nodes))
        )

    def _member_by_email(self, email: str):
        return self.db.execute(
            "SELECT * FROM members WHERE email = ? COLLATE NOCASE", (email.strip(),)
        ).fetchone()

    def _member(self, member_id: str):
        return self.db.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchone()

    def _member_for_email(self, email: str, first="", last="", title=""):
        """A member's email is that member; else a new one (docs/api.md, Sandbox behaviour)."""
        member = self._member_by_email(email)
        if member is not None:
            return member
        member_id = new_id()
        self.db.execute(
            """INSERT INTO members (id, email, firstname, lastname, title, status, role, lang,
               invited_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Invited', 'Member', 'en', ?, ?)""",
            (
                member_id,
                email.strip().lower(),
                first or None,
                last or None,
                title or None,
                now(),
                now() * 1000,
            ),
        )
        return self._member(member_id)

    def _participant(self, live_id: str, member_id: str):
        return self.db.execute(
            "SELECT * FROM participants WHERE live_id = ? AND member_id = ?", (live_id, member_id)
        ).fetchone()

    def _participant_json(self, live_id: str, member_id: str) -> dict:
        row = self.db.execute(
            """SELECT p.*, m.email, m.firstname, m.lastname FROM participants p
               JOIN members m ON m.id = p.member_id WHERE p.live_id = ? AND p.member_id = ?""",
            (live_id, member_id),
        ).fetchone()
        return participant_json(row)

    def _count_email(self, live_id: str, email: str) -> None:
        self.db.execute(
            """INSERT INTO emails (live_id, email, count) VALUES (?, ?, 1)
               ON CONFLICT (live_id, email) DO UPDATE SET count = count + 1""",
            (live_id, email.lower()),
        )

    def _next_seq(self, live_id: str) -> int:
        row = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM participants WHERE live_id = ?", (live_id,)
        ).fetchone()
        return row[0]

    def _add_participant(
        self, live_id, member, *, kind="Participant", highlighted=False, notify=False
    ):
        self.db.execute(
            """INSERT INTO participants (id, live_id, member_id, status, type, invited_at,
               is_highlighted, seq) VALUES (?, ?, ?, 'Invited', ?, ?, ?, ?)""",
            (
                new_id(),
                live_id,
                member["id"],
                kind,
                now(),
                int(highlighted),
                self._next_seq(live_id),
            ),
        )
        if notify:
            self._count_email(live_id, member["email"])

    # -- lives ----------------------------------------------------------------------
    def list_lives(self, query: dict) -> Reply:
        refuse_unknown(query, set(f.LIVE_FILTERS))
        page, limit = paginate(query)
        start = (page - 1) * limit
        if not set(query) & set(f.LIVE_FILTERS):
            # Only the page's lives are read and built: a sync paging 2,000 lives stays fast.
            rows = self.db.execute(
                "SELECT * FROM lives ORDER BY start DESC, id LIMIT ? OFFSET ?", (limit, start)
            ).fetchall()
            total = self.db.execute("SELECT COUNT(*) FROM lives").fetchone()[0]
            return Reply(200, {"items": self._lives_json(rows), "total": total})
        rows = self.db.execute("SELECT * FROM lives ORDER BY start DESC, id").fetchall()
        matches = f.live_matcher(query)
        lives = [live for live in self._lives_json(rows) if matches(live)]
        return Reply(200, {"items": lives[start : start + limit], "total": len(lives)})

    def get_live(self, live_id: str) -> Reply:
        return Reply(200, self._lives_json([self._live_row(live_id)])[0])

    def _live_values(self, body: dict, *, creating: bool) -> dict:
        allowed = {
            "title",
            "description",
            "startDate",
            "endDate",
            "solution",
            "builtInType",
            "videoUrl",
            "chatVisibility",
            "participantsVisibility",
            "visibility",
            "participation",
            "record",
        }
        required = {"title", "startDate", "endDate", "solution"}
        if creating:
            allowed |= {"spotMemberHostId"}
            required |= {"spotMemberHostId"}
        else:
            allowed |= {"recordAvailable", "replayVideoUrl"}
        v.check_fields(body, allowed, required)
        values = {
            "title": v.string(body, "title", required=True, empty_ok=False),
            "description": v.string(body, "description") or "",
            "start": v.timestamp(body, "startDate"),
            "end": v.timestamp(body, "endDate"),
            "solution": v.choice(body, "solution", v.SOLUTIONS, required=True),
            "built_in_type": v.choice(body, "builtInType", v.BUILT_IN_TYPES),
            "video_url": v.string(body, "videoUrl"),
            "chat_visibility": v.choice(body, "chatVisibility", v.DISPLAY) or "Display",
            "participants_visibility": v.choice(body, "participantsVisibility", v.DISPLAY)
            or "Display",
            "visibility": v.choice(body, "visibility", v.VISIBILITIES) or "InvitedMembersOnly",
            "participation": v.choice(body, "participation", v.PARTICIPATIONS)
            or "InvitedMembersOnly",
            "record": int(bool(v.boolean(body, "record"))),
            "record_available": int(bool(v.boolean(body, "recordAvailable"))),
            "replay_video_url": v.string(body, "replayVideoUrl"),
        }
        if values["end"] <= values["start"]:
            raise v.Invalid("endDate must be after startDate")
        if values["solution"] == "BuiltIn" and not values["built_in_type"]:
            raise v.Invalid("builtInType is required when solution is BuiltIn")
        if values["solution"] != "BuiltIn" and values["built_in_type"]:
            raise v.Invalid("builtInType is only allowed when solution is BuiltIn")
        if values["solution"] in ("Youtube", "Vimeo") and not values["video_url"]:
            raise v.Invalid(f"videoUrl is required when solution is {values['solution']}")
        if values["solution"] not in ("Youtube", "Vimeo") and values["video_url"]:
            raise v.Invalid("videoUrl is only allowed when solution is Youtube or Vimeo")
        if values["solution"] != "BuiltIn" and (values["record"] or values["record_available"]):
            raise v.Invalid("record and recordAvailable are only allowed when solution is BuiltIn")
        return values

    def create_live(self, body) -> Reply:
        values = self._live_values(body, creating=True)
        host = self._member(body["spotMemberHostId"])
        if host is None:
            raise NotFound("Spot member not found")
        live_id = new_id()
        with self.store.lock:
            self.db.execute(
                """INSERT INTO lives (id, title, description, start, end, solution, built_in_type,
                   video_url, chat_visibility, participants_visibility, visibility, participation,
                   record, record_available, replay_video_url, created_at)
                   VALUES (:id, :title, :description, :start, :end, :solution, :built_in_type,
                   :video_url, :chat_visibility, :participants_visibility, :visibility,
                   :participation, :record, :record_available, :replay_video_url, :created_at)""",
                {**values, "id": live_id, "created_at": now()},
            )
            self.db.execute(
                """INSERT INTO participants (id, live_id, member_id, status, type, invited_at,
                   registered_at, seq) VALUES (?, ?, ?, 'Accepted', 'Host', ?, ?, 1)""",
                (new_id(), live_id, host["id"], now(), now()),
            )
        return Reply(201, self.get_live(live_id).body)

    def update_live(self, live_id: str, body) -> Reply:
        self._live_row(live_id)
        values = self._live_values(body, creating=False)
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self.db.execute(
            f"UPDATE lives SET {assignments} WHERE id = :id",  # noqa: S608 (fixed names)
            {**values, "id": live_id},
        )
        if "description" in values:
            self.db.execute("DELETE FROM description_nodes WHERE live_id = ?", (live_id,))
        return self.get_live(live_id)

    def delete_live(self, live_id: str) -> Reply:
        self._live_row(live_id)
        with self.store.lock:
            for table in ("lives",):
                self.db.execute(f"DELETE FROM {table} WHERE id = ?", (live_id,))  # noqa: S608
            for table in ("participants", "live_groups", "emails", "description_nodes"):
                self.db.execute(f"DELETE FROM {table} WHERE live_id = ?", (live_id,))  # noqa: S608
        return Reply(204)

    # -- groups -----------------------------------------------------------------------
    def list_groups(self, query: dict) -> Reply:
        refuse_unknown(query, set(f.GROUP_FILTERS))
        page, limit = paginate(query)
        conditions, params = f.sql_conditions(query, f.GROUP_FILTERS)
        base = f"FROM groups g WHERE {' AND '.join(conditions) or '1'}"
        total = self.db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT g.* {base} ORDER BY g.name LIMIT ? OFFSET ?",
            [*params, limit, (page - 1) * limit],
        ).fetchall()
        return Reply(200, {"items": [group_json(r) for r in rows], "total": total})

    def group_members(self, group_id: str, query: dict) -> Reply:
        self._group(group_id)
        refuse_unknown(query, set(f.GROUP_MEMBER_FILTERS))
        return self._member_page(
            "FROM members m JOIN group_members g ON g.member_id = m.id",
            ["g.group_id = ?"],
            [group_id],
            f.GROUP_MEMBER_ORDER,
            query,
            f.GROUP_MEMBER_FILTERS,
        )

    def _group(self, group_id: str):
        row = self.db.execute("SELECT * FROM groups WHERE id = ?", (group_id,)).fetchone()
        if row is None:
            raise NotFound("Group not found")
        return row

    def list_live_groups(self, live_id: str, query: dict) -> Reply:
        self._live_row(live_id)
        refuse_unknown(query, set())
        page, limit = paginate(query)
        rows = self.db.execute(
            """SELECT g.* FROM groups g JOIN live_groups lg ON lg.group_id = g.id
               WHERE lg.live_id = ? ORDER BY g.name""",
            (live_id,),
        ).fetchall()
        start = (page - 1) * limit
        return Reply(
            200, {"items": [group_json(r) for r in rows[start : start + limit]], "total": len(rows)}
        )

    def link_groups(self, live_id: str, group_ids: list[str], notify: bool) -> Reply:
        self._live_row(live_id)
        for group_id in group_ids:
            self._group(group_id)
        with self.store.lock:
            for group_id in group_ids:
                self.db.execute(
                    "INSERT OR IGNORE INTO live_groups (live_id, group_id) VALUES (?, ?)",
                    (live_id, group_id),
                )
                members = self.db.execute(
                    """SELECT m.* FROM members m JOIN group_members g ON g.member_id = m.id
                       WHERE g.group_id = ?""",
                    (group_id,),
                ).fetchall()
                for member in members:
                    if self._participant(live_id, member["id"]) is None:
                        self._add_participant(live_id, member, notify=notify)
        return Reply(204)

    def link_group(self, live_id: str, body) -> Reply:
        v.check_fields(body, {"groupId"}, {"groupId"})
        return self.link_groups(live_id, [v.string(body, "groupId", required=True)], False)

    def bulk_link_groups(self, live_id: str, body) -> Reply:
        v.check_fields(body, {"groupIds", "withEmailNotification"}, {"groupIds"})
        group_ids = v.string_list(body["groupIds"], "groupIds")
        self._check_size(len(group_ids))
        return self.link_groups(live_id, group_ids, bool(v.boolean(body, "withEmailNotification")))

    def unlink_groups(self, live_id: str, group_ids: list[str]) -> Reply:
        self._live_row(live_id)
        for group_id in group_ids:
            self._group(group_id)
        for group_id in group_ids:
            self.db.execute(
                "DELETE FROM live_groups WHERE live_id = ? AND group_id = ?", (live_id, group_id)
            )
        return Reply(204)

    def bulk_unlink_groups(self, live_id: str, body) -> Reply:
        v.check_fields(body, {"groupIds"}, {"groupIds"})
        group_ids = v.string_list(body["groupIds"], "groupIds")
        self._check_size(len(group_ids))
        return self.unlink_groups(live_id, group_ids)

    def _check_size(self, count: int) -> None:
        if count > self.max_bulk_items():
            raise TooLarge("Payload is too large")

    # -- participants and speakers ----------------------------------------------------
    def list_people(self, live_id: str, query: dict, *, speakers: bool) -> Reply:
        self._live_row(live_id)
        filters = f.PEOPLE_FILTERS if speakers else f.PARTICIPANT_FILTERS
        refuse_unknown(query, set(filters))
        page, limit = paginate(query)
        where, params = ["p.live_id = ?"], [live_id]
        if speakers:
            where.append("p.type IN ('Speaker', 'Host')")
        conditions, values = f.sql_conditions(query, filters)
        where += conditions
        params += values
        condition = " AND ".join(where)
        base = f"FROM participants p JOIN members m ON m.id = p.member_id WHERE {condition}"
        total = self.db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT p.*, m.email, m.firstname, m.lastname {base} ORDER BY p.seq, p.id "
            "LIMIT ? OFFSET ?",
            [*params, limit, (page - 1) * limit],
        ).fetchall()
        return Reply(200, {"items": [participant_json(r) for r in rows], "total": total})

    def _inviter(self, body: dict) -> None:
        inviter = v.string(body, "invitedBySpotMemberId")
        if inviter is not None and self._member(inviter) is None:
            raise NotFound("Spot member not found")

    def invite_participant(self, live_id: str, body) -> Reply:
        v.check_fields(
            body, {"member", "invitedBySpotMemberId", "withEmailNotification"}, {"member"}
        )
        self._live_row(live_id)
        self._inviter(body)
        notify = bool(v.boolean(body, "withEmailNotification"))
        who = v.string(body, "member", required=True, empty_ok=False)
        with self.store.lock:
            member = self._resolve_member(who)
            if self._participant(live_id, member["id"]) is not None:
                return Reply(200)
            self._add_participant(live_id, member, notify=notify)
            return Reply(201, self._participant_json(live_id, member["id"]))

    def _resolve_member(self, who: str, **names):
        if "@" in who:
            return self._member_for_email(v.email(who, "member"), **names)
        member = self._member(who)
        if member is None:
            raise NotFound("Spot member not found")
        return member

    def bulk_invite_participants(self, live_id: str, body) -> Reply:
        v.check_fields(
            body, {"members", "invitedBySpotMemberId", "withEmailNotification"}, {"members"}
        )
        members = v.check_fields(body["members"], {"spotMemberIds", "emails"})
        ids = v.string_list(members.get("spotMemberIds"), "members.spotMemberIds")
        emails = [
            v.email(e, "members.emails")
            for e in v.string_list(members.get("emails"), "members.emails")
        ]
        if not ids and not emails:
            raise v.Invalid("members must contain at least one spot member id or email")
        self._check_size(len(ids) + len(emails))
        self._live_row(live_id)
        self._inviter(body)
        notify = bool(v.boolean(body, "withEmailNotification"))
        answered: dict[str, dict] = {}
        with self.store.lock:
            people = [m for m in (self._member(i) for i in ids) if m is not None]
            people += [self._member_for_email(e) for e in emails]
            for member in people:
                if self._participant(live_id, member["id"]) is None:
                    self._add_participant(live_id, member, notify=notify)
                answered[member["id"]] = self._participant_json(live_id, member["id"])
        return Reply(200, list(answered.values()))

    def invite_speaker(self, live_id: str, body) -> Reply:
        allowed = {
            "member",
            "invitedBySpotMemberId",
            "highlighted",
            "grantHostRights",
            "withEmailNotification",
        }
        v.check_fields(body, allowed, {"member"})
        self._live_row(live_id)
        self._inviter(body)
        who = body["member"]
        with self.store.lock:
            if isinstance(who, dict):
                v.check_fields(
                    who, {"email", "firstName", "lastName", "title", "biography"}, {"email"}
                )
                member = self._member_for_email(
                    v.email(v.string(who, "email", required=True), "member.email"),
                    first=v.string(who, "firstName") or "",
                    last=v.string(who, "lastName") or "",
                    title=v.string(who, "title") or "",
                )
            elif isinstance(who, str) and who:
                member = self._resolve_member(who)
            else:
                raise v.Invalid(
                    "member must be an object with an email, an email or a spot member id"
                )
            changed = self._make_speaker(live_id, member, body)
            if not changed:
                return Reply(200)
            return Reply(201, self._participant_json(live_id, member["id"]))

    def _make_speaker(self, live_id: str, member, body: dict) -> bool:
        """New → Speaker; an existing Participant is promoted; a Speaker/Host is left alone."""
        kind = "Host" if v.boolean(body, "grantHostRights") else "Speaker"
        highlighted = bool(v.boolean(body, "highlighted"))
        notify = bool(v.boolean(body, "withEmailNotification"))
        current = self._participant(live_id, member["id"])
        if current is None:
            self._add_participant(
                live_id, member, kind=kind, highlighted=highlighted, notify=notify
            )
            return True
        if current["type"] != "Participant":
            return False
        self.db.execute(
            "UPDATE participants SET type = ?, is_highlighted = ? WHERE id = ?",
            (kind, int(highlighted), current["id"]),
        )
        if notify:
            self._count_email(live_id, member["email"])
        return True

    def bulk_invite_speakers(self, live_id: str, body) -> Reply:
        allowed = {
            "spotMemberIds",
            "invitedBySpotMemberId",
            "highlighted",
            "grantHostRights",
            "withEmailNotification",
        }
        v.check_fields(body, allowed, {"spotMemberIds"})
        ids = v.string_list(body["spotMemberIds"], "spotMemberIds")
        self._check_size(len(ids))
        self._live_row(live_id)
        self._inviter(body)
        answered = []
        with self.store.lock:
            for member in (m for m in (self._member(i) for i in ids) if m is not None):
                self._make_speaker(live_id, member, body)
                answered.append(self._participant_json(live_id, member["id"]))
        return Reply(200, answered)

    # -- spot members -------------------------------------------------------------------
    def list_members(self, query: dict) -> Reply:
        refuse_unknown(query, set(f.MEMBER_FILTERS))
        return self._member_page("FROM members m", [], [], f.MEMBER_ORDER, query, f.MEMBER_FILTERS)

    def _member_page(self, source, where, params, order, query, filters) -> Reply:
        """One page of members, filtered and counted in SQL (fast on a 100,000-member Spot)."""
        page, limit = paginate(query)
        conditions, values = f.sql_conditions(query, filters)
        condition = " AND ".join([*where, *conditions]) or "1"
        base = f"{source} WHERE {condition}"
        total = self.db.execute(f"SELECT COUNT(*) {base}", [*params, *values]).fetchone()[0]
        rows = self.db.execute(
            f"SELECT m.* {base} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, *values, limit, (page - 1) * limit],
        ).fetchall()
        return Reply(200, {"items": [member_json(r) for r in rows], "total": total})

    def get_member(self, member_id: str) -> Reply:
        member = self._member(member_id)
        if member is None:
            raise NotFound("Spot member not found")
        return Reply(200, member_json(member))


def _metrics_of(invited, registrant, attendee, replays, view_time) -> dict:
    return {
        "averageViewTime": round(view_time / attendee) if attendee else 0,
        "noShow": registrant - attendee,
        "totalReplayView": replays,
        "registrant": registrant,
        "attendee": attendee,
        "attendanceRate": round(100 * attendee / registrant) if registrant else 0,
        "invited": invited,
    }
