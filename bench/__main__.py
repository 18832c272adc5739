"""`make bench`: run every bench/bench_<area>.py and print its figures as `name: value`.

Each module defines `run(env) -> dict[str, float | int]`. The harness gives them a
fresh SQLite database, a sandbox server over real HTTP (rate limit off unless a
benchmark turns it on), the dashboard's client pointed at it, and a Django test
client logged in as an admin. `python -m bench lives export` runs only those areas.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BenchEnv:
    sandbox: object  # tests.sandbox_server.SandboxServer
    client: object  # django.test.Client, logged in as an admin
    user: object
    workdir: Path
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        """A remark printed after the figures (why a goal was or was not met)."""
        self.notes.append(text)


def _prepare_django(workdir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    # Timed as production runs: a DEBUG=true in the shell must not slow the pages down.
    os.environ["DEBUG"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _modules(selected: list[str]) -> list[str]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected]
    return names


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="lives-bench-") as tmp:
        workdir = Path(tmp)
        _prepare_django(workdir)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        from lives_admin.upstream import reset_client
        from tests.sandbox_server import SandboxServer

        user = get_user_model().objects.create_superuser("bench-admin", password="bench-pw")
        client = Client()
        client.force_login(user)
        failures = 0
        with SandboxServer() as sandbox:
            settings.MELTINGSPOT_API_URL = sandbox.url
            settings.MELTINGSPOT_API_KEY = sandbox.api_key
            reset_client()
            env = BenchEnv(sandbox=sandbox, client=client, user=user, workdir=workdir)
            for name in _modules(argv):
                module = importlib.import_module(f"bench.{name}")
                sandbox.reset()
                reset_client()
                try:
                    figures = module.run(env)
                except Exception as error:  # one broken benchmark must not hide the others
                    failures += 1
                    print(f"# {name} failed: {type(error).__name__}: {error}", file=sys.stderr)
                    continue
                for key, value in figures.items():
                    shown = f"{value:.3f}" if isinstance(value, float) else str(value)
                    print(f"{key}: {shown}", flush=True)
            for text in env.notes:
                print(f"# {text}")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
