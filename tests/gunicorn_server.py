"""The dashboard under gunicorn (config/gunicorn.conf.py) on a free port, for the tests that
need the production server for real: one way to start it, wait for it and stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Waits on gunicorn answering, not a fixed sleep: generous, since a loaded machine (the
# suite under `-n 8` on 2 CPUs) can take many seconds to import Django in each worker.
STARTS_WITHIN = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environ() -> dict[str, str]:
    """This process's environment without its gunicorn and Django settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "DJANGO_"))}


@dataclass(frozen=True)
class Gunicorn:
    url: str
    out: Path  # its stdout (the access log)
    err: Path  # its stderr (the error log: boots, worker pids)

    def logs(self) -> str:
        return self.out.read_text() + self.err.read_text()


@contextlib.contextmanager
def running_gunicorn(
    env: dict[str, str], logs: Path, *, ready: str = "/login/"
) -> Iterator[Gunicorn]:
    """gunicorn with `env` (GUNICORN_BIND is set here), once `ready` answers 200; stopped
    (terminated, killed if it lingers) when the block ends, its logs left in `logs`."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    out, err = logs / "gunicorn.out", logs / "gunicorn.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    running = Gunicorn(f"http://127.0.0.1:{port}", out, err)
    try:
        _wait_until_it_answers(server, running, ready)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _wait_until_it_answers(server: subprocess.Popen, running: Gunicorn, ready: str) -> None:
    deadline = time.monotonic() + STARTS_WITHIN
    while True:
        assert server.poll() is None, running.err.read_text()
        try:
            if httpx.get(f"{running.url}{ready}", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"gunicorn did not answer within {STARTS_WITHIN} s"
        time.sleep(0.1)
