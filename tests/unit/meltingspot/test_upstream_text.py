"""What an upstream says is cleaned of the key, and what is not the API's JSON is an error.

An upstream that quotes the request's Authorization header (in a JSON message, an HTML
page, plain text or a header) must not hand the key to the pages, logs and audit rows
that show its errors (issue 14, item 2). A proxy's sign-in page with status 200, a body
cut short or another content type is an API error like any other (item 4).
"""

import html
import json
from urllib.parse import quote, quote_plus

import httpx
import pytest

from lives_admin.meltingspot import (
    APIStatusError,
    MeltingSpotError,
    RetryPolicy,
    UnreadableResponseError,
)
from lives_admin.meltingspot.scrub import REDACTED, Scrubber

KEY = "sk_live_" + "Zq8/w+Fx&k=P%9 tail"  # characters that every encoding changes


def every_shape(authorization: str) -> str:
    bare = authorization.removeprefix("Bearer ")
    shapes = [
        authorization,
        bare,
        quote(authorization, safe=""),
        quote(bare, safe="").lower(),
        quote_plus(bare),
        html.escape(bare),
        json.dumps(bare)[1:-1],
        bare[:14],  # quoted cut short
        bare[-12:],
    ]
    return " | ".join(f"<{shape}>" for shape in shapes)


def leaks(text: str) -> list[str]:
    pieces = [KEY[i : i + 10] for i in range(len(KEY) - 9)]
    encoded = [quote(KEY, safe=""), quote_plus(KEY), html.escape(KEY)]
    return [p for p in pieces + encoded if p.lower() in text.lower()]


@pytest.mark.parametrize("authorization", [KEY, f"Bearer {KEY}"])
def test_the_scrubber_removes_every_shape_of_the_key(authorization):
    said = Scrubber(authorization).text(f"Invalid key {every_shape(authorization)} — sorry")
    assert leaks(said) == []
    assert said.startswith("Invalid key <") and said.endswith("> — sorry")
    assert said.count(REDACTED) >= 9


def test_the_scrubber_leaves_other_text_and_short_values_alone():
    assert Scrubber(KEY).text("title should not be empty") == "title should not be empty"
    assert Scrubber("abc").text("abcdef abc") == "abcdef abc"  # no key worth the name
    assert Scrubber(None).text("anything") == "anything"


def test_the_scrubber_cleans_data_and_headers():
    scrub = Scrubber(KEY)
    data = scrub.data({"message": [f"bad {KEY}"], KEY: {"nested": (KEY, 3)}})
    assert leaks(json.dumps(data)) == [] and data["message"] == [f"bad {REDACTED}"]
    assert scrub.headers({"X-Echo": f"Bearer {KEY}"}) == {"X-Echo": f"Bearer {REDACTED}"}


def echoing(shape: str, status: int):
    """An upstream that quotes the Authorization header it received, in one shape."""

    def respond(request, body):
        said = every_shape(request.headers["Authorization"])
        headers = {"X-Echo-Authorization": request.headers["Authorization"]}
        if shape == "json":
            return httpx.Response(status, json={"message": said, "key": said}, headers=headers)
        if shape == "list":
            return httpx.Response(status, json={"message": [said, "other"]}, headers=headers)
        if shape == "html":
            page = f"<html><body><h1>Error</h1><p>{said}</p></body></html>"
            return httpx.Response(status, html=page, headers=headers)
        return httpx.Response(status, text=said, headers=headers)

    return respond


@pytest.mark.parametrize("scheme", ["raw", "bearer"])
@pytest.mark.parametrize("shape", ["json", "list", "html", "text"])
@pytest.mark.parametrize("status", [400, 401, 404, 429, 500, 503])
def test_an_error_never_carries_the_key_whatever_the_upstream_quoted(
    make_client, api, scheme, shape, status
):
    api.respond = echoing(shape, status)
    client = make_client(api_key=KEY, auth_scheme=scheme, retry=RetryPolicy(max_attempts=1))
    with pytest.raises(APIStatusError) as raised:
        client.lives.delete("L1")
    error = raised.value
    said = " ".join([str(error), repr(error), error.message, repr(vars(error))])
    assert leaks(said) == [], said
    assert error.headers["x-echo-authorization"] == REDACTED
    if shape != "html":
        assert REDACTED in error.message  # it was quoted, and removed
    else:
        assert "an HTML page" in error.message  # a proxy's page is not read out


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, html="<!DOCTYPE html><html><form>Sign in</form></html>"),
        httpx.Response(
            200, content=b'{"items": [{"id": "L', headers={"Content-Type": "application/json"}
        ),
        httpx.Response(200, content=b'{"items": [{"id": "L'),  # no content type at all
        httpx.Response(200, text='{"items": [], "total": 0}'),  # JSON, but as text/plain
        httpx.Response(200, content=b"\x00\x01", headers={"Content-Type": "image/png"}),
    ],
    ids=["sign-in page", "cut json", "cut json, no type", "text/plain", "png"],
)
def test_an_answer_that_is_not_the_apis_json_is_an_error(client, api, answer):
    api.answers = [answer]
    with pytest.raises(UnreadableResponseError) as raised:
        client.lives.list()
    assert isinstance(raised.value, MeltingSpotError)
    assert raised.value.status_code == 200
    assert "MeltingSpot's answer could not be read" in raised.value.message
    assert len(api.sent) == 1  # not retried: a sign-in page stays a sign-in page


def test_an_unreadable_answer_quoting_the_key_is_cleaned(make_client, api):
    api.respond = lambda request, body: httpx.Response(
        200, html=f"<p>Hello {request.headers['Authorization']}</p>"
    )
    client = make_client(api_key=KEY, retry=RetryPolicy(max_attempts=1))
    with pytest.raises(UnreadableResponseError) as raised:
        client.lives.retrieve("L1")
    assert leaks(repr(vars(raised.value))) == []


@pytest.mark.parametrize("data", [[], ["L1"], "a live", 3])
def test_an_item_that_is_not_an_object_is_an_error(client, api, data):
    api.answers = [httpx.Response(200, json=data)]
    with pytest.raises(UnreadableResponseError):
        client.lives.retrieve("L1")


def test_a_write_with_an_unreadable_answer_is_audited_as_may_have_happened(client, api, writes):
    api.answers = [httpx.Response(200, html="<html>Sign in</html>")]
    with pytest.raises(UnreadableResponseError):
        client.lives.delete("L1")
    (record,) = writes
    assert not record.ok and record.status_code == 200
    assert record.error_message.endswith("the write may still have happened")


def test_empty_and_json_answers_are_still_read(client, api):
    api.answers = [httpx.Response(204), httpx.Response(200, json={"items": [], "total": 0})]
    client.lives.delete("L1")
    assert client.lives.list().items == ()
