"""One class per group of endpoints; each method is one documented operation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from lives_admin.meltingspot.bodies import LiveCreate, LiveUpdate
from lives_admin.meltingspot.errors import MeltingSpotError, PayloadTooLargeError
from lives_admin.meltingspot.filters import (
    GroupFilters,
    GroupMemberFilters,
    ParticipantFilters,
    SpeakerFilters,
    SpotMemberFilters,
    encode_query,
)
from lives_admin.meltingspot.ids import path_id
from lives_admin.meltingspot.models import (
    BulkOutcome,
    BulkProgress,
    Group,
    InviteResult,
    Live,
    Page,
    Participant,
    SpotMember,
)

if TYPE_CHECKING:
    from lives_admin.meltingspot.client import MeltingSpotClient


def _live(live_id: str) -> str:
    return path_id(live_id, "live")


def _group(group_id: str) -> str:
    return path_id(group_id, "group")


def _member(spot_member_id: str) -> str:
    return path_id(spot_member_id, "Spot member")


def _participants(data) -> list[Participant]:
    return [Participant.from_api(item) for item in data or [] if isinstance(item, dict)]


def _json(response, default):
    """The answer's JSON, or `default` for an empty answer."""
    return response.json() if response.content else default


class _Resource:
    def __init__(self, client: MeltingSpotClient):
        self._client = client

    def _post_json(self, live_id: str, endpoint: str, body: dict, *, operation: str):
        """POST `body` to one of a live's endpoints (`speakers~bulkInvite`…). Every such
        write is idempotent on MeltingSpot's side ("already invited" is a 200, linking a
        linked group changes nothing), so a lost answer may be retried."""
        return self._client.request(
            "POST",
            f"/v1/lives/{_live(live_id)}/{endpoint}",
            body=body,
            idempotent=True,
            operation=operation,
            live_id=live_id,
        )


def split_on_413(
    items: Sequence[str],
    send: Callable[[list[str]], list[Participant]],
    batch_size: int,
) -> BulkOutcome:
    """docs/api.md, D10: in batches; a 413 splits the batch in halves, a single item that
    still gets 413 is reported as rejected. Any other error stops the call and carries
    a `BulkProgress`: the batches already accepted must not be reported as not done."""
    participants: list[Participant] = []
    done: list[str] = []
    rejected: list[str] = []
    errors: dict[str, str] = {}
    calls = 0
    pending = [list(items[i : i + batch_size]) for i in range(0, len(items), batch_size)]
    while pending:
        batch = pending.pop(0)
        calls += 1
        try:
            participants += send(batch)
            done += batch
        except PayloadTooLargeError as error:
            if len(batch) == 1:
                rejected.append(batch[0])
                errors[batch[0]] = error.message or "Payload is too large"
            else:
                middle = len(batch) // 2
                pending[:0] = [batch[:middle], batch[middle:]]
        except MeltingSpotError as error:
            not_done = batch + [item for rest in pending for item in rest]
            error.bulk_progress = BulkProgress(
                done=tuple(done), not_done=tuple(not_done), rejected=tuple(rejected)
            )
            raise
    return BulkOutcome(
        participants=tuple(participants), rejected=tuple(rejected), errors=errors, calls=calls
    )


class Lives(_Resource):
    def list(self, filters=None, *, page: int = 1, limit: int = 25) -> Page[Live]:
        return self._client.get_page(
            "/v1/lives", encode_query(filters), Live.from_api, page=page, limit=limit
        )

    def iter_all(self, filters=None):
        return self._client.walk("/v1/lives", encode_query(filters), Live.from_api)

    def retrieve(self, live_id: str) -> Live:
        return Live.from_api(self._client.get_object(f"/v1/lives/{_live(live_id)}"))

    def create(self, data: LiveCreate) -> Live:
        # Not idempotent: a lost answer must not create the live twice.
        response = self._client.request(
            "POST", "/v1/lives", body=data.to_body(), operation="lives.create"
        )
        return Live.from_api(_json(response, {}))

    def update(self, live_id: str, data: LiveUpdate) -> Live:
        response = self._client.request(
            "PUT",
            f"/v1/lives/{_live(live_id)}",
            body=data.to_body(),
            operation="lives.update",
            live_id=live_id,
        )
        return Live.from_api(_json(response, {}))

    def delete(self, live_id: str) -> None:
        self._client.request(
            "DELETE", f"/v1/lives/{_live(live_id)}", operation="lives.delete", live_id=live_id
        )


