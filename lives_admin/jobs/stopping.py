"""The job worker was told to stop (SIGTERM, SIGINT): resumable background work (the
lives and member index passes) ends at its next request or retry wait, and runs again
later, instead of holding the shutdown through its backoff (systemd's TimeoutStopSec).
An invitation job finishes its batch as before: its runner decides for itself."""

from __future__ import annotations

import threading

WORKER_STOPPING = threading.Event()
