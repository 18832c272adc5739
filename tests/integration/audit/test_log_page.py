"""The log page's filters (in the query string, dates in the reader's timezone) and its
CSV export."""

import datetime as dt

import pytest

from lives_admin.models import AuditEntry
from tests.integration.audit.helpers import export, log_text
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def entry(when=None, **values):
    defaults = {
        "actor_label": "alice",
        "live_id": "L1",
        "operation": "lives.update",
        "method": "PUT",
        "path": "/v1/lives/L1",
        "ok": True,
        "status_code": 200,
    }
    created = AuditEntry.objects.create(**{**defaults, **values})
    if when:
        AuditEntry.objects.filter(pk=created.pk).update(created_at=when)
        created.refresh_from_db()
    return created


@pytest.fixture
def people(make_user):
    alice = make_user(None, username="alice")
    bob = make_user(None, username="bob")
    make_user(None, username="carol")  # never wrote anything
    return alice, bob


@pytest.fixture
def log(people):
    alice, bob = people
    return {
        "edit": entry(
            actor=alice,
            live_title="Spring webinar",
            changes=[{"field": "title", "before": "Spring", "after": "Spring webinar"}],
        ),
        "invite": entry(
            actor=bob,
            actor_label="bob",
            live_id="L2",
            operation="participants.invite",
            method="POST",
            request_body={"member": "ann@example.org"},
        ),
        "failed": entry(
            actor=bob,
            actor_label="bob",
            live_id="L2",
            operation="groups.bulk_link",
            method="POST",
            ok=False,
            status_code=400,
            error_message="groupIds must be an array",
        ),
        "job": entry(
            actor_label="job #7",
            job_id=7,
            live_id="L1",
            operation="participants.bulk_invite",
            method="POST",
        ),
    }


def shown(client, query) -> str:
    return log_text(client, query)


def test_person_is_a_choice_of_the_people_in_the_log(viewer_client, log, people):
    alice, bob = people
    html = viewer_client.get("/audit/").content.decode()
    assert f'<option value="{alice.pk}">alice</option>' in html
    assert ">bob</option>" in html and ">carol</option>" not in html
    page = shown(viewer_client, f"?person={bob.pk}")
    assert "Invited participant(s)" in page and "Edited live" not in page


def test_free_text_finds_jobs_and_the_system(viewer_client, log):
    page = shown(viewer_client, "?actor=job")
    assert "Bulk job batch: invited participant(s)" in page
    assert "Edited live" not in page


def test_live_filter_names_the_live_from_the_log_itself(viewer_client, log, sandbox):
    sandbox.clear_requests()
    page = shown(viewer_client, "?live=L1")
    assert "History of “Spring webinar” L1" in page
    assert "Edited live" in page and "Invited participant(s)" not in page
    assert not [r for r in sandbox.requests() if r["path"].startswith("/v1/")]


def test_action_outcome_and_job_filters(viewer_client, log):
    edited = shown(viewer_client, "?action=edited")
    assert "Edited live" in edited and "Linked group(s)" not in edited
    assert "Title: “Spring” → “Spring webinar”" in edited
    failed = shown(viewer_client, "?outcome=failed")
    assert "Linked group(s)" in failed and "Edited live" not in failed
    assert "MeltingSpot said: groupIds must be an array" in failed
    batch = shown(viewer_client, "?action=job_batch")
    assert "1 entry" in batch and "Bulk job batch" in batch
    by_job = shown(viewer_client, "?job=7")
    assert "1 entry" in by_job


def test_dates_are_the_readers_days(viewer_client, people):
    # 12:00 UTC on 10 January is already 11 January, 01:00, in Auckland (UTC+13).
    entry(when=dt.datetime(2030, 1, 10, 12, 0, tzinfo=UTC), live_id="late")
    entry(when=dt.datetime(2030, 1, 10, 10, 0, tzinfo=UTC), live_id="early")
    viewer_client.cookies["tz"] = "Pacific/Auckland"
    page = shown(viewer_client, "?date_from=2030-01-11&date_to=2030-01-11")
    assert "late" in page and "early" not in page
    assert "11 Jan 2030, 01:00:00" in page
    viewer_client.cookies["tz"] = "UTC"
    page = shown(viewer_client, "?date_from=2030-01-10&date_to=2030-01-10")
    assert "late" in page and "early" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?date_from=2030-02-30", "Enter a valid date."),
        ("?date_to=0001-01-01", "Enter a date between 1970 and 9000."),
        ("?date_from=2030-01-02&date_to=2030-01-01", "This date is before the “From” date."),
        ("?person=99999", "Select a valid choice."),
        ("?action=explode", "Select a valid choice."),
        ("?job=abc&outcome=maybe", "Enter a whole number."),
    ],
)
def test_bad_filters_get_a_message_and_the_log_still_shows(viewer_client, log, query, message):
    response = viewer_client.get(f"/audit/{query}")
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Some filters were not understood" in page
    assert "Edited live" in page  # the other filters (none here) still apply


def test_a_bad_filter_leaves_the_good_ones_applied(viewer_client, log):
    page = shown(viewer_client, "?date_from=nonsense&outcome=failed")
    assert "Linked group(s)" in page and "Edited live" not in page


