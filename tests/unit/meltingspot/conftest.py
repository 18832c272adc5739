"""A client over httpx.MockTransport that records every request and never sleeps."""

import json
from dataclasses import dataclass, field

import httpx
import pytest

from lives_admin.meltingspot import MeltingSpotClient, RetryPolicy


@dataclass
class Sent:
    method: str
    path: str
    query: list[tuple[str, str]]
    body: object
    headers: httpx.Headers
    raw_path: bytes = b""


@dataclass
class FakeAPI:
    """Answers from a queue (or a function) and keeps what the client sent."""

    answers: list = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    respond: object = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        self.sent.append(
            Sent(
                request.method,
                request.url.path,
                list(request.url.params.multi_items()),
                body,
                request.headers,
                request.url.raw_path,
            )
        )
        if self.respond is not None:
            return self.respond(request, body)
        answer = self.answers.pop(0) if self.answers else httpx.Response(204)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def api():
    return FakeAPI()


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def writes():
    return []


@pytest.fixture
def make_client(api, sleeps, writes):
    def make(**options):
        defaults = {
            "base_url": "https://openapi.example.test/",
            "api_key": "secret-key-123",
            "transport": httpx.MockTransport(api),
            "sleep": sleeps.append,
            "retry": RetryPolicy(budget=60, max_attempts=4, base_delay=0.5),
            "on_write": writes.append,
        }
        defaults.update(options)
        return MeltingSpotClient(**defaults)

    return make


@pytest.fixture
def client(make_client):
    return make_client()


def page(items, total=None):
    return httpx.Response(
        200, json={"items": items, "total": len(items) if total is None else total}
    )
