"""HTTP for the sandbox: the key check, rate limit, fault injection; routes in `routes.py`."""

from __future__ import annotations

import html
import itertools
import json
import math
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from meltingspot_sandbox import routes
from meltingspot_sandbox.api import Api, NotFound, Reply, TooLarge
from meltingspot_sandbox.store import Store
from meltingspot_sandbox.validation import Invalid


@dataclass
class Config:
    """What tests and benchmarks may change at run time (POST /__sandbox__/config)."""

    rate_limit: bool = True
    rate_limit_requests: int = 100
    rate_limit_window: float = 10.0
    daily_limit: int = 50_000
    max_bulk_items: int = 100
    latency_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    slow_ms: int = 0
    slow_rate: float = 0.0
    # Injected errors and slow answers hit only these methods ("POST,PUT"); empty: all.
    fault_methods: str = ""
    # Of the requests those methods match, the first `fault_after` go through untouched
    # and only the next `fault_count` meet the faults (0: all the rest). The count starts
    # again at each change of the config, so "fail the second batch" is after=1, count=1.
    fault_after: int = 0
    fault_count: int = 0
    # What an injected fault answers: "json" (the API's error object), "html" (a proxy's
    # page), "text", or "truncated" (JSON cut short). With `error_status` 200 it stands in
    # for a proxy's login page or a cut connection where the API's answer was expected.
    fault_body: str = "json"
    # The injected fault quotes the request's Authorization header, as some upstream errors
    # do: in its body (raw and URL-encoded) and in an `X-Echo-Authorization` header.
    fault_echo_authorization: bool = False


