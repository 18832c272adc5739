"""Members are matched by `email[in]` in batches: bounded requests, bounded URLs."""

from lives_admin.meltingspot.resources import EMAIL_IN_BATCH, EMAIL_IN_MAX_CHARS, email_batches
from tests.unit.meltingspot.conftest import page


def test_batches_hold_at_most_the_batch_size_and_each_email_once():
    emails = [f"p{n}@example.org" for n in range(250)] + ["p1@example.org"]
    batches = email_batches(emails)
    assert [len(b) for b in batches] == [EMAIL_IN_BATCH, EMAIL_IN_BATCH, 50]
    assert sum(batches, ()) == tuple(dict.fromkeys(emails))


def test_long_emails_make_smaller_batches_so_the_url_stays_short():
    emails = [f"{'x' * 200}{n}@example.org" for n in range(100)]
    batches = email_batches(emails)
    assert len(batches) > 1
    assert all(len(",".join(b)) < EMAIL_IN_MAX_CHARS for b in batches)
    assert sum(batches, ()) == tuple(emails)


def test_an_email_with_a_comma_cannot_be_listed_and_is_left_out():
    assert email_batches(['"a,b"@example.org', " ", "c@example.org"]) == [("c@example.org",)]


def test_by_emails_costs_one_request_per_batch(client, api):
    emails = [f"p{n}@example.org" for n in range(201)]
    api.respond = lambda request, body: page([])
    assert client.spot_members.by_emails(emails) == []
    assert len(api.sent) == 3
    sent = dict(api.sent[0].query)
    assert sent["email[in]"].split(",") == emails[:100]
    assert sent["limit"] == str(EMAIL_IN_BATCH)