class LiveGroups(_Resource):
    def list(self, live_id: str, *, page: int = 1, limit: int = 25) -> Page[Group]:
        path = f"/v1/lives/{_live(live_id)}/groups"
        return self._client.get_page(path, [], Group.from_api, page=page, limit=limit)

    def iter_all(self, live_id: str):
        return self._client.walk(f"/v1/lives/{_live(live_id)}/groups", [], Group.from_api)

    def link(self, live_id: str, group_id: str, *, with_email_notification: bool = False) -> None:
        """docs/api.md, D5: one group through groups~bulkAdd."""
        self._post_json(
            live_id,
            "groups~bulkAdd",
            {"groupIds": [group_id], "withEmailNotification": with_email_notification},
            operation="groups.link",
        )

    def unlink(self, live_id: str, group_id: str) -> None:
        self._client.request(
            "DELETE",
            f"/v1/lives/{_live(live_id)}/groups/{_group(group_id)}",
            operation="groups.unlink",
            live_id=live_id,
        )

    def bulk_link(
        self, live_id: str, group_ids: Iterable[str], *, with_email_notification: bool = False
    ) -> BulkOutcome:
        def send(batch):
            self._post_json(
                live_id,
                "groups~bulkAdd",
                {"groupIds": batch, "withEmailNotification": with_email_notification},
                operation="groups.bulk_link",
            )
            return []

        return split_on_413(list(group_ids), send, self._client.bulk_batch_size)

    def bulk_unlink(self, live_id: str, group_ids: Iterable[str]) -> BulkOutcome:
        def send(batch):
            self._post_json(
                live_id,
                "groups~bulkRemove",
                {"groupIds": batch},
                operation="groups.bulk_unlink",
            )
            return []

        return split_on_413(list(group_ids), send, self._client.bulk_batch_size)


def _invite_result(response) -> InviteResult:
    """docs/api.md, D12: 201 invited (with the participant, if any); 200 already invited."""
    participant = None
    if response.content:
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and data:
            participant = Participant.from_api(data)
    status = "already_invited" if response.status_code == 200 else "invited"
    return InviteResult(status=status, participant=participant)


def _with_inviter(body: dict, invited_by: str | None) -> dict:
    if invited_by:
        body["invitedBySpotMemberId"] = invited_by
    return body


