"""Every row of the bad-input table, against the real app and the sandbox.

The answer is the documented one (status and the words the organiser reads), never a
500, and a refused input sends nothing to MeltingSpot (the sandbox's request log).
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lives_admin.models import SavedView
from lives_admin.team.roles import Role
from tests.integration.faults.bad_inputs import LIVE, ROWS, markdown_table
from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.fixture
def other_view(make_user):
    someone = make_user(Role.ORGANISER, username="someone-else")
    return SavedView.objects.create(owner=someone, name="Theirs", query_string="status=Ended")


def send(client, row, url: str):
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    method = getattr(client, row.method.lower())
    if row.body is not None:
        return method(url, row.body(), content_type=row.content_type, follow=row.follow, **headers)
    data = dict(row.data or {})
    if row.upload is not None:
        name, content = row.upload()
        data["upload"] = SimpleUploadedFile(name, content)
    if row.method in ("GET", "POST"):
        return method(url, data or None, follow=row.follow, **headers)
    return method(url, follow=row.follow, **headers)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.where}: {r.input}"[:90] for r in ROWS])
def test_each_bad_input_gets_its_documented_answer(
    row, sandbox, organiser_client, other_view, request
):
    url = row.url.format(live=LIVE, other_view=other_view.pk)
    client = request.getfixturevalue("admin_user_client") if row.as_admin else organiser_client
    sandbox.clear_requests()
    response = send(client, row, url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = text(type("Answer", (), {"content": body})())
    assert response.status_code == row.status, page[:500]
    assert row.says in page, page[:2000]
    sent = [r for r in sandbox.requests() if r["path"].startswith("/v1/")]
    if row.sends == "nothing":
        assert sent == [], sent
    else:
        assert [r for r in sent if r["method"] != "GET"] == [], sent
    if row.asks:
        assert sent, "the page should have read its data"
        assert set(row.asks) <= {tuple(pair) for pair in sent[0]["query"]}, sent[0]["query"]
    assert sandbox.api_key not in body.decode(errors="replace")


def test_the_readme_table_is_generated_from_the_rows():
    readme = README.read_text()
    section = readme.split("### Bad input", 1)[1]
    table = "\n".join(re.findall(r"^\|.*\|$", section.split("\n###", 1)[0], re.M))
    assert table == markdown_table(), (
        "README's Bad input table differs from the rows: regenerate it with "
        "`python -m tests.integration.faults.bad_inputs --markdown`"
    )
