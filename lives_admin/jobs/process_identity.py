"""Which process on which machine holds a piece of work, and whether it is gone.

A form's sending is held by the web process that runs it. When that process dies (a
killed gunicorn worker), a repeat of the form should learn it at once rather than after
a long timeout. On the same machine a process is known gone when its pid no longer runs,
or runs a younger process (pids are reused): Linux's /proc tells both. Elsewhere nothing
is known, and the caller falls back on its timeout.
"""

from __future__ import annotations

import os
import socket
from functools import cache
from pathlib import Path


def _start_ticks(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/<pid>/stat field 22)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    return stat.rsplit(")", 1)[-1].split()[19]


@cache
def _host() -> str:
    return socket.gethostname()


def current() -> str:
    """`host:pid:start` of this process (`start` empty where /proc does not exist)."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_ticks(pid) or ''}"


def is_gone(identity: str) -> bool:
    """True only when this machine can tell that process is no longer running."""
    parts = identity.rsplit(":", 2)
    if len(parts) != 3:
        return False
    host, pid, start = parts
    if host != _host() or not start or not pid.isdigit():
        return False
    return _start_ticks(int(pid)) != start
