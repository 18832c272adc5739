"""What the insights count, in one place, so each reading of the API is a one-line change.

Read from docs/api.md (Enumerations, Participant) and the project's choices:
- `status` Accepted = registered (the lives' `registrant` metric counts exactly these);
  Invited = no answer yet; Declined = said no.
- `metrics.hasParticipated` = attended live; `metrics.hasReplayed` = watched the replay;
  `metrics.viewTime` = seconds (inferred: docs/api.md), counted whatever `hasParticipated` says.
- Hosts and speakers are the live's team, not its audience: they are left out.
- A no-show needs a live that is over: registering for an upcoming live is not missing it.
"""

from __future__ import annotations

from lives_admin.lives import figures
from lives_admin.meltingspot import Live, Participant

AUDIENCE_TYPES = ("Participant",)

REPEAT_ATTENDEE_MIN = 2  # attended at least this many lives of the set
CHRONIC_NO_SHOW_MIN = 2  # the current streak: registered and absent this many in a row


def in_audience(person: Participant) -> bool:
    return person.type in AUDIENCE_TYPES


def registered(person: Participant) -> bool:
    # Someone who attended registered, whatever their status says now.
    return person.status == "Accepted" or person.has_participated


def attended(person: Participant) -> bool:
    return person.has_participated


def replayed(person: Participant) -> bool:
    return person.has_replayed


def seconds_watched(person: Participant) -> int:
    """`metrics.viewTime`, whatever `hasParticipated` says (a value is a value); a missing
    or negative one counts as nothing, so one odd answer cannot stop a run."""
    try:
        return max(0, int(person.view_time or 0))
    except (TypeError, ValueError, OverflowError):
        return 0


def is_over(live: Live) -> bool:
    # A live's no-shows are only known once it has ended: the rule the pages show, too.
    return figures.is_over(live.computed_status, live.end_date)


def no_show(person: Participant, live: Live) -> bool:
    """Registered for a live that is over, and did not attend it."""
    return is_over(live) and registered(person) and not attended(person)


# -- segments, from a person's totals across the set (an aggregate.PersonTotals) ---------
def is_repeat_attendee(totals) -> bool:
    return totals.attended >= REPEAT_ATTENDEE_MIN


def is_chronic_no_show(totals) -> bool:
    # The current streak, not the longest: someone who came back is not chronic any more.
    return totals.current_streak >= CHRONIC_NO_SHOW_MIN


def is_replay_only(totals) -> bool:
    return totals.replayed > 0 and totals.attended == 0


def is_never_registered(totals) -> bool:
    return totals.invited > 0 and totals.registered == 0
