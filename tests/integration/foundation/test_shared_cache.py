"""The shared database cache: processes counting at once never lose a count.

`make run` without CACHE_URL gives the web server and the job worker this cache, so
they count their MeltingSpot requests against one rate limit and one daily budget.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COUNT = """
import sys, django
django.setup()
from django.core.cache import caches
shared = caches["shared"]
assert type(shared).__name__ == "SharedDatabaseCache", type(shared)
shared.add("requests", 0, timeout=None)
for _ in range(int(sys.argv[1])):
    shared.incr("requests")
"""
READ = """
import django
django.setup()
from django.core.cache import caches
print(caches["shared"].get("requests"))
"""


def _env(database: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "shared-cache-test",
        "CACHE_URL": "",  # the default: no Redis, the database cache
    }
    return env


def test_three_processes_counting_at_once_lose_nothing(tmp_path):
    env = _env(tmp_path / "shared.sqlite3")
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    workers = [
        subprocess.Popen([sys.executable, "-c", COUNT, "1000"], cwd=ROOT, env=env) for _ in range(3)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    total = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, check=True, capture_output=True
    )
    assert total.stdout.decode().strip() == "3000"
