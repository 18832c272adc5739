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


def _free_port_pair() -> int:
    """A free port whose next port is free too: the dashboard's and the sandbox's."""
    while True:
        port = _free_port()
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port + 1))
            return port


def _environment(tmp_path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MELTINGSPOT_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MELTINGSPOT_API_KEY": "",  # the sandbox, whatever a local .env says
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SANDBOX_DB_PATH": str(tmp_path / "sandbox.sqlite3"),
        "PYTHONUNBUFFERED": "1",
    }


def _start(port: int, tmp_path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "rundashboard", "--port", str(port)],
        cwd=ROOT,
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C for the whole group, as a terminal sends it
    )


@pytest.fixture
def make_run(tmp_path):
    """Starts rundashboard; yields (port, a queue of its output lines); stops it all."""
    port = _free_port_pair()
    process = _start(port, tmp_path)
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


def _log_in(url: str, password: str) -> httpx.Client:
    browser = httpx.Client(base_url=url, timeout=10, trust_env=False)
    login = browser.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    answer = browser.post(
        "/login/",
        data={"username": "organiser", "password": password, "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302, answer.text[:500]
    return browser


def test_the_sandbox_takes_the_port_after_the_dashboards_and_the_dashboard_uses_it(make_run):
    port, lines = make_run
    text = "".join(_read_until_ready(lines))
    sandbox_url = f"http://127.0.0.1:{port + 1}"
    assert f"using the sandbox at {sandbox_url}" in text
    assert "8001" not in text.replace(str(port), "").replace(str(port + 1), "")
    assert answers_at(sandbox_url)
    password = re.search(r"password: (\S+)", text)[1]
    browser = _log_in(f"http://127.0.0.1:{port}", password)
    try:
        lives = browser.get("/lives/")
    finally:
        browser.close()
    assert lives.status_code == 200
    assert "Onboarding webinar" in lives.text  # the sandbox's demo data, read through it


def answers_at(url: str) -> bool:
    try:
        httpx.get(url, timeout=2, trust_env=False)
    except httpx.TransportError:
        return False
    return True


@pytest.mark.parametrize("taken", ["dashboard", "sandbox"])
def test_a_busy_port_stops_with_one_clear_line_naming_it(tmp_path, taken):
    port = _free_port_pair()
    busy = port if taken == "dashboard" else port + 1
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", busy))
        holder.listen()
        process = _start(port, tmp_path)
        try:
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert process.returncode != 0
    assert f"Port {busy} is already in use" in output
    assert "--port" in output  # how to choose another
    assert "Traceback" not in output
    assert "Errno" not in output
    assert "development server" not in output  # nothing was started


@pytest.mark.parametrize("port", [0, -1, 65535, 70000])
def test_a_port_outside_the_range_stops_with_one_clear_line(tmp_path, port):
    """Found from the outside: 65535 gave a traceback (the sandbox would need 65536) and 0
    printed addresses nobody listened on."""
    process = _start(port, tmp_path)
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode != 0
    assert "between 1024 and 65534" in output
    assert "Traceback" not in output
    assert "development server" not in output  # nothing was started
