"""What the invite wizard keeps between its steps, as JSON in an InviteDraft row."""

from __future__ import annotations

from lives_admin.invites.parse import (
    Candidate,
    ColumnChoice,
    Duplicate,
    ParsedInput,
    Rejected,
    Table,
)
from lives_admin.models import InviteDraft


def store_parsed(draft: InviteDraft, parsed: ParsedInput) -> None:
    draft.payload["parsed"] = {
        "valid": [[c.line, c.raw, c.email, c.first_name, c.last_name] for c in parsed.valid],
        "duplicates": [[d.line, d.raw, d.email, d.first_line] for d in parsed.duplicates],
        "invalid": [[r.line, r.raw, r.reason] for r in parsed.invalid],
    }


def load_parsed(draft: InviteDraft) -> ParsedInput:
    data = draft.payload.get("parsed") or {}
    return ParsedInput(
        valid=tuple(Candidate(*row) for row in data.get("valid", [])),
        duplicates=tuple(Duplicate(*row) for row in data.get("duplicates", [])),
        invalid=tuple(Rejected(*row) for row in data.get("invalid", [])),
    )


def store_table(draft: InviteDraft, table: Table) -> None:
    """An upload waiting for the organiser to say which columns hold what."""
    draft.payload["table"] = {
        "headers": list(table.headers or []),
        "rows": [list(row) for row in table.rows],
        "guess": [table.guess.email, table.guess.first_name, table.guess.last_name],
        "first_row_number": table.first_row_number,
        "has_headers": table.headers is not None,
    }


def load_table(draft: InviteDraft) -> Table:
    data = draft.payload["table"]
    email, first, last = data["guess"]
    return Table(
        headers=tuple(data["headers"]) if data["has_headers"] else None,
        rows=tuple(tuple(row) for row in data["rows"]),
        guess=ColumnChoice(email, first, last),
        first_row_number=data["first_row_number"],
    )


def titles_of(draft: InviteDraft) -> dict[str, str]:
    """Live id → title, as read when the draft was made."""
    return draft.payload.get("titles", {})
