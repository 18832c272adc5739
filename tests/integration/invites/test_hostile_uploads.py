"""Hostile files posted through the real invite-from-file form, against the sandbox.

Each one once exhausted memory or time (a 2 KB workbook declaring a huge sheet, a zip
bomb, a 60 KB row, a CSV of 200,000 columns) or answered 500 (a DTD). Now each gets its
own message on the form, the form as the organiser left it, and nothing is sent to
MeltingSpot. The files are made in code (tests/hostile_files.py), shared with the bench.
"""

import io
from html import unescape

import pytest

from lives_admin.models import InviteDraft, InviteJob
from tests.hostile_files import HOSTILE_UPLOADS
from tests.html import one, select, text_of, texts

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = "live003"
REFUSED = [upload for upload in HOSTILE_UPLOADS if upload.refused]
READ = {upload.filename: upload for upload in HOSTILE_UPLOADS if not upload.refused}


def post_file(client, name: str, data: bytes):
    file = io.BytesIO(data)
    file.name = name
    form = {"role": "speakers", "source": "upload", "highlighted": "on", "upload": file}
    return client.post(f"/lives/{LIVE}/invite/", form)


def checked(html: str, name: str, value: str) -> bool:
    return one(html, f"input[name={name}][value={value}]").has_attr("checked")


def metric(html: str, label: str) -> str:
    """The number on the preview card whose label starts with `label` (one or many)."""
    cards = select(html, ".metric")
    [card] = [card for card in cards if text_of(card, ".metric-label").startswith(label)]
    return text_of(card, ".metric-value")


@pytest.mark.parametrize("hostile", REFUSED, ids=[upload.filename for upload in REFUSED])
def test_a_hostile_file_is_refused_on_the_form_with_its_own_message(
    organiser_client, sandbox, hostile
):
    sandbox.clear_requests()
    response = post_file(organiser_client, hostile.filename, hostile.build())
    assert response.status_code == 200
    html = response.content.decode()
    errors = texts(html, ".errorlist, .alert-error")
    assert any(hostile.says in error for error in errors), errors
    # The form comes back as it was sent, like every other file error.
    assert checked(html, "source", "upload")
    assert checked(html, "role", "speakers")
    assert one(html, "input[name=highlighted]").has_attr("checked")
    # Nothing kept to invite from, nothing sent to MeltingSpot.
    assert not any("table" in draft.payload for draft in InviteDraft.objects.all())
    assert not InviteJob.objects.exists()
    assert [r for r in sandbox.requests() if r["method"] != "GET"] == []


def columns_page(client, response) -> str:
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    assert response["Location"].endswith("/columns/")
    return client.get(response["Location"]).content.decode()


def test_formulas_in_a_workbook_are_read_as_their_values_never_run(organiser_client, sandbox):
    upload = READ["formulas.xlsx"]
    response = post_file(organiser_client, upload.filename, upload.build())
    page = columns_page(organiser_client, response)
    # The cached value of LOWER(…), not the formula; a HYPERLINK with no value is empty.
    assert "ada@example.org" in page and "LOWER(" not in page
    assert "evil.example" not in page
    # A text that looks like a formula stays text, escaped.
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page
    response = organiser_client.post(response["Location"], {"email": 0, "first_name": 1})
    preview = organiser_client.get(response["Location"]).content.decode()
    assert metric(preview, "invalid") == "1"


def test_formulas_in_a_csv_stay_text(organiser_client, sandbox):
    upload = READ["formulas.csv"]
    page = columns_page(
        organiser_client, post_file(organiser_client, upload.filename, upload.build())
    )
    assert "=HYPERLINK(&quot;https://evil.example&quot;,&quot;Ada&quot;)" in page
    assert "@SUM(1)" in page


def test_a_utf16_csv_with_its_byte_order_mark_keeps_its_accents(organiser_client, sandbox):
    upload = READ["utf16.csv"]
    page = columns_page(
        organiser_client, post_file(organiser_client, upload.filename, upload.build())
    )
    assert "Hélène" in page and "Zoë" in page
    assert "2 rows read, with a header row" in page
