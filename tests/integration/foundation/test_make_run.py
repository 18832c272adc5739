"""`make run` as a first-time organiser sees it: `manage.py rundashboard` for real (honcho,
runserver, the job worker, the sandbox), on a port of its own and a fresh database.

The first-run password scrolled away under the start-up logs, and the message named
port 8000 whatever --port said: once the servers answer, where to log in is said again,
with the right port, and no log line is printed twice.
"""

import contextlib
import os
import queue
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

# Starts real processes: left out of `make test-fast`.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
READY = "The dashboard is ready"
# "17:30:32 web     | 2026-12-07 17:30:32,631 INFO …": honcho's prefix, then the line.
PROCESS_LINE = re.compile(r"^\d\d:\d\d:\d\d (\w+)\s*\| (?:\d{4}-\d\d-\d\d [\d:,]+ )?(.*)$")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def make_run(tmp_path):
    """Starts rundashboard; yields (port, a queue of its output lines); stops it all."""
    port, sandbox_port = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MELTINGSPOT_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MELTINGSPOT_API_KEY": "",  # the sandbox, whatever a local .env says
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SANDBOX_URL": f"http://127.0.0.1:{sandbox_port}",
        "SANDBOX_DB_PATH": str(tmp_path / "sandbox.sqlite3"),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rundashboard", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C for the whole group, as a terminal sends it
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    try:
        yield port, lines
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _read_until_ready(lines: queue.Queue, timeout: float = 90) -> list[str]:
    seen, deadline = [], time.monotonic() + timeout
    while not any(READY in line for line in seen):
        left = deadline - time.monotonic()
        assert left > 0, "no ready banner:\n" + "".join(seen)
        with contextlib.suppress(queue.Empty):
            seen.append(lines.get(timeout=left))
    for _ in range(3):  # the banner's own lines
        seen.append(lines.get(timeout=5))
    return seen


def test_the_login_is_said_again_once_the_servers_answer_on_the_right_port(make_run):
    port, lines = make_run
    output = _read_until_ready(lines)
    url = f"http://127.0.0.1:{port}/"
    # The banner is only printed once the dashboard answers: it does, at once.
    assert httpx.get(f"{url}healthz", timeout=2, trust_env=False).status_code == 200
    text = "".join(output)
    first, banner = text.split(READY)
    assert f"First account created. Log in at {url} with" in first
    assert "8000" not in text.replace(str(port), "")
    password = re.search(r"password: (\S+)", first)[1]
    assert f"Log in at {url} with\n  username: organiser\n  password: {password}\n" in banner
    started = next(i for i, line in enumerate(output) if f"development server at {url}" in line)
    assert started < next(i for i, line in enumerate(output) if READY in line)


def test_no_start_up_line_is_printed_twice(make_run):
    _, lines = make_run
    output = _read_until_ready(lines)
    said = Counter(
        (match[1], match[2])
        for match in map(PROCESS_LINE.match, output)
        if match and match[2].strip() and match[1] != "system"
    )
    assert [line for line, count in said.items() if count > 1] == []
    assert (
        said[("web", "INFO django.utils.autoreload Watching for file changes with StatReloader")]
        == 1
    )
