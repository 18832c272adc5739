"""The participants' export links download what the panel shows, after any filter change:
typing swaps only the rows, and the links must come along with them."""

import csv
import html as html_lib
import io
import re

import pytest

from lives_admin.upstream import get_client

pytestmark = pytest.mark.django_db
LIVE_ID = "live003"  # participants of every status, some at asso.example
# What the filter form sends as the organiser types in the email box: its empty boxes too.
TYPED = (
    "first_name=&last_name=&email=asso.example&match=contains&replayed=&participated=&per_page=100"
)
FILTER_FORM = {  # the headers of the form's htmx request (hx-target="#participants-results")
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_TARGET": "participants-results",
    "HTTP_HX_TRIGGER": "participants-filters",
}


def _export_links(html: str) -> dict[str, str]:
    links = re.findall(r'href="([^"]*/participants/export\.(csv|xlsx)[^"]*)"', html)
    return {extension: html_lib.unescape(href) for href, extension in links}


def _emails_on_screen(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<td data-label="Email" class="[^"]*\bmono small">([^<]*)</td>', body)


def test_the_rows_swapped_by_a_filter_carry_export_links_with_that_filter(viewer_client, sandbox):
    total = get_client().participants.list(LIVE_ID, limit=1).total
    response = viewer_client.get(f"/lives/{LIVE_ID}/participants/?{TYPED}", **FILTER_FORM)
    html = response.content.decode()
    on_screen = _emails_on_screen(html)
    assert 0 < len(on_screen) < total
    assert all("asso.example" in email for email in on_screen)

    # The links travel out of band with the rows, and name only the filters in use.
    assert '<div id="participants-exports" class="actions" hx-swap-oob="true">' in html
    links = _export_links(html)
    assert set(links) == {"csv", "xlsx"}
    for href in links.values():
        assert href.split("?")[1] == "email=asso.example&per_page=100"

    download = viewer_client.get(links["csv"])
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert sorted(row[2] for row in rows[1:]) == sorted(on_screen)


def test_the_address_pushed_after_typing_has_no_empty_filters(viewer_client, sandbox):
    response = viewer_client.get(f"/lives/{LIVE_ID}/participants/?{TYPED}", **FILTER_FORM)
    assert response["HX-Push-Url"] == (f"/lives/{LIVE_ID}/?email=asso.example&per_page=100")


def test_the_whole_page_has_no_out_of_band_links(viewer_client, sandbox):
    html = viewer_client.get(f"/lives/{LIVE_ID}/participants/?email=asso.example").content.decode()
    assert html.count('id="participants-exports"') == 1
    assert "hx-swap-oob" not in html
    assert _export_links(html)["csv"].endswith("?email=asso.example")


def test_the_form_sent_without_javascript_lands_on_an_address_without_empty_filters(
    viewer_client, sandbox
):
    response = viewer_client.get(f"/lives/{LIVE_ID}/participants/?{TYPED}")
    assert response.status_code == 302
    assert response["Location"] == (
        f"/lives/{LIVE_ID}/participants/?email=asso.example&per_page=100"
    )
