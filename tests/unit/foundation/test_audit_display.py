"""How entries read: action labels, changed fields in the reader's zone, what was sent."""

import datetime as dt
import inspect
import re
import zoneinfo
from dataclasses import replace
from types import SimpleNamespace

import pytest

from lives_admin import audit
from lives_admin.audit.display import (
    ACTIONS,
    action_label,
    describe_change,
    summary_of,
)
from lives_admin.lives.changes import live_changes
from lives_admin.meltingspot import Live, LiveUpdate, resources
from lives_admin.models import AuditEntry
from tests.unit.foundation.test_audit import FakeWrite

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("operation", "job_id", "label"),
    [
        ("lives.create", None, "Created live"),
        ("lives.update", None, "Edited live"),
        ("lives.delete", None, "Deleted live"),
        ("groups.bulk_link", None, "Linked group(s)"),
        ("groups.unlink", None, "Unlinked group(s)"),
        ("participants.invite", None, "Invited participant(s)"),
        ("speakers.invite_member", None, "Invited speaker(s)"),
        ("participants.bulk_invite", 4, "Bulk job batch: invited participant(s)"),
        ("spots.rename", None, "spots.rename"),  # unknown yet: shown as it is
    ],
)
def test_action_labels(operation, job_id, label):
    assert action_label(operation, job_id) == label


def test_every_operation_the_client_sends_has_a_label():
    source = inspect.getsource(resources)
    sent = set(re.findall(r'operation="([^"]+)"', source))
    labelled = {op for action in ACTIONS for op in action.operations}
    assert sent and sent <= labelled


def test_changes_read_as_before_and_after_in_the_readers_zone():
    assert describe_change({"field": "title", "before": "Old", "after": "New"}) == (
        "Title: “Old” → “New”"
    )
    start = {"field": "startDate", "before": 1898586000, "after": 1898672400}
    assert describe_change(start, NEW_YORK) == "Starts: 1 Mar 2030, 04:00 → 2 Mar 2030, 04:00"
    assert describe_change({"field": "visibility", "before": "AnyOne", "after": None}) == (
        "Who can see it: Public → (none)"
    )
    assert describe_change({"field": "record", "before": False, "after": True}) == (
        "Recorded: no → yes"
    )


def test_summaries_count_what_a_summarised_body_held():
    emails = [f"p{i}@example.org" for i in range(130)]
    bulk = SimpleNamespace(
        operation="participants.bulk_invite",
        request_body=audit.summarise_body(
            {"members": {"emails": emails, "spotMemberIds": ["m1"]}, "withEmailNotification": True}
        ),
    )
    first = "p0@example.org, p1@example.org, p2@example.org"
    assert summary_of(bulk) == f"{first} and 128 more · with an email"
    unlink = SimpleNamespace(operation="groups.unlink", request_body={})
    assert summary_of(unlink) == "1 group"


def test_summaries_name_the_groups_and_members_the_write_recorded():
    ids = [f"g{i}" for i in range(15)]
    names = {f"g{i}": f"Group {i}" for i in range(15)}
    link = SimpleNamespace(
        operation="groups.bulk_link",
        request_body=audit.summarise_body({"groupIds": ids}),
        names=audit._names_in(audit.summarise_body({"groupIds": ids}), names),
    )
    assert summary_of(link) == "Group 0, Group 1, Group 2 and 12 more"
    two = SimpleNamespace(
        operation="groups.bulk_link", request_body={"groupIds": ["g1", "g2"]}, names=names
    )
    assert summary_of(two) == "Group 1 and Group 2"
    unlink = SimpleNamespace(
        operation="groups.unlink", request_body={}, path="/v1/lives/L1/groups/g3", names=names
    )
    assert summary_of(unlink) == "Group 3"
    # An entry written before names were recorded: counted, never a bare id.
    old = SimpleNamespace(operation="speakers.bulk_invite", request_body={"spotMemberIds": ["m1"]})
    assert summary_of(old) == "1 person"


def a_live(**overrides) -> Live:
    data = {
        "id": "L1",
        "title": "Town hall",
        "startDate": "2030-03-01T09:00:00Z",
        "endDate": "2030-03-01T10:00:00Z",
        "metrics": {},
        "solution": "Youtube",
        "videoUrl": "https://youtu.be/x",
        "description": [{"type": "p", "children": [{"text": "Line one"}]}],
        "privacy": {"visibility": "AnyOne", "participation": "AnySpotMembers"},
        "config": {"chatVisibility": "Display", "participantsVisibility": "Display"},
    }
    return Live.from_api({**data, **overrides})


def test_only_the_fields_that_differ_are_changes():
    live = a_live()
    same = LiveUpdate.from_live(live)
    assert live_changes(live, replace(same, description=same.description + "\r\n")) == []
    moved = replace(
        same,
        title="Town hall (moved)",
        start_date=live.start_date + dt.timedelta(days=1),
        solution="Vimeo",
        video_url="https://vimeo.com/1",
    )
    fields = {c["field"]: (c["before"], c["after"]) for c in live_changes(live, moved)}
    assert fields == {
        "title": ("Town hall", "Town hall (moved)"),
        "startDate": (1898586000, 1898672400),
        "solution": ("Youtube", "Vimeo"),
        "videoUrl": ("https://youtu.be/x", "https://vimeo.com/1"),
    }


@pytest.mark.django_db
def test_describing_hands_the_changes_to_the_one_recording_place():
    changes = [{"field": "title", "before": "A", "after": "B"}]
    with audit.describing(changes=changes, live_title="A"):
        audit.record_write(FakeWrite(operation="lives.update", method="PUT", body={"title": "B"}))
    audit.record_write(FakeWrite(body={"title": "Body title"}))  # outside: nothing attached
    edit, later = AuditEntry.objects.order_by("id")
    assert (edit.changes, edit.live_title) == (changes, "B")  # the title it now has
    assert (later.changes, later.live_title) == ([], "Body title")


@pytest.mark.django_db
def test_a_refused_rename_keeps_the_title_the_live_has():
    with audit.describing(live_title="As loaded"):
        audit.record_write(FakeWrite(body={"title": "Renamed"}, ok=False, status_code=400))
        audit.record_write(FakeWrite(body={"title": "Renamed"}))
    refused, saved = AuditEntry.objects.order_by("id")
    assert (refused.live_title, saved.live_title) == ("As loaded", "Renamed")
