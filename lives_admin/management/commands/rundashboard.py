"""`make run`: prepare the database, then start the dashboard, the worker and the sandbox.

The sandbox only starts when no MELTINGSPOT_API_KEY is set. honcho runs the
processes together and Ctrl-C stops them all.
"""

import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from honcho.manager import Manager

PYTHON = sys.executable


class Command(BaseCommand):
    help = "Set up and run the whole dashboard (web, job worker and, without an API key, sandbox)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("ensure_organiser")
        processes = {
            "web": f"{PYTHON} manage.py runserver 127.0.0.1:{port}",
            "worker": f"{PYTHON} manage.py jobworker",
        }
        if settings.MELTINGSPOT_SANDBOX:
            sandbox_port = settings.SANDBOX_URL.rsplit(":", 1)[-1].strip("/")
            processes["sandbox"] = f"{PYTHON} -m sandbox --port {sandbox_port}"
            self.stdout.write(
                f"No MELTINGSPOT_API_KEY: using the sandbox at {settings.SANDBOX_URL}"
            )
        else:
            self.stdout.write(f"Using the MeltingSpot API at {settings.MELTINGSPOT_API_URL}")
        self.stdout.write(f"Dashboard: http://127.0.0.1:{port}/  (Ctrl-C stops everything)")
        manager = Manager()
        for name, command in processes.items():
            manager.add_process(name, command)
        manager.loop()
        sys.exit(manager.returncode)
