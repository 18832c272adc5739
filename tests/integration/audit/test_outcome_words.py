"""The Outcome filter and the rows (page and CSV) use the same words: an organiser who
reads "Done" on a row finds "Done" in the filter, not "Succeeded"."""

import html as html_lib
import re

import pytest

from tests.integration.audit.helpers import export, log_text
from tests.integration.audit.test_log_page import entry

pytestmark = pytest.mark.django_db


def _outcome_options(page: str) -> dict[str, str]:
    select = re.search(r'<select name="outcome".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    return {value: html_lib.unescape(label) for value, label in options}


def _outcomes_shown(client, query: str) -> set[str]:
    rows = export(client, query)
    column = rows[0].index("Outcome")
    return {row[column] for row in rows[1:]}


def test_the_filter_offers_the_words_the_rows_show(viewer_client, make_user):
    alice = make_user(None, username="alice")
    entry(actor=alice, live_id="L1", ok=True, status_code=200)
    entry(actor=alice, live_id="L2", ok=False, status_code=400, error_message="Bad date")
    entry(actor=alice, live_id="L3", ok=False, status_code=None, state="not_confirmed")
    options = _outcome_options(viewer_client.get("/audit/").content.decode())

    for value, in_rows in (("ok", "Done"), ("unconfirmed", "May have happened")):
        # The option's word is the word its rows begin with, on the page and in the CSV.
        assert options[value] == in_rows
        assert f" {in_rows}" in log_text(viewer_client, f"?outcome={value}")
        assert all(
            shown.startswith(in_rows)
            for shown in _outcomes_shown(viewer_client, f"?outcome={value}")
        )
    # Anything not done names the words of its rows: not done, refused, may have happened.
    assert _outcomes_shown(viewer_client, "?outcome=failed") == {
        "Refused by MeltingSpot: Bad date",
        "May have happened: no answer from MeltingSpot",
    }
    failed = options["failed"].lower()
    assert "not done" in failed and "refused" in failed and "may have happened" in failed
    page = viewer_client.get("/audit/").content.decode()
    for other_word in ("Succeeded", "Failed"):
        assert other_word not in page


def test_a_write_whose_process_died_shows_no_made_up_duration(viewer_client):
    """A batch in flight when its worker was killed stays "sending": nobody timed it, so
    its details say the duration is unknown, never "0 ms". A timed-out write was timed."""
    entry(live_id="L1", ok=False, status_code=None, state="sending", method="POST")
    entry(live_id="L2", ok=False, status_code=None, state="not_confirmed", duration_ms=30000)

    page = log_text(viewer_client)
    assert "POST · no answer · duration unknown" in page
    assert "PUT · no answer · 30,000 ms" in page or "PUT · no answer · 30000 ms" in page
    assert " 0 ms" not in page
    details = {row[2]: row[8] for row in export(viewer_client)[1:]}
    assert details["L1"] == "POST · no answer · duration unknown"
