"""`make run`: prepare the database, then start the dashboard, the worker and the sandbox.

The sandbox only starts when no MELTINGSPOT_API_KEY is set; it takes the port after the
dashboard's (so `--port 8200` gives 8200 and 8201, and two copies run side by side) and
the web and the worker are told to reach it there. A taken port stops the start with one
line saying which and how to choose another, before anything is started. honcho runs the
processes together and Ctrl-C stops them all. Once the dashboard answers, where to log
in is said again: the first-run password has scrolled away under the start-up logs.
"""

import os
import socket
import sys
import threading

import httpx
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from honcho.manager import Manager

from lives_admin.management.commands.ensure_organiser import create_first_account, login_lines

PYTHON = sys.executable
USERNAME = "organiser"


def answers(url: str) -> bool:
    """Whether a server answers at `url` at all (an error status is still an answer)."""
    try:
        httpx.get(url, timeout=1, trust_env=False)  # 127.0.0.1, never through a proxy
    except httpx.TransportError:
        return False
    return True


def say_when_ready(urls, banner: str, write, stop: threading.Event, every: float = 0.5):
    """Write `banner` once every server in `urls` answers (or never, if `stop` is set)."""
    for url in urls:
        while not answers(url):
            if stop.wait(every):
                return
    write(banner)


def port_is_free(port: int) -> bool:
    """Whether a server could listen on 127.0.0.1:`port` now. Like the servers themselves
    (SO_REUSEADDR), a port holding only TIME-WAIT sockets, as right after a stop, is free."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# Unprivileged ports, with one left after the dashboard's for the sandbox.
LOWEST_PORT, HIGHEST_PORT = 1024, 65534


class Command(BaseCommand):
    help = "Set up and run the whole dashboard (web, job worker and, without an API key, sandbox)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        if not LOWEST_PORT <= port <= HIGHEST_PORT:
            # 0 would let the system pick one we could not name; 65535 leaves none after it.
            raise CommandError(
                f"Port {port} cannot be used: choose a port between {LOWEST_PORT} and "
                f"{HIGHEST_PORT} (the sandbox takes the one after it), e.g. "
                "`make run PORT=8200`."
            )
        url = f"http://127.0.0.1:{port}/"
        sandbox_url = f"http://127.0.0.1:{port + 1}" if settings.MELTINGSPOT_SANDBOX else None
        self._check_ports_are_free(port, sandbox=sandbox_url is not None)
        call_command("migrate", interactive=False, verbosity=0)
        password = create_first_account(USERNAME)
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    "\nFirst account created. " + login_lines(url, USERNAME, password)
                )
            )
        processes = {
            "web": f"{PYTHON} manage.py runserver 127.0.0.1:{port}",
            "worker": f"{PYTHON} manage.py jobworker",
        }
        servers = [f"{url}healthz"]
        environment = dict(os.environ)
        if sandbox_url:
            processes["sandbox"] = f"{PYTHON} -m meltingspot_sandbox --port {port + 1}"
            servers.append(sandbox_url)
            # The web and the worker read these at start: the sandbox this start runs.
            environment.update(SANDBOX_URL=sandbox_url, MELTINGSPOT_API_URL=sandbox_url)
            self.stdout.write(f"No MELTINGSPOT_API_KEY: using the sandbox at {sandbox_url}")
        else:
            self.stdout.write(f"Using the MeltingSpot API at {settings.MELTINGSPOT_API_URL}")
        self.stdout.write(f"Dashboard: {url}  (Ctrl-C stops everything)")
        stop = threading.Event()
        threading.Thread(
            target=say_when_ready,
            args=(servers, self._ready_banner(url, password), self.stdout.write, stop),
            daemon=True,
        ).start()
        manager = Manager()
        for name, command in processes.items():
            manager.add_process(name, command, env=environment)
        manager.loop()
        stop.set()
        sys.exit(manager.returncode)

    def _check_ports_are_free(self, port: int, *, sandbox: bool) -> None:
        needed = {port: "the dashboard"}
        if sandbox:
            needed[port + 1] = "the sandbox (the port after the dashboard's)"
        for taken, user in needed.items():
            if not port_is_free(taken):
                raise CommandError(
                    f"Port {taken} is already in use, needed by {user}. Choose another "
                    f"port: `manage.py rundashboard --port {port + 10}` "
                    f"(or `make run PORT={port + 10}`)."
                )

    def _ready_banner(self, url: str, password: str | None) -> str:
        if password:
            how = login_lines(url, USERNAME, password) + (
                "(created on this first run: keep the password somewhere safe)\n"
            )
        else:
            how = (
                f"Log in at {url} with your account. A forgotten password:\n"
                f"  {PYTHON} manage.py changepassword <username>\n"
            )
        return self.style.SUCCESS(f"\n=== The dashboard is ready. {how}")