class RateLimiter:
    """Fixed windows per key, as a client would meet them on the real API (docs/api.md, D9)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.windows: dict[tuple[str, int], int] = {}
        self.days: dict[tuple[str, str], int] = {}

    def check(self, key: str, config: Config) -> float | None:
        """None when allowed, else the seconds to wait."""
        now = time.time()
        slot = int(now // config.rate_limit_window)
        day = time.strftime("%Y%m%d", time.gmtime(now))
        with self.lock:
            if self.days.get((key, day), 0) >= config.daily_limit:
                return 86_400 - now % 86_400
            used = self.windows.get((key, slot), 0)
            if used >= config.rate_limit_requests:
                return (slot + 1) * config.rate_limit_window - now
            self.windows = {k: c for k, c in self.windows.items() if k[1] >= slot - 1}
            self.windows[(key, slot)] = used + 1
            self.days[(key, day)] = self.days.get((key, day), 0) + 1
        return None

    def clear(self) -> None:
        with self.lock:
            self.windows.clear()
            self.days.clear()


# Names a browser on this machine uses for the sandbox. Any other Host header is a page
# elsewhere that rebound its own name to 127.0.0.1 (DNS rebinding): refused.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str | None) -> str | None:
    """The name in a Host header, without its port, lower-cased ("[::1]:8001" → "::1")."""
    value = (header or "").strip().lower()
    if not value:
        return None
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not re.fullmatch(r":\d{1,5}", rest)):
            return None
        return name
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return None
    return name.rstrip(".")


class Sandbox:
    """Everything one sandbox process holds: store, API, limiter, config, request log."""

    def __init__(
        self, store: Store, api_key: str, config: Config, *, allowed_hosts: frozenset = frozenset()
    ):
        self.store = store
        # Host names answered besides loopback's (SANDBOX_ALLOWED_HOSTS).
        self.allowed_hosts = LOOPBACK_HOSTS | {h.strip().lower() for h in allowed_hosts}
        self.api_key = api_key
        self.config = config
        self.initial_config = Config(**vars(config))  # what a reset goes back to
        self.api = Api(store, max_bulk_items=lambda: self.config.max_bulk_items)
        self.limiter = RateLimiter()
        self.fault_lock = threading.Lock()
        self.fault_candidates = 0  # requests the fault methods matched since the last config
        # Long enough for a load test's minutes at the documented limit, 429s included.
        self.log: deque[dict] = deque(maxlen=50_000)
        # The API requests taken in and not answered yet (held by latency or a slow
        # fault), by arrival: a test can tell a request reached the sandbox before the
        # log has it. A reset or a cleared log forgets the ones held until then.
        self.held: dict[int, dict] = {}
        self.held_lock = threading.Lock()
        self.arrivals = itertools.count()

    def host_allowed(self, header: str | None) -> bool:
        return host_name(header) in self.allowed_hosts

    def authorised(self, header: str | None) -> bool:
        if not header:
            return False
        value = header.strip()
        if value.lower().startswith("bearer "):
            value = value[7:].strip()
        return value == self.api_key

    def dispatch(self, method: str, path: str, query: dict, body) -> Reply:
        """Answer one request through the route table (API and control endpoints alike)."""
        route, params, status = routes.resolve(method, path)
        if route is None:
            return Reply(status, _error(status, f"Cannot {method} {path}"))
        if body is _BAD_JSON:
            return Reply(400, _error(400, "The body is not valid JSON"))
        try:
            return route.handler(routes.Call(self, params, query, body))
        except Invalid as error:
            message = error.messages if len(error.messages) > 1 else error.messages[0]
            return Reply(400, _error(400, message))
        except NotFound as error:
            return Reply(404, _error(404, str(error)))
        except TooLarge as error:
            return Reply(413, _error(413, str(error)))

    def meets_faults(self, method: str) -> bool:
        """Whether the configured faults (error_rate, slow_rate) apply to this request:
        its method is one of `fault_methods`, and it falls in the after/count window."""
        config = self.config
        methods = {m.strip().upper() for m in config.fault_methods.split(",") if m.strip()}
        if methods and method not in methods:
            return False
        with self.fault_lock:
            self.fault_candidates += 1
            turn = self.fault_candidates
        if turn <= config.fault_after:
            return False
        return not config.fault_count or turn <= config.fault_after + config.fault_count


_BAD_JSON = object()


@dataclass(frozen=True)
class RawBody:
    """An answer that is not the API's JSON (an injected fault's HTML or plain text)."""

    content: bytes
    content_type: str


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _error(status: int, message) -> dict:
    return {"statusCode": status, "message": message, "error": _phrase(status)}


def injected_fault(status: int, config: Config, authorization: str) -> tuple[Reply, dict]:
    """The answer of an injected fault, in the shape `config.fault_body` names."""
    headers = {}
    if status == 429:
        # An injected 429 says when to come back, as the real limiter does.
        headers["Retry-After"] = str(math.ceil(config.rate_limit_window))
    echo = ""
    if config.fault_echo_authorization:
        # As a careless upstream quotes it: as received, and URL-encoded.
        echo = f" (Authorization: {authorization}; encoded: {quote(authorization, safe='')})"
        headers["X-Echo-Authorization"] = authorization
    message = f"Injected fault{echo}"
    if config.fault_body == "html":
        page = (
            f"<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
            f"<h1>{_phrase(status)}</h1><form method='post'><input name='password'></form>"
            f"<p>{message}</p><p>{html.escape(authorization) if echo else ''}</p></body></html>"
        )
        return Reply(status, RawBody(page.encode(), "text/html; charset=utf-8")), headers
    if config.fault_body == "text":
        return Reply(status, RawBody(message.encode(), "text/plain; charset=utf-8")), headers
    if config.fault_body == "truncated":
        whole = json.dumps({"items": [_error(status, message)], "total": 1}).encode()
        return Reply(status, RawBody(whole[: len(whole) // 2], "application/json")), headers
    return Reply(status, _error(status, message)), headers


def parse_fault_header(value: str | None) -> dict:
    """`X-Sandbox-Fault: error=503; latency=200; error-rate=0.5; slow=2000`."""
    faults: dict = {}
    for part in (value or "").replace(",", ";").split(";"):
        name, _, raw = part.strip().partition("=")
        try:
            if name == "error":
                faults["error"] = int(raw)
            elif name == "latency":
                faults["latency_ms"] = int(raw)
            elif name == "error-rate":
                faults["error_rate"] = float(raw)
            elif name == "slow":
                faults["slow_ms"] = int(raw)
        except ValueError:
            continue
    return faults


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client reuses connections
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed ACK hold the body back ~40 ms on every kept-alive request.
    disable_nagle_algorithm = True
    sandbox: Sandbox

    def log_message(self, *args):
        pass

    def _handle(self):
        sandbox = self.sandbox
        if not sandbox.host_allowed(self.headers.get("Host")):
            message = "This Host is not allowed: the sandbox answers on 127.0.0.1 and localhost"
            return self._reply_and_close(Reply(400, _error(400, message)))
        try:
            self._handle_allowed(sandbox)
        except Exception:  # a bug answers 500: it never drops the connection unanswered
            self._reply_and_close(Reply(500, _error(500, "The sandbox failed on this request")))

    def _reply_and_close(self, reply: Reply):
        """Answer, then close: the request's body (if any) was not read."""
        self.close_connection = True
        self._reply(reply, {"Connection": "close"})

    def _handle_allowed(self, sandbox: Sandbox):
        received = time.time()
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return self._reply_and_close(Reply(400, _error(400, "Content-Length is not a number")))
        raw = self.rfile.read(length) if length else b""
        body = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = _BAD_JSON
        if not sandbox.authorised(self.headers.get("Authorization")):
            return self._reply(Reply(401, _error(401, "Unauthorized")))
        if path.startswith(routes.CONTROL_PREFIX):  # no latency, faults, limit or log
            return self._reply(sandbox.dispatch(self.command, path, query, body))
        turn = next(sandbox.arrivals)
        with sandbox.held_lock:
            sandbox.held[turn] = {"method": self.command, "path": path, "at": received}
        try:
            reply, headers = self._api_reply(path, query, body)
        finally:
            with sandbox.held_lock:
                sandbox.held.pop(turn, None)
        sandbox.log.append(
            {
                "method": self.command,
                "path": path,
                "query": parse_qsl(url.query, keep_blank_values=True),
                "body": None if body is _BAD_JSON else body,
                "status": reply.status,
                "at": received,  # Unix time the request arrived (rate-limit checks)
                # page, job, insights, export: the dashboard's priority (tells jobs apart)
                "request_class": self.headers.get("X-Request-Class", ""),
            }
        )
        self._reply(reply, headers)

    def _api_reply(self, path, query, body) -> tuple[Reply, dict]:
        sandbox, config = self.sandbox, self.sandbox.config
        faults = parse_fault_header(self.headers.get("X-Sandbox-Fault"))
        faulty = sandbox.meets_faults(self.command)
        latency = faults.get("latency_ms", config.latency_ms)
        if faulty and config.slow_rate and random.random() < config.slow_rate:
            latency += config.slow_ms
        latency += faults.get("slow_ms", 0)
        if latency:
            time.sleep(latency / 1000)
        if config.rate_limit:
            wait = sandbox.limiter.check(sandbox.api_key, config)
            if wait is not None:
                retry_after = max(1, math.ceil(wait))
                return Reply(429, _error(429, "Too Many Requests")), {
                    "Retry-After": str(retry_after)
                }
        forced = faults.get("error")
        rate = faults.get("error_rate", config.error_rate if faulty else 0.0)
        if forced or (rate and random.random() < rate):
            status = forced or config.error_status
            return injected_fault(status, config, self.headers.get("Authorization") or "")
        with sandbox.store.lock:
            return sandbox.dispatch(self.command, path, query, body), {}

    def _reply(self, reply: Reply, headers: dict | None = None):
        content_type = "application/json; charset=utf-8"
        if isinstance(reply.body, RawBody):
            payload, content_type = reply.body.content, reply.body.content_type
        elif reply.body is None or reply.status == 204:
            payload = b""
        else:
            payload = json.dumps(reply.body).encode()
        self.send_response(reply.status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(sandbox: Sandbox, host: str, port: int) -> SandboxHTTPServer:
    handler = type("BoundHandler", (Handler,), {"sandbox": sandbox})
    return SandboxHTTPServer((host, port), handler)
