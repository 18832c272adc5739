"""Reconciling an edit with the live as it is now, field by field (issue 15, item 18)."""

import zoneinfo

from lives_admin.forms.lives import DATETIME_FORMAT, LiveEditForm, initial_from_live
from lives_admin.lives.concurrent_edits import (
    THEIRS,
    read_opened_as,
    reconcile,
    sign_opened_as,
)
from lives_admin.meltingspot import Live

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
YOUTUBE = {
    "id": "L1", "title": "Town hall", "startDate": "2030-03-01T09:00:00Z",
    "endDate": "2030-03-01T10:00:00Z", "metrics": {}, "solution": "Youtube",
    "videoUrl": "https://www.youtube.com/watch?v=abc",
    "description": [{"type": "p", "children": [{"text": "Agenda"}]}],
    "privacy": {"visibility": "AnyOne", "participation": "AnySpotMembers"},
    "config": {"chatVisibility": "Display", "participantsVisibility": "Display"},
}  # fmt: skip


def live(**changes) -> Live:
    return Live.from_api({**YOUTUBE, **changes})


def edit(opened: Live, **changes):
    """The edit form opened on `opened`, changed as an organiser would, then sent."""
    data = {}
    for name, value in initial_from_live(opened, PARIS).items():
        if hasattr(value, "strftime"):
            data[name] = value.strftime(DATETIME_FORMAT)
        elif value is True:
            data[name] = "on"
        elif value not in (False, None):
            data[name] = value
    data.update(changes)
    form = LiveEditForm({k: v for k, v in data.items() if v is not None})
    assert form.is_valid(), form.errors
    return form.to_update()


def test_their_change_of_solution_stays_under_my_description():
    opened = live()
    now = live(solution="BuiltIn", builtInType="Workshop", videoUrl=None)
    mine = edit(opened, description="New agenda")

    outcome = reconcile(read_opened_as(sign_opened_as(opened), "L1"), mine, now, {})

    assert outcome.conflicts == []
    body = outcome.update.to_body()
    assert (body["solution"], body["builtInType"], body["description"]) == (
        "BuiltIn",
        "Workshop",
        "New agenda",
    )
    assert "videoUrl" not in body
    assert set(outcome.theirs_kept) == {"solution", "built_in_type", "video_url"}


def test_the_same_change_made_twice_is_no_conflict():
    opened = live()
    outcome = reconcile(
        read_opened_as(sign_opened_as(opened), "L1"),
        edit(opened, title="Renamed"),
        live(title="Renamed"),
        {},
    )
    assert outcome.conflicts == [] and outcome.update.title == "Renamed"


def test_a_snapshot_of_another_live_is_not_trusted():
    opened = live()
    outcome = reconcile(
        read_opened_as(sign_opened_as(opened), "L2"), edit(opened, title="Renamed"), opened, {}
    )
    assert [c.form_field for c in outcome.conflicts] == ["title"]


def test_take_theirs_on_an_awaited_field_sends_their_value():
    now = live(title="Theirs")
    opened_as = read_opened_as(sign_opened_as(now, awaiting=["title"]), "L1")
    outcome = reconcile(opened_as, edit(live(), title="Mine"), now, {"title": THEIRS})
    assert outcome.conflicts == [] and outcome.update.title == "Theirs"


def test_a_form_without_its_snapshot_is_sent_as_it_is():
    mine = edit(live(), title="Renamed")
    outcome = reconcile(read_opened_as(None, "L1"), mine, live(title="Theirs"), {})
    assert outcome.update is mine
