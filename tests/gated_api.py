"""A real HTTP proxy in front of the sandbox that can hold chosen requests until released.

Concurrency tests use it to control the window instead of racing a clock: hold the
first request's write at the door, act while it is in flight, then let it through.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

# The answer headers the dashboard reads.
PASSED_HEADERS = ("content-type", "retry-after")


class GatedAPI:
    """`with GatedAPI(sandbox.url) as api:` point MELTINGSPOT_API_URL at `api.url`;
    `api.hold("POST", r"^/v1/lives$")`, `api.wait_for(1)` request held, `api.release()`."""

    def __init__(self, target: str):
        self.target = target
        self.held: tuple[str, re.Pattern] | None = None
        self.held_count = 0  # requests that met the hold since it was set
        self.changed = threading.Condition()
        self.gate = threading.Event()
        self.gate.set()
        self.upstream = httpx.Client(base_url=target, timeout=30)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def hold(self, method: str, path_pattern: str) -> None:
        with self.changed:
            self.held = (method.upper(), re.compile(path_pattern))
            self.held_count = 0
        self.gate.clear()

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        """Whether `count` requests are held at the door (or went through it) in time."""
        with self.changed:
            return self.changed.wait_for(lambda: self.held_count >= count, timeout)

    def release(self) -> None:
        self.held = None
        self.gate.set()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _forward(self):
                path = self.path.split("?", 1)[0]
                held = proxy.held
                if held and self.command == held[0] and held[1].search(path):
                    with proxy.changed:
                        proxy.held_count += 1
                        proxy.changed.notify_all()
                    proxy.gate.wait(timeout=60)
                length = int(self.headers.get("Content-Length") or 0)
                answer = proxy.upstream.request(
                    self.command,
                    self.path,
                    content=self.rfile.read(length) if length else None,
                    headers={
                        name: value
                        for name, value in self.headers.items()
                        if name.lower() in ("authorization", "content-type", "x-sandbox-fault")
                    },
                )
                self.send_response(answer.status_code)
                for name in PASSED_HEADERS:
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        return Handler

    def __enter__(self) -> GatedAPI:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
        self.upstream.close()
