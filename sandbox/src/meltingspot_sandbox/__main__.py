"""`meltingspot-sandbox [--port 8001] [--db sandbox.sqlite3] [--latency-ms 150] [--seed-only]
[--reset]` (or `python -m meltingspot_sandbox ...`)."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import fields
from pathlib import Path

from meltingspot_sandbox import demo
from meltingspot_sandbox.server import Config, Sandbox, make_server
from meltingspot_sandbox.store import Store


def _config_from_env() -> Config:
    config = Config()
    for field in fields(Config):
        raw = os.environ.get(f"SANDBOX_{field.name.upper()}")
        if raw is None:
            continue
        if field.type in ("bool", bool):
            value = raw.strip().lower() in ("1", "true", "yes", "on")
        elif field.type in ("int", int):
            value = int(raw)
        elif field.type in ("str", str):
            value = raw
        else:
            value = float(raw)
        setattr(config, field.name, value)
    return config


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="meltingspot-sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("SANDBOX_PORT", 8001)))
    parser.add_argument(
        "--db", default=os.environ.get("SANDBOX_DB_PATH", "sandbox.sqlite3"), help="SQLite file"
    )
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=None,
        help="wait this long before answering each API call (not the control endpoints); "
        "default SANDBOX_LATENCY_MS or 0",
    )
    parser.add_argument("--seed-only", action="store_true", help="seed if empty, then exit")
    parser.add_argument("--reset", action="store_true", help="bring the demo data back")
    args = parser.parse_args(argv)

    store = Store(Path(args.db))
    if args.reset or store.is_empty():
        demo.seed(store)
        print(f"Sandbox: demo data written to {args.db}", flush=True)
    if args.seed_only:
        return 0
    api_key = os.environ.get("SANDBOX_API_KEY", "sandbox-demo-key")
    config = _config_from_env()
    if args.latency_ms is not None:
        config.latency_ms = args.latency_ms
    # Host names to answer besides 127.0.0.1, localhost and [::1] (comma-separated).
    allowed_hosts = os.environ.get("SANDBOX_ALLOWED_HOSTS", "")
    sandbox = Sandbox(
        store, api_key, config, allowed_hosts=frozenset(filter(None, allowed_hosts.split(",")))
    )
    server = make_server(sandbox, args.host, args.port)
    print(f"Sandbox API on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
    return 0


def run() -> None:
    """The `meltingspot-sandbox` console script."""
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    run()