def test_htmx_gets_the_results_only_and_pages_keep_the_filters(viewer_client, people):
    for number in range(55):
        entry(live_id="L9", path=f"/v1/lives/L9/{number}")
    fragment = viewer_client.get(
        "/audit/?live=L9", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit-results"
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="audit-results"')
    assert "<form" not in fragment and "<html" not in fragment
    assert "?live=L9&amp;page=2" in fragment
    assert 'hx-push-url="true"' in fragment
    second = shown(viewer_client, "?live=L9&page=2")
    assert "55 entries · showing 51–55" in second


def test_the_page_form_is_htmx_enhanced_and_offers_the_filtered_export(viewer_client, log):
    html = viewer_client.get("/audit/?outcome=failed").content.decode()
    assert 'hx-get="/audit/"' in html and 'hx-push-url="true"' in html
    assert 'href="/audit/export.csv?outcome=failed"' in html
    # The export link is part of the results, so an htmx filter change updates it.
    fragment = viewer_client.get(
        "/audit/?action=edited", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="audit-results"
    ).content.decode()
    assert 'href="/audit/export.csv?action=edited"' in fragment


def test_the_csv_has_the_filtered_rows_in_the_readers_timezone(viewer_client, people):
    alice, _ = people
    entry(
        when=dt.datetime(2030, 1, 10, 12, 0, tzinfo=UTC),
        actor=alice,
        live_title="Spring webinar",
        changes=[{"field": "title", "before": "Spring", "after": "Spring webinar"}],
    )
    entry(
        when=dt.datetime(2030, 7, 1, 8, 0, tzinfo=UTC),
        actor_label='=HYPERLINK("http://evil")',
        operation="participants.invite",
        ok=False,
        status_code=400,
        error_message="member must be an email",
        job_id=12,
    )
    viewer_client.cookies["tz"] = "Europe/Paris"
    header, *rows = export(viewer_client)
    assert header == [
        "Who",
        "When",
        "Live",
        "Live title",
        "Action",
        "Changed fields",
        "Details",
        "Outcome",
        "HTTP",
        "Error",
        "Job",
    ]
    failed, edit = rows  # newest first
    assert edit[:6] == [
        "alice",
        "2030-01-10 13:00:00+01:00",
        "L1",
        "Spring webinar",
        "Edited live",
        "Title: “Spring” → “Spring webinar”",
    ]
    assert edit[7:] == ["Done", "PUT · 200 · 0 ms", "", ""]
    assert failed[0] == '\'=HYPERLINK("http://evil")'  # a spreadsheet shows it as text
    assert failed[1] == "2030-07-01 10:00:00+02:00"  # summer time
    assert failed[3] == "Spring webinar"  # the live's title, known from the other entry
    assert failed[4] == "Bulk job batch: invited participant(s)"
    assert failed[7:] == [
        "Refused by MeltingSpot: member must be an email",
        "PUT · 400 · 0 ms",
        "member must be an email",
        "12",
    ]

    assert [row[4] for row in export(viewer_client, "?outcome=ok")[1:]] == ["Edited live"]


def test_the_csv_export_needs_a_role(client, sandbox):
    response = client.get("/audit/export.csv")
    assert response.status_code == 302 and "/login/" in response["Location"]


MAY_HAVE_HAPPENED = "May have happened: no answer from MeltingSpot"


def test_writes_whose_answer_never_came_say_they_may_have_happened(viewer_client, people):
    alice, _ = people
    entry(
        actor=alice,
        live_id="L7",
        operation="lives.delete",
        method="DELETE",
        ok=False,
        state="sending",
        status_code=None,
    )
    entry(
        actor=alice,
        live_id="L8",
        operation="lives.delete",
        method="DELETE",
        ok=False,
        state="not_confirmed",
        status_code=None,
        error_message="MeltingSpot did not answer in time: the write may still have happened",
    )
    entry(actor=alice, live_id="L9", ok=False, status_code=400, error_message="Bad date")

    page = log_text(viewer_client)
    assert page.count(MAY_HAVE_HAPPENED) == 2
    assert "The dashboard stopped before MeltingSpot answered" in page  # the "sending" one
    assert "Refused by MeltingSpot" in page
    maybe = log_text(viewer_client, "?outcome=unconfirmed")
    assert maybe.count(MAY_HAVE_HAPPENED) == 2 and "Bad date" not in maybe
    assert MAY_HAVE_HAPPENED in text(viewer_client.get("/lives/L7/history/"))

    outcomes = {row[2]: row[7] for row in export(viewer_client)[1:]}
    assert outcomes == {
        "L7": MAY_HAVE_HAPPENED,
        "L8": MAY_HAVE_HAPPENED,
        "L9": "Refused by MeltingSpot: Bad date",
    }


def test_an_entry_is_completed_once_and_never_changed_after(people):
    sending = entry(state="sending", ok=False, status_code=None)
    assert AuditEntry.objects.complete(sending.pk, state="done", ok=True, status_code=200) == 1
    assert AuditEntry.objects.complete(sending.pk, state="failed", ok=False) == 0
    done = AuditEntry.objects.get(pk=sending.pk)
    assert (done.state, done.ok, done.status_code) == ("done", True, 200)
    done.error_message = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        done.save()


def test_a_create_whose_answer_never_came_names_the_live_it_may_have_made(viewer_client, people):
    alice, _ = people
    entry(
        actor=alice,
        live_id="",
        live_title="Crash gunicorn kill",
        operation="lives.create",
        method="POST",
        ok=False,
        state="sending",
        status_code=None,
    )

    page = log_text(viewer_client)
    assert "Crash gunicorn kill" in page
    assert MAY_HAVE_HAPPENED in page
