"""Run the sandbox as a real process for tests and benchmarks, and talk to its control API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Run from the checkout's source (`-m` puts the working directory first on the path), so
# the tests exercise this tree's sandbox whatever version the venv has installed.
SANDBOX_SOURCE = ROOT / "sandbox" / "src"
TEST_KEY = "sandbox-test-key"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SandboxServer:
    """`with SandboxServer() as sandbox:` — a sandbox on a free port with its own database.

    `latency_ms=150`: every API call waits that long before its answer, from the start and
    after each `reset()` (control calls never wait): an upstream as slow as the real one."""

    def __init__(self, *, rate_limit: bool = False, api_key: str = TEST_KEY, latency_ms: int = 0):
        self.api_key = api_key
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._tmp = tempfile.TemporaryDirectory(prefix="sandbox-")
        self.db_path = Path(self._tmp.name) / "sandbox.sqlite3"
        self._env = {
            **os.environ,
            "SANDBOX_API_KEY": api_key,
            "SANDBOX_RATE_LIMIT": "true" if rate_limit else "false",
        }
        self.latency_ms = latency_ms
        self.process: subprocess.Popen | None = None
        self.http = httpx.Client(base_url=self.url, headers={"Authorization": api_key}, timeout=30)

    def start(self) -> SandboxServer:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "meltingspot_sandbox",
                "--port",
                str(self.port),
                "--db",
                str(self.db_path),
                "--latency-ms",
                str(self.latency_ms),
            ],
            cwd=SANDBOX_SOURCE,
            env=self._env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The sandbox stopped: {self.process.stderr.read().decode()}")
            try:
                if self.http.get("/__sandbox__/requests").status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("The sandbox did not start within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def restart(self) -> None:
        """Stop and start on the same port and database (persistence checks)."""
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self.http.close()
        self._tmp.cleanup()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- control API --------------------------------------------------------------------
    def reset(self) -> None:
        self.http.post("/__sandbox__/reset").raise_for_status()

    def emails(self, live_id: str) -> dict[str, int]:
        response = self.http.get("/__sandbox__/emails", params={"liveId": live_id})
        response.raise_for_status()
        return response.json()

    def requests(self) -> list[dict]:
        """The API requests received since the last clear: method, path, query, body, status, at."""
        return self.http.get("/__sandbox__/requests").json()

    def held_requests(self) -> list[dict]:
        """The API requests taken in and not answered yet (held by latency or a slow
        fault): method, path, at. The log has them once answered."""
        return self.http.get("/__sandbox__/held-requests").json()

    def clear_requests(self) -> None:
        self.http.delete("/__sandbox__/requests").raise_for_status()

    def configure(self, **settings) -> dict:
        """rate_limit, rate_limit_requests, rate_limit_window, daily_limit, max_bulk_items,
        latency_ms, error_rate, error_status, slow_ms, slow_rate, fault_methods, fault_after,
        fault_count, fault_body, fault_echo_authorization."""
        response = self.http.post("/__sandbox__/config", json=settings)
        response.raise_for_status()
        return response.json()

    def add_fake_participants(self, live_id: str, count: int) -> None:
        response = self.http.post(
            f"/__sandbox__/lives/{live_id}/fake-participants", json={"count": count}
        )
        response.raise_for_status()

    def add_fake_members(self, count: int) -> None:
        """`count` more Spot members (extraNNNNNNN@big-spot.example, accented names,
        registration dates spread over years, newer than any earlier batch's): a big Spot.
        100,000 take a few seconds."""
        response = self.http.post("/__sandbox__/fake-members", json={"count": count}, timeout=120)
        response.raise_for_status()

    def register_member(self, email: str, firstname: str = "", lastname: str = "") -> dict:
        """A Spot member who registers now (a sandbox control, not the API)."""
        response = self.http.post(
            "/__sandbox__/members",
            json={"email": email, "firstname": firstname, "lastname": lastname},
        )
        response.raise_for_status()
        return response.json()

    def remove_member(self, member_id: str) -> None:
        """The member leaves the Spot upstream (gone from every list, live and group)."""
        self.http.delete(f"/__sandbox__/members/{member_id}").raise_for_status()

    def add_fake_lives(self, count: int) -> list[str]:
        """`count` more lives (fakeNNNNNN, accented titles, two years back to one ahead,
        varied metrics), in one transaction; their ids."""
        response = self.http.post("/__sandbox__/fake-lives", json={"count": count}, timeout=120)
        response.raise_for_status()
        return response.json()["ids"]

    def store_description_nodes(self, live_id: str, nodes: list) -> None:
        """A rich-text description kept as is (the API's own writes send markdown)."""
        response = self.http.post(f"/__sandbox__/lives/{live_id}/description-nodes", json=nodes)
        response.raise_for_status()

    def add_lives(self, count: int, title: str = "Extra live") -> None:
        """`count` more lives (an hour each, years ahead), through the API itself."""
        host = self.get("/v1/spotMembers", limit=1).json()["items"][0]["id"]
        for number in range(count):
            created = self.http.post(
                "/v1/lives",
                json={
                    "title": f"{title} {number}",
                    "spotMemberHostId": host,
                    "startDate": 1893456000 + number * 3600,
                    "endDate": 1893459600 + number * 3600,
                    "solution": "NoSolution",
                },
            )
            created.raise_for_status()

    def get(self, path: str, **params):
        return self.http.get(path, params=params)


@pytest.fixture(scope="session")
def sandbox_server():
    with SandboxServer() as server:
        yield server
