"""Two requests of one browser at once: helpers for the double-submit and race tests.

Each request runs in its own thread with its own database connection (the tests using
these are transactional), so what the database allows one request it refuses the other
exactly as between two gunicorn processes.
"""

from __future__ import annotations

import re
import threading
import time

from django.db import connection
from django.test import Client

from lives_admin.web.submit_once import TOKEN_FIELD

TOKEN = re.compile(rf'name="{TOKEN_FIELD}" value="([^"]+)"')


def tokens_in(response) -> list[str]:
    """The one-time tokens of the forms in a page or fragment."""
    return TOKEN.findall(response.content.decode())


def same_browser(client: Client) -> Client:
    """Another connection of the same browser (same session cookie); a 500 is an answer."""
    other = Client(raise_request_exception=False)
    other.cookies = client.cookies
    return other


def in_threads(*calls, gap: float = 0.0) -> list:
    """Each call in its own thread, all at once (a barrier) or `gap` seconds apart."""
    answers: list = [None] * len(calls)
    start = threading.Barrier(len(calls)) if not gap else None

    def run(index, call):
        try:
            if start:
                start.wait()
            answers[index] = call()
        finally:
            connection.close()  # this thread's connection

    threads = []
    for index, call in enumerate(calls):
        thread = threading.Thread(target=run, args=(index, call))
        thread.start()
        threads.append(thread)
        if gap and index < len(calls) - 1:
            time.sleep(gap)  # how far apart the clicks are; no outcome may depend on it
    for thread in threads:
        thread.join(timeout=60)
    return answers
