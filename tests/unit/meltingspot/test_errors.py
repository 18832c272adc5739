"""Every status maps to its error; messages per docs/api.md, D7; the key never leaks."""

import httpx
import pytest

from lives_admin.meltingspot import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from lives_admin.meltingspot.errors import parse_retry_after


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, APIStatusError),
        (413, PayloadTooLargeError),
        (422, APIStatusError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_each_status_becomes_its_error(make_client, api, status, error):
    api.respond = lambda request, body: httpx.Response(status, json={"message": "nope"})
    client = make_client(retry=RetryPolicy(max_attempts=1))
    with pytest.raises(error) as raised:
        client.lives.retrieve("L1")
    assert raised.value.status_code == status


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            httpx.Response(400, json={"message": "title should not be empty"}),
            "title should not be empty",
        ),
        (httpx.Response(400, json={"message": ["a is bad", "b is bad"]}), "a is bad; b is bad"),
        (httpx.Response(400, json={"error": "Bad Request"}), "Bad Request"),
        (httpx.Response(400, text="  plain words  "), "plain words"),
        (httpx.Response(400), "Bad Request"),
    ],
)
def test_messages_are_read_defensively(client, api, response, message):
    api.answers = [response]
    with pytest.raises(BadRequestError) as raised:
        client.lives.delete("L1")
    assert raised.value.message == message


def test_the_key_never_appears_in_an_error_or_the_client(make_client, api):
    api.respond = lambda request, body: httpx.Response(401, json={"message": "Unauthorized"})
    client = make_client(retry=RetryPolicy(max_attempts=1))
    with pytest.raises(AuthenticationError) as raised:
        client.lives.list()
    text = f"{raised.value} {raised.value!r} {raised.value.message} {client!r}"
    assert "secret-key-123" not in text
    assert "MELTINGSPOT_API_KEY" in raised.value.message


def test_connection_and_timeout_errors(make_client, api):
    client = make_client(retry=RetryPolicy(max_attempts=1))
    api.answers = [httpx.ConnectError("refused")]
    with pytest.raises(APIConnectionError):
        client.lives.list()
    api.answers = [httpx.ReadTimeout("slow")]
    with pytest.raises(APITimeoutError):
        client.lives.list()


def test_retry_after_in_seconds_or_as_a_date():
    assert parse_retry_after("7") == 7
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