class Speakers(_Resource):
    def list(
        self, live_id: str, filters: SpeakerFilters | None = None, *, page=1, limit=25
    ) -> Page[Participant]:
        path = f"/v1/lives/{_live(live_id)}/speakers"
        return self._client.get_page(
            path, encode_query(filters), Participant.from_api, page=page, limit=limit
        )

    def iter_all(self, live_id: str, filters: SpeakerFilters | None = None):
        path = f"/v1/lives/{_live(live_id)}/speakers"
        return self._client.walk(path, encode_query(filters), Participant.from_api)

    def invite(
        self,
        live_id: str,
        *,
        email: str,
        first_name: str = "",
        last_name: str = "",
        title: str = "",
        biography: str = "",
        highlighted: bool = False,
        grant_host_rights: bool = False,
        with_email_notification: bool = False,
        invited_by_spot_member_id: str | None = None,
    ) -> InviteResult:
        """docs/api.md, D13: a new or external speaker, `member` as an object."""
        member = {"email": email}
        for key, value in (
            ("firstName", first_name),
            ("lastName", last_name),
            ("title", title),
            ("biography", biography),
        ):
            if value:
                member[key] = value
        body = {
            "member": member,
            "highlighted": highlighted,
            "grantHostRights": grant_host_rights,
            "withEmailNotification": with_email_notification,
        }
        response = self._post_json(
            live_id,
            "speakers",
            _with_inviter(body, invited_by_spot_member_id),
            operation="speakers.invite",
        )
        return _invite_result(response)

    def _bulk_body(self, ids, highlighted, grant_host_rights, notify, invited_by) -> dict:
        body = {
            "spotMemberIds": ids,
            "highlighted": highlighted,
            "grantHostRights": grant_host_rights,
            "withEmailNotification": notify,
        }
        return _with_inviter(body, invited_by)

    def invite_member(
        self,
        live_id: str,
        spot_member_id: str,
        *,
        highlighted: bool = False,
        grant_host_rights: bool = False,
        with_email_notification: bool = False,
        invited_by_spot_member_id: str | None = None,
    ) -> list[Participant]:
        """docs/api.md, D13: an existing Spot member, by speakers~bulkInvite with one id.
        Unlike a bulk call, which reports an id MeltingSpot found too large as rejected, a
        single invitation raises that refusal (413) as any other."""
        outcome = self.bulk_invite(
            live_id,
            [spot_member_id],
            highlighted=highlighted,
            grant_host_rights=grant_host_rights,
            with_email_notification=with_email_notification,
            invited_by_spot_member_id=invited_by_spot_member_id,
            operation="speakers.invite_member",
        )
        if outcome.rejected:
            message = outcome.errors.get(spot_member_id) or "Payload is too large"
            raise PayloadTooLargeError(message, status_code=413)
        return list(outcome.participants)

    def bulk_invite(
        self,
        live_id: str,
        spot_member_ids: Iterable[str],
        *,
        highlighted: bool = False,
        grant_host_rights: bool = False,
        with_email_notification: bool = False,
        invited_by_spot_member_id: str | None = None,
        operation: str = "speakers.bulk_invite",
    ) -> BulkOutcome:
        """Members by id, in batches; a 413 splits the batch (docs/api.md, D10).
        `operation`: the name the write is recorded under (one member: invite_member)."""

        def send(batch):
            response = self._post_json(
                live_id,
                "speakers~bulkInvite",
                self._bulk_body(
                    batch,
                    highlighted,
                    grant_host_rights,
                    with_email_notification,
                    invited_by_spot_member_id,
                ),
                operation=operation,
            )
            return _participants(_json(response, []))

        return split_on_413(list(spot_member_ids), send, self._client.bulk_batch_size)


class Participants(_Resource):
    def list(
        self, live_id: str, filters: ParticipantFilters | None = None, *, page=1, limit=25
    ) -> Page[Participant]:
        path = f"/v1/lives/{_live(live_id)}/participants"
        return self._client.get_page(
            path, encode_query(filters), Participant.from_api, page=page, limit=limit
        )

    def iter_all(self, live_id: str, filters: ParticipantFilters | None = None):
        path = f"/v1/lives/{_live(live_id)}/participants"
        return self._client.walk(path, encode_query(filters), Participant.from_api)

    def invite(
        self,
        live_id: str,
        member: str,
        *,
        with_email_notification: bool = False,
        invited_by_spot_member_id: str | None = None,
    ) -> InviteResult:
        body = {"member": member, "withEmailNotification": with_email_notification}
        response = self._post_json(
            live_id,
            "participants",
            _with_inviter(body, invited_by_spot_member_id),
            operation="participants.invite",
        )
        return _invite_result(response)

    def bulk_invite(
        self,
        live_id: str,
        *,
        spot_member_ids: Iterable[str] = (),
        emails: Iterable[str] = (),
        with_email_notification: bool = False,
        invited_by_spot_member_id: str | None = None,
    ) -> BulkOutcome:
        """docs/api.md, D11: members by id, the rest by email; a 413 splits the batch (D10)."""
        # One list of tagged items, so a batch mixes both kinds and splits evenly.
        items = [f"id:{i}" for i in spot_member_ids] + [f"email:{e}" for e in emails]

        def send(batch):
            members: dict = {}
            ids = [item[3:] for item in batch if item.startswith("id:")]
            addresses = [item[6:] for item in batch if item.startswith("email:")]
            if ids:
                members["spotMemberIds"] = ids
            if addresses:
                members["emails"] = addresses
            body = {"members": members, "withEmailNotification": with_email_notification}
            response = self._post_json(
                live_id,
                "participants~bulkInvite",
                _with_inviter(body, invited_by_spot_member_id),
                operation="participants.bulk_invite",
            )
            return _participants(_json(response, []))

        try:
            outcome = split_on_413(items, send, self._client.bulk_batch_size)
        except MeltingSpotError as error:
            error.bulk_progress = _untagged(error.bulk_progress)
            raise
        untag = {item: item.split(":", 1)[1] for item in outcome.rejected}
        return BulkOutcome(
            participants=outcome.participants,
            rejected=tuple(untag.values()),
            errors={untag[item]: message for item, message in outcome.errors.items()},
            calls=outcome.calls,
        )


