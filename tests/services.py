"""`python -m tests.services postgres URL` / `redis URL`: can the test pass use it?

Exit 0 when the server answers (a real login or PING, not only an open port), else print
why the pass is skipped and exit 1. `make test` runs its PostgreSQL / Redis pass only on 0.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit


def _where(url: str, default_port: int) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or '127.0.0.1'}:{parts.port or default_port}"


def postgres(url: str) -> str | None:
    """None when a connection to the server's `postgres` database works, else the reason."""
    import psycopg

    server = urlsplit(url)._replace(path="/postgres", scheme="postgresql").geturl()
    try:
        with psycopg.connect(server, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def redis(url: str) -> str | None:
    import redis as redis_lib

    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis_lib.RedisError as error:
        return str(error) or type(error).__name__
    return None


CHECKS = {"postgres": (postgres, "Postgres", 5432), "redis": (redis, "Redis", 6379)}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in CHECKS:
        print(__doc__, file=sys.stderr)
        return 2
    name, url = argv
    check, label, port = CHECKS[name]
    reason = check(url)
    if reason is None:
        print(f"{label} at {_where(url, port)}: running the {label} pass", flush=True)
        return 0
    print(f"{label} not reachable at {_where(url, port)} ({reason}): skipping the {label} pass")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
