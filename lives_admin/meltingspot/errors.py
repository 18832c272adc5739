"""The error tree of the MeltingSpot client, and the one function that maps a response to it."""

from __future__ import annotations

import email.utils
import time

import httpx


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


class SendCancelled(MeltingSpotError):
    """The caller withdrew the request right before it went out (a job paused, cancelled
    or taken over by another runner): nothing was sent."""


class WriteNotRecorded(MeltingSpotError):
    """The write could not be recorded before it went out (the audit log's database did
    not answer), so it was not sent."""


class APIStatusError(MeltingSpotError):
    """MeltingSpot answered with an error status."""

    def __init__(self, message: str, *, status_code: int, body: object = None):
        super().__init__(message)
        self.status_code = status_code
        self.body = body

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


class PayloadTooLargeError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    def __init__(self, message: str, *, status_code: int, body=None, retry_after=None):
        super().__init__(message, status_code=status_code, body=body)
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
    """D8: `Retry-After` in seconds or as an HTTP date; None when absent or unreadable."""
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


def error_message(response: httpx.Response) -> tuple[str, object]:
    """D7: JSON `message` (string or list), else JSON `error`, else text, else the reason."""
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
    if text:
        return text[:500], text
    return response.reason_phrase or f"HTTP {response.status_code}", body


def error_for_response(response: httpx.Response) -> APIStatusError:
    message, body = error_message(response)
    status = response.status_code
    if status >= 500:
        cls: type[APIStatusError] = ServerError
    else:
        cls = _BY_STATUS.get(status, APIStatusError)
    if cls is RateLimitError:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return RateLimitError(message, status_code=status, body=body, retry_after=retry_after)
    if cls is AuthenticationError:
        message = (
            f"{message} — MeltingSpot refused the API key: check MELTINGSPOT_API_KEY "
            "and MELTINGSPOT_AUTH_SCHEME"
        )
    return cls(message, status_code=status, body=body)
