"""The error tree of the MeltingSpot client, and the one function that maps a response to it."""

from __future__ import annotations

import email.utils
import time

import httpx

from lives_admin.meltingspot.scrub import Scrubber


class MeltingSpotError(Exception):
    """Anything that went wrong talking to MeltingSpot."""

    message: str = ""
    # Set when the error stopped a bulk call part-way: a `BulkProgress` of what was done.
    bulk_progress = None

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class APIConnectionError(MeltingSpotError):
    """No answer: connection refused, reset, DNS…"""


class APITimeoutError(APIConnectionError):
    """MeltingSpot did not answer in time."""


class RateLimiterUnavailable(APIConnectionError):
    """The shared rate limiter (Redis, or the database cache) cannot be reached: nothing
    was sent, since nothing could tell whether MeltingSpot's limit would hold."""


class RateLimitExceeded(MeltingSpotError):
    """The local limiter's daily budget for this key is spent: nothing was sent."""


class PersonalBudgetSpent(RateLimitExceeded):
    """One person's share of the key's daily budget is spent (a loop of exports must not
    spend the whole team's day): nothing was sent; the others go on."""


class SendCancelled(MeltingSpotError):
    """The caller withdrew the request right before it went out (a job paused, cancelled
    or taken over by another runner): nothing was sent."""


class WriteNotRecorded(MeltingSpotError):
    """The write could not be recorded before it went out (the audit log's database did
    not answer), so it was not sent."""


class UnreadableResponseError(MeltingSpotError):
    """MeltingSpot's answer is not the API's JSON: a proxy's sign-in page answered with 200,
    a body cut short, another content type. Nothing in it can be trusted; for a write it
    is unknown whether MeltingSpot received it (a proxy may have stopped it)."""

    def __init__(self, message: str, *, status_code: int, body: object = None):
        super().__init__(message)
        self.status_code = status_code
        self.body = body  # the start of the answer, the key removed

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}"


class APIStatusError(MeltingSpotError):
    """MeltingSpot answered with an error status."""

    def __init__(self, message: str, *, status_code: int, body: object = None, headers=None):
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        # The answer's headers (the key removed): a request id helps MeltingSpot's support.
        self.headers: dict[str, str] = dict(headers or {})

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}"


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class InvalidIdError(NotFoundError):
    """An id that cannot be one of MeltingSpot's (`..`, a slash, a control character…), refused
    before anything is sent: put in a path it could name another resource. To the views it
    is what it means, an item that does not exist: a 404, never a 500."""

    def __init__(self, kind: str, value: object):
        shown = repr(value) if len(repr(value)) <= 42 else repr(value)[:40] + "…"
        super().__init__(
            f"{shown} is not a MeltingSpot {kind} id: nothing was sent", status_code=404
        )
        self.kind = kind


class PayloadTooLargeError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    def __init__(
        self, message: str, *, status_code: int, body=None, headers=None, retry_after=None
    ):
        super().__init__(message, status_code=status_code, body=body, headers=headers)
        self.retry_after: float | None = retry_after


class ServerError(APIStatusError):
    pass


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    429: RateLimitError,
}


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """docs/api.md, D8: `Retry-After` in seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _is_json_type(media_type: str) -> bool:
    return media_type in ("application/json", "") or media_type.endswith("+json")


def error_message(response: httpx.Response) -> tuple[str, object]:
    """docs/api.md, D7: JSON `message` (string or list), else `error`, else text, else reason.
    An HTML page (a proxy's) is not read out: its status says what happened."""
    body: object = None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, list):
            return "; ".join(str(m) for m in message if m), body
        if isinstance(message, str) and message.strip():
            return message.strip(), body
        error = body.get("error")
        if isinstance(error, str) and error.strip():
            return error.strip(), body
    text = response.text.strip() if body is None else ""
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    if text and _media_type(response) == "text/html":
        return f"{reason} (an HTML page, not MeltingSpot's answer)", text[:2000]
    if text:
        return text[:500], text
    return reason, body


def _scrubber(response: httpx.Response) -> Scrubber:
    """The key as this response's request carried it."""
    try:
        return Scrubber(response.request.headers.get("Authorization"))
    except RuntimeError:  # a response made without a request (tests): nothing was sent
        return Scrubber(None)


def error_for_response(response: httpx.Response) -> APIStatusError:
    """The one place an error answer becomes an error: the key removed from all of it."""
    scrub = _scrubber(response)
    message, body = error_message(response)
    message, body = scrub.text(message), scrub.data(body)
    headers = scrub.headers(response.headers)
    status = response.status_code
    if status >= 500:
        cls: type[APIStatusError] = ServerError
    else:
        cls = _BY_STATUS.get(status, APIStatusError)
    if cls is RateLimitError:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return RateLimitError(
            message, status_code=status, body=body, headers=headers, retry_after=retry_after
        )
    if cls is AuthenticationError:
        message = (
            f"{message} — MeltingSpot refused the API key: check MELTINGSPOT_API_KEY "
            "and MELTINGSPOT_AUTH_SCHEME"
        )
    return cls(message, status_code=status, body=body, headers=headers)


def unreadable_answer(response: httpx.Response) -> UnreadableResponseError | None:
    """None when a successful answer is empty or JSON; else the error that says what came."""
    if not response.content:
        return None
    media_type = _media_type(response)
    if _is_json_type(media_type):
        try:
            response.json()
            return None
        except ValueError:
            what = "a JSON answer cut short or malformed"
    elif media_type == "text/html":
        what = "an HTML page (a proxy's or a sign-in page?)"
    else:
        what = f"an answer of type {media_type}"
    scrub = _scrubber(response)
    return UnreadableResponseError(
        f"MeltingSpot's answer could not be read: {what} instead of the API's JSON "
        f"(status {response.status_code})",
        status_code=response.status_code,
        body=scrub.text(response.text[:500]),
    )
