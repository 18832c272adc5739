"""A write is announced before it is sent and completed after; a caller may withdraw each
attempt at the last moment (a job that lost its runner) and hears how each one went."""

import httpx
import pytest

from lives_admin.meltingspot import (
    SendCancelled,
    ServerError,
    WriteNotRecorded,
    watching_attempts,
)


def test_a_write_is_announced_before_it_is_sent_and_completed_with_its_handle(
    make_client, api, writes
):
    announced = []

    def start(record):
        assert api.sent == [], "announced after it was sent"
        announced.append(record)
        return 41

    api.answers = [httpx.Response(204)]
    make_client(on_write_start=start).lives.delete("L1")
    assert [(r.outcome, r.live_id, r.operation) for r in announced] == [
        ("sending", "L1", "lives.delete")
    ]
    assert [(w.outcome, w.handle, w.ok) for w in writes] == [("done", 41, True)]


def test_a_write_that_cannot_be_recorded_is_not_sent(make_client, api, writes):
    def start(record):
        raise WriteNotRecorded("The audit log's database did not answer")

    with pytest.raises(WriteNotRecorded):
        make_client(on_write_start=start).lives.delete("L1")
    assert api.sent == [] and writes == []


def test_a_write_whose_answer_never_came_is_not_confirmed(make_client, api, writes):
    api.answers = [httpx.ReadTimeout("slow")] * 4
    with pytest.raises(Exception, match="did not answer in time"):
        make_client().participants.invite("L1", "ann@example.org")
    # A first attempt lost, a second refused: the first may still have happened.
    api.answers = [httpx.ReadTimeout("slow"), httpx.Response(400, json={"message": "Full"})]
    with pytest.raises(Exception, match="Full"):
        make_client().participants.invite("L1", "bob@example.org")
    assert [(w.outcome, w.ok) for w in writes] == [("not_confirmed", False)] * 2
    assert all(w.error_message.endswith("the write may still have happened") for w in writes)


def test_a_refused_write_failed_and_a_lost_connection_was_never_taken_in(make_client, api, writes):
    api.answers = [httpx.Response(400, json={"message": "No such group"})]
    with pytest.raises(Exception, match="No such group"):
        make_client().live_groups.link("L1", "G1")
    api.answers = [httpx.ConnectError("refused")] * 6
    with pytest.raises(Exception, match="Cannot reach"):
        make_client().lives.delete("L1")
    assert [w.outcome for w in writes] == ["failed", "failed"]


class Watcher:
    def __init__(self, allow: int):
        self.allow = allow
        self.told = []

    def before_attempt(self) -> bool:
        self.allow -= 1
        return self.allow >= 0

    def after_attempt(self, error, attempt, retry_in):
        self.told.append((type(error).__name__ if error else None, attempt, retry_in))


def test_a_watcher_hears_each_attempt_and_may_withdraw_the_next(make_client, api, sleeps, writes):
    api.answers = [httpx.Response(503), httpx.Response(503), httpx.Response(204)]
    watcher = Watcher(allow=2)
    with watching_attempts(watcher), pytest.raises(SendCancelled):
        make_client().lives.delete("L1")
    assert len(api.sent) == 2, "sent after the watcher withdrew it"
    assert [(name, attempt) for name, attempt, _ in watcher.told] == [
        ("ServerError", 1),
        ("ServerError", 2),
        ("SendCancelled", 3),
    ]
    assert watcher.told[0][2] == sleeps[0]  # the wait it was told is the wait it waited
    assert watcher.told[-1][2] is None  # no attempt after a withdrawal
    assert [(w.outcome, w.error_message) for w in writes] == [
        ("failed", "Not sent: the job was paused, cancelled or taken over")
    ]


def test_outside_the_block_nothing_is_asked(make_client, api):
    watcher = Watcher(allow=0)
    with watching_attempts(watcher):
        pass
    api.answers = [httpx.Response(503), httpx.Response(204)]
    make_client().lives.delete("L1")
    assert len(api.sent) == 2 and watcher.told == []
    assert ServerError  # the error the first attempt met
