"""What a bulk invite will do, per live and in total, before anything is sent.

Each live's current participants are fetched once, in full pages (100 a call), and
the input is compared with them and with the Spot's members, matched by email a hundred
at a time: no call per person, and no walk of the Spot's directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext_lazy

from lives_admin.invites.jobs import queued_elsewhere
from lives_admin.invites.parse import ParsedInput
from lives_admin.invites.plan import InvitePlan, Person, SkippedLine
from lives_admin.meltingspot import MeltingSpotClient
from lives_admin.models import JobKind
from lives_admin.people import members

SPEAKER_TYPES = ("Speaker", "Host")
RECIPIENTS_SHOWN = 20  # the preview lists this many (per live across lives); the CSV has all


@dataclass
class LivePreview:
    live_id: str
    title: str
    new: list[Person] = field(default_factory=list)
    already: list[tuple[Person, str]] = field(default_factory=list)  # (person, their status)
    # (person, the job number) for people another active job already has queued for it.
    queued: list[tuple[Person, int]] = field(default_factory=list)


@dataclass
class Preview:
    role: str  # "participants" | "speakers"
    lives: list[LivePreview]
    parsed: ParsedInput
    matched_members: int
    email_only: int
    with_email_notification: bool

    @property
    def new_total(self) -> int:
        return sum(len(live.new) for live in self.lives)

    @property
    def already_total(self) -> int:
        return sum(len(live.already) for live in self.lives)

    @property
    def queued_total(self) -> int:
        return sum(len(live.queued) for live in self.lives)

    @property
    def queued_jobs(self) -> list[int]:
        """The jobs that already invite some of these people, by number."""
        return sorted({job for live in self.lives for _person, job in live.queued})

    @property
    def entries(self) -> int:
        """Every entry read: each is one person, a duplicate or invalid."""
        return self.parsed.total_lines

    @property
    def people(self) -> int:
        return len(self.parsed.valid)

    @property
    def invitations_total(self) -> int:
        """People × lives: each is a new invitation, already there or queued elsewhere."""
        return self.new_total + self.already_total + self.queued_total

    @property
    def new_members(self) -> int:
        """Of the new invitations, those of Spot members (sent by their member id)."""
        return sum(1 for live in self.lives for person in live.new if person.spot_member_id)

    @property
    def new_by_email(self) -> int:
        return self.new_total - self.new_members

    @property
    def new_member_people(self) -> int:
        """The members behind `new_members` (one member, two lives: one)."""
        return len({p.spot_member_id for live in self.lives for p in live.new if p.spot_member_id})

    @property
    def new_email_people(self) -> int:
        """The people behind `new_by_email`, each counted once."""
        return len(
            {p.email.lower() for live in self.lives for p in live.new if not p.spot_member_id}
        )

    @property
    def emails_total(self) -> int:
        return self.new_total if self.with_email_notification else 0

    @property
    def new_people(self) -> int:
        """The people with at least one new invitation (one person, several lives: one)."""
        return len({person.email.lower() for live in self.lives for person in live.new})

    @property
    def recipients_sample(self) -> list[Person]:
        return [person for live in self.lives for person in live.new][:RECIPIENTS_SHOWN]

    @property
    def recipients_by_live(self) -> list[tuple[LivePreview, list[Person], int]]:
        """(live, the first of its new invitations, how many more) for lives with some:
        across lives the same address recurs, so each list says which live it is for."""
        return [
            (live, live.new[:RECIPIENTS_SHOWN], max(len(live.new) - RECIPIENTS_SHOWN, 0))
            for live in self.lives
            if live.new
        ]


def _people(parsed: ParsedInput) -> tuple[list[Person], int]:
    """Candidates as people, with the member id when their email is a Spot member's
    (matched by `email[in]` batches: never a walk of the Spot's directory)."""
    index = members.by_emails(candidate.email for candidate in parsed.valid)
    people, matched = [], 0
    for candidate in parsed.valid:
        member = index.get(candidate.email)
        matched += member is not None
        people.append(
            Person(
                email=candidate.email,
                first_name=candidate.first_name or (member.first_name if member else "") or "",
                last_name=candidate.last_name or (member.last_name if member else "") or "",
                spot_member_id=member.id if member else None,
                source_line=candidate.line,
            )
        )
    return people, matched


def _current(client: MeltingSpotClient, live_id: str, role: str) -> dict[str, str]:
    """Email → status of the people who need no new invitation to this live."""
    current = {}
    for participant in client.participants.iter_all(live_id):
        if role == "speakers" and participant.type not in SPEAKER_TYPES:
            continue  # a participant invited as a speaker is promoted: a new invitation
        current[participant.email.lower()] = participant.status
    return current


def build_preview(
    client: MeltingSpotClient,
    parsed: ParsedInput,
    live_ids: list[str],
    *,
    role: str,
    with_email_notification: bool,
    titles: dict[str, str] | None = None,
) -> Preview:
    people, matched = _people(parsed)
    titles = titles or {}
    kind = JobKind.INVITE_SPEAKERS if role == "speakers" else JobKind.INVITE_PARTICIPANTS
    lives = []
    for live_id in live_ids:
        title = titles.get(live_id) or client.lives.retrieve(live_id).title
        current = _current(client, live_id, role)
        elsewhere = queued_elsewhere(live_id, kind)
        preview = LivePreview(live_id=live_id, title=title)
        for person in people:
            if person.email in current:
                preview.already.append((person, current[person.email]))
            elif person.email in elsewhere:
                preview.queued.append((person, elsewhere[person.email]))
            else:
                preview.new.append(person)
        lives.append(preview)
    return Preview(
        role=role,
        lives=lives,
        parsed=parsed,
        matched_members=matched,
        email_only=len(people) - matched,
        with_email_notification=with_email_notification,
    )


def plan_from_preview(preview: Preview, *, source_label: str, options: dict) -> InvitePlan:
    people: dict[str, Person] = {}
    for live in preview.lives:
        for person in live.new:
            people.setdefault(person.email, person)
        for person, _status in live.already:
            people.setdefault(person.email, person)
        # Given to the job too: it checks again when it starts (that job may be done).
        for person, _job in live.queued:
            people.setdefault(person.email, person)
    return InvitePlan(
        kind=JobKind.INVITE_SPEAKERS if preview.role == "speakers" else JobKind.INVITE_PARTICIPANTS,
        live_ids=tuple(live.live_id for live in preview.lives),
        people=tuple(sorted(people.values(), key=lambda p: p.source_line or 0)),
        live_titles={live.live_id: live.title for live in preview.lives},
        with_email_notification=preview.with_email_notification,
        highlighted=options.get("highlighted", False),
        grant_host_rights=options.get("grant_host_rights", False),
        source_label=source_label,
        already_there={
            live.live_id: frozenset(person.email for person, _ in live.already)
            for live in preview.lives
        },
        skipped_lines=skipped_lines(preview.parsed),
    )


def skipped_lines(parsed: ParsedInput) -> tuple[SkippedLine, ...]:
    """The invalid and duplicate lines, in input order: the job reports them too."""
    lines = [
        SkippedLine(d.line, d.raw, email=d.email, duplicate_of=d.first_line)
        for d in parsed.duplicates
    ]
    lines += [SkippedLine(r.line, r.raw, reason=r.reason) for r in parsed.invalid]
    return tuple(sorted(lines, key=lambda skipped: skipped.line))


PREVIEW_HEADER = (
    pgettext_lazy("report column", "line"),
    pgettext_lazy("report column", "entry"),
    pgettext_lazy("report column", "email"),
    pgettext_lazy("report column", "first name"),
    pgettext_lazy("report column", "last name"),
    pgettext_lazy("report column", "live"),
    pgettext_lazy("report column", "what happens"),
)


def preview_rows(preview: Preview):
    """Every entry of the input and what will happen to it, per live: the preview in full."""

    def row(person: Person, live: LivePreview, what: str) -> tuple:
        name = (person.first_name, person.last_name)
        return (person.source_line, "", person.email, *name, live.title, what)

    yield [str(column) for column in PREVIEW_HEADER]
    for live in preview.lives:
        for person in live.new:
            yield row(person, live, _what_happens(preview.with_email_notification, person))
        for person, status in live.already:
            yield row(
                person,
                live,
                gettext("already there (%(status)s): nothing sent") % {"status": status},
            )
        for person, job in live.queued:
            yield row(
                person,
                live,
                gettext("already being invited by job #%(job)s: nothing sent again") % {"job": job},
            )
    for duplicate in preview.parsed.duplicates:
        yield (
            duplicate.line,
            duplicate.raw,
            duplicate.email,
            "",
            "",
            "",
            gettext("duplicate of line %(line)s: skipped") % {"line": duplicate.first_line},
        )
    for rejected in preview.parsed.invalid:
        invalid = gettext("invalid: %(reason)s") % {"reason": rejected.shown_reason}
        yield (rejected.line, rejected.raw, "", "", "", "", invalid)


def _what_happens(with_email: bool, person: Person) -> str:
    if person.spot_member_id:
        if with_email:
            return gettext("invited, with an email (as a Spot member)")
        return gettext("invited (as a Spot member)")
    if with_email:
        return gettext("invited, with an email (by email)")
    return gettext("invited (by email)")