def _untagged(progress: BulkProgress | None) -> BulkProgress | None:
    """The progress of a participants' bulk invite with its "id:"/"email:" tags removed."""
    if progress is None:
        return None

    def untag(items):
        return tuple(item.split(":", 1)[1] for item in items)

    return BulkProgress(
        done=untag(progress.done),
        not_done=untag(progress.not_done),
        rejected=untag(progress.rejected),
    )


class Groups(_Resource):
    def list(self, filters: GroupFilters | None = None, *, page=1, limit=25) -> Page[Group]:
        return self._client.get_page(
            "/v1/groups", encode_query(filters), Group.from_api, page=page, limit=limit
        )

    def iter_all(self, filters: GroupFilters | None = None):
        return self._client.walk("/v1/groups", encode_query(filters), Group.from_api)

    def members(
        self, group_id: str, filters: GroupMemberFilters | None = None, *, page=1, limit=25
    ) -> Page[SpotMember]:
        path = f"/v1/groups/{_group(group_id)}/spotMembers"
        return self._client.get_page(
            path, encode_query(filters), SpotMember.from_api, page=page, limit=limit
        )

    def iter_members(self, group_id: str, filters: GroupMemberFilters | None = None):
        path = f"/v1/groups/{_group(group_id)}/spotMembers"
        return self._client.walk(path, encode_query(filters), SpotMember.from_api)


# `email[in]` look-ups (docs/api.md, Spot members: its length is undocumented): at most
# this many emails, and this many characters of them, per request, so that every match fits
# one page of 100 and the URL stays well under the 8 KB that servers commonly accept.
EMAIL_IN_BATCH = 100
EMAIL_IN_MAX_CHARS = 4000


def email_batches(emails: Iterable[str]) -> list[tuple[str, ...]]:
    """Distinct emails in `email[in]`-sized batches. An email with a comma cannot be put in
    the comma-separated list (and is no member's): it is left out."""
    batches: list[tuple[str, ...]] = []
    batch: list[str] = []
    size = 0
    for email in dict.fromkeys(e.strip() for e in emails):
        if not email or "," in email:
            continue
        if batch and (len(batch) >= EMAIL_IN_BATCH or size + len(email) + 1 > EMAIL_IN_MAX_CHARS):
            batches.append(tuple(batch))
            batch, size = [], 0
        batch.append(email)
        size += len(email) + 1
    if batch:
        batches.append(tuple(batch))
    return batches


class SpotMembers(_Resource):
    def list(
        self, filters: SpotMemberFilters | None = None, *, page=1, limit=25
    ) -> Page[SpotMember]:
        return self._client.get_page(
            "/v1/spotMembers", encode_query(filters), SpotMember.from_api, page=page, limit=limit
        )

    def iter_all(self, filters: SpotMemberFilters | None = None):
        return self._client.walk("/v1/spotMembers", encode_query(filters), SpotMember.from_api)

    def by_emails(self, emails: Iterable[str]) -> list[SpotMember]:
        """The members with these emails, by `email[in]` batches: one request per batch
        (a batch's matches fit one page), never a walk of the directory."""
        found: list[SpotMember] = []
        for batch in email_batches(emails):
            found += self.list(SpotMemberFilters(emails=batch), page=1, limit=EMAIL_IN_BATCH).items
        return found

    def retrieve(self, spot_member_id: str) -> SpotMember:
        path = f"/v1/spotMembers/{_member(spot_member_id)}"
        return SpotMember.from_api(self._client.get_object(path))
