"""What the sandbox itself says, read over its own API and counted here, plainly.

The integration tests compare the dashboard's insights with these numbers, so a
mistake in the dashboard's aggregation cannot hide behind a copy of itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def raw_lives(sandbox, **filters) -> list[dict]:
    lives, page = [], 1
    while True:
        answer = sandbox.get("/v1/lives", page=page, limit=100, **filters).json()
        lives += answer["items"]
        if len(lives) >= answer["total"] or not answer["items"]:
            return sorted(lives, key=lambda live: (live["startDate"], live["id"]))
        page += 1


def raw_participants(sandbox, live_id: str) -> list[dict]:
    people, page = [], 1
    while True:
        answer = sandbox.get(f"/v1/lives/{live_id}/participants", page=page, limit=100).json()
        people += answer["items"]
        if len(people) >= answer["total"] or not answer["items"]:
            return people
        page += 1


@dataclass
class Truth:
    lives: list[dict]
    participants: dict[str, list[dict]]
    segments: dict[str, set[str]] = field(default_factory=dict)  # name → emails


def truth_for(sandbox, lives: list[dict]) -> Truth:
    """The four segments, by the definitions the insights page states."""
    participants = {live["id"]: raw_participants(sandbox, live["id"]) for live in lives}
    history: dict[str, list[tuple[dict, dict]]] = {}
    for live in lives:  # in date order
        for person in participants[live["id"]]:
            if person["type"] == "Participant":
                history.setdefault(person["spotMemberEmail"].lower(), []).append((live, person))
    segments = {name: set() for name in ("repeat", "chronic", "replay_only", "never")}
    for email, rows in history.items():
        came = [p["metrics"]["hasParticipated"] for _, p in rows]
        registered = [p["status"] == "Accepted" or p["metrics"]["hasParticipated"] for _, p in rows]
        replayed = [p["metrics"]["hasReplayed"] for _, p in rows]
        # The streak: their registered lives that are over, the latest ones, absent.
        outcomes = [
            p["metrics"]["hasParticipated"]
            for (live, p), reg in zip(rows, registered, strict=True)
            if reg and live["computedStatus"] == "Ended"
        ]
        trailing = 0
        for attended in reversed(outcomes):
            if attended:
                break
            trailing += 1
        if sum(came) >= 2:
            segments["repeat"].add(email)
        if trailing >= 2:
            segments["chronic"].add(email)
        if any(replayed) and not any(came):
            segments["replay_only"].add(email)
        if not any(registered):
            segments["never"].add(email)
    return Truth(lives=lives, participants=participants, segments=segments)


def patterns(truth: Truth) -> dict[str, str]:
    """email → one letter per live of the set, in date order, in the demo cohort's alphabet:
    A attended, R registered and watched the replay only, N registered and absent,
    I invited (no answer), D declined, - not in the live (hosts and speakers left out)."""
    letters: dict[str, list[str]] = {}
    for index, live in enumerate(truth.lives):
        for person in truth.participants[live["id"]]:
            if person["type"] != "Participant":
                continue
            row = letters.setdefault(person["spotMemberEmail"].lower(), ["-"] * len(truth.lives))
            row[index] = _letter(person)
    return {email: "".join(row) for email, row in letters.items()}


def _letter(person: dict) -> str:
    metrics = person["metrics"]
    if metrics["hasParticipated"]:
        return "A"
    if person["status"] == "Accepted":
        return "R" if metrics["hasReplayed"] else "N"
    return {"Invited": "I", "Declined": "D"}.get(person["status"], "?")
