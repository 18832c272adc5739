"""Which fields of a live an edit changes, as the audit log records them.

The edit sends the full set of fields (docs/api.md, D6), so the PUT's body alone does not say what
the organiser changed. Comparing it with the body the live as loaded would give names
exactly the fields MeltingSpot is asked to change, in the API's own terms.
"""

from __future__ import annotations

from lives_admin.meltingspot import Live, LiveUpdate

# Long texts are kept readable: the live itself holds the full description.
MAX_STORED_TEXT = 500


def comparable(value):
    """Textareas send CRLF line ends: a description nobody touched is not a change."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _stored(value):
    if isinstance(value, str) and len(value) > MAX_STORED_TEXT:
        return value[:MAX_STORED_TEXT] + "…"
    return value


def live_changes(live: Live, update: LiveUpdate) -> list[dict]:
    """[{"field": "title", "before": "Old", "after": "New"}, …] in the body's key order.

    A field absent from one side (no description, a URL the new solution does not
    use) is None there."""
    before = LiveUpdate.from_live(live).to_body()
    after = update.to_body()
    changes = []
    for field in [*after, *(key for key in before if key not in after)]:
        old, new = before.get(field), after.get(field)
        if comparable(old) != comparable(new):
            changes.append({"field": field, "before": _stored(old), "after": _stored(new)})
    return changes
