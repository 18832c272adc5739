"""The load test (issue 9): organisers at once on a real dashboard and a rate-limited sandbox.

Everything runs for real on loopback: the sandbox as its own process enforcing the
documented limit (100 requests / 10 s per key, as MeltingSpot), the dashboard under
gunicorn with several workers that share one cache for the rate limiter (Redis when it
answers, else the project's database cache), and virtual organisers, one thread and one
httpx client each, logged in through the login form with its CSRF token.

Each organiser loops over a journey until the time is up: the lives list, a filter, a
live's page and the panels a browser loads with it (at once, as htmx does), the status
tabs' counts, now and then the insights page, an edit of a live or an invitation.

What counts as an error (`LoadResult.errors`): a transport error or timeout, any status
of 400 or more (a 429 or 5xx passed through, a 403 or 404 the journey does not expect),
an unexpected status (an edit or invitation that does not succeed), and a page that shows
an API-trouble box (`panel-error`, `api-error`, `alert-error`, `message-error`): the
dashboard answers 200 with such a box when MeltingSpot fails, and that is a failure seen
by the organiser. The upstream figure comes from the sandbox's request log (arrival times),
not from the dashboard's own counters.

bench/bench_load.py prints the figures; tests/integration/load/test_load.py runs a short
version with a scaled limit.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-pw"  # noqa: S105 - throwaway users of a throwaway database
# What the dashboard shows when MeltingSpot or the dashboard itself failed the organiser.
ERROR_MARKERS = ("panel-error", "api-error", "alert-error", "message-error")
LIVE_LINK = re.compile(r'href="/lives/([A-Za-z0-9_-]+)/"')
RESERVED = frozenset({"bulk", "new", "preview", "views"})
# The live's page loads these at once (hx-trigger="load"); the tabs follow the participants.
PANELS = ("insights", "jobs", "groups", "speakers", "participants", "history")
FILTERS = (
    {"status": "Planned"},
    {"status": "Ended"},
    {"title": "community"},
    {"title": "workshop", "match": "contains"},
    {"solution": "BuiltIn"},
    {"per_page": "10"},
    {"status": "Planned", "per_page": "50"},
)


@dataclass
class LoadSettings:
    organisers: int = 20
    duration: float = 60.0  # seconds of journeys; requests in flight then finish
    workers: int = 3  # gunicorn processes
    threads: int = 8  # per process (gthread)
    limit: int = 100  # upstream requests per window, enforced by the sandbox and the limiter
    window: float = 10.0
    think: tuple[float, float] = (1.0, 4.0)  # seconds an organiser reads a page
    edit_share: float = 0.15  # of journeys that edit the live
    invite_share: float = 0.15  # of journeys that invite someone
    insights_share: float = 0.3  # of journeys that open the insights page
    timeout: float = 60.0  # one dashboard request, client side
    # What one MeltingSpot call costs (issue 18): a 4 ms sandbox makes the figures meaningless.
    sandbox_latency_ms: int = 150
    shared_reads: bool = True  # off only to test the rate limiter alone

    @classmethod
    def from_env(cls, **defaults) -> LoadSettings:
        settings = cls(**defaults)
        quick = os.environ.get("LOAD_QUICK", "").lower() in ("1", "true", "yes")
        if quick:
            settings.duration = 15.0
        for name, kind in (
            ("organisers", int),
            ("duration", float),
            ("workers", int),
            ("threads", int),
            ("sandbox_latency_ms", int),
        ):
            raw = os.environ.get(f"LOAD_{name.upper()}")
            if raw:
                setattr(settings, name, kind(raw))
        return settings


@dataclass
class LoadResult:
    settings: LoadSettings
    cache: str  # "redis" or "database"
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, every measured request
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    upstream: list[dict] = field(default_factory=list)  # the sandbox's request log
    login_seconds: float = 0.0
    own_writes: OwnWrites = field(default_factory=lambda: OwnWrites())
    server_log: str = ""  # the end of gunicorn's log, to explain errors
    being_edited: set[str] = field(default_factory=set)  # lives an organiser is editing now

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000

    @property
    def upstream_max_per_window(self) -> int:
        return sliding_window_max([e["at"] for e in self.upstream], self.settings.window)

    @property
    def upstream_statuses(self) -> Counter:
        return Counter(e["status"] for e in self.upstream)

    def figures(self) -> dict[str, float | int | str]:
        """`name: value` lines, the three the issue asks for first."""
        window = f"{self.settings.window:g}s"
        statuses = self.upstream_statuses
        figures: dict[str, float | int | str] = {
            f"load_{self.settings.organisers}_p95_ms": self.p95_ms,
            f"load_{self.settings.organisers}_errors": len(self.errors),
            f"load_upstream_max_per_{window}": self.upstream_max_per_window,
            "load_shared_cache": self.cache,
            "load_organisers": self.settings.organisers,
            "load_duration_s": self.elapsed,
            "load_gunicorn_workers": self.settings.workers,
            "load_gunicorn_threads": self.settings.threads,
            "load_requests": self.requests,
            "load_rps": self.requests / self.elapsed if self.elapsed else 0.0,
            "load_p50_ms": percentile(self.latencies, 50) * 1000,
            "load_max_ms": max(self.latencies, default=0.0) * 1000,
            "load_upstream_requests": len(self.upstream),
            "load_upstream_429": statuses.get(429, 0),
            "load_upstream_limit": self.settings.limit,
            "load_sandbox_latency_ms": self.settings.sandbox_latency_ms,
            "load_stale_after_own_write": self.own_writes.stale,
            "load_own_writes_checked": self.own_writes.checked,
        }
        for kind in sorted(self.by_kind):
            figures[f"load_p95_ms_{kind}"] = percentile(self.by_kind[kind], 95) * 1000
        return figures


class OwnWrites:
    """Counts the pages that showed a live older than their organiser's own last edit.

    Each edit gives the live a unique title. The organiser's next page of that live must
    show it, or the title of an edit someone else started after it (a later write wins).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.started: dict[str, list[tuple[int, str]]] = {}  # live → (order, title)
        self.order = 0
        self.stale = 0
        self.checked = 0
        self.examples: list[str] = []

    def starting(self, live_id: str, title: str) -> int:
        with self.lock:
            self.order += 1
            self.started.setdefault(live_id, []).append((self.order, title))
            return self.order

    def check(self, live_id: str, mine: tuple[int, str], shown: str | None) -> None:
        order, title = mine
        with self.lock:
            newer = {t for o, t in self.started.get(live_id, []) if o >= order}
            self.checked += 1
            if shown not in newer | {title}:
                self.stale += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{live_id}: showed {shown!r}, own edit {title!r}")


# The heading isolates the title (<bdi>) from the badge after it.
H1_TITLE = re.compile(r"<h1>(?:<bdi>)?(.*?)(?:</bdi>)? <span class=\"badge", re.S)
OWN_MARK = re.compile(r" \[edit [^\]]*\]$")


def page_title(html: str) -> str | None:
    found = H1_TITLE.search(html)
    return unescape(found.group(1)).strip() if found else None


def upstream_kinds(log: list[dict]) -> str:
    """The sandbox's log summed up by method, path (ids as :id) and query parameters."""
    counts = Counter(
        (
            entry["method"],
            re.sub(r"(/(?:lives|groups|spotMembers))/[^/~]+", r"\1/:id", entry["path"]),
            ",".join(sorted({str(k).split("[")[0] for k, _ in entry.get("query") or []})),
        )
        for entry in log
    )
    return "; ".join(f"{m} {p}?{q} {n}" for (m, p, q), n in counts.most_common(12))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def sliding_window_max(times: list[float], window: float) -> int:
    """The most timestamps in any half-open interval [t, t + window)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        best = max(best, end - start + 1)
    return best


# -- the stack: sandbox, database, dashboard ----------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str | None:
    """Redis for the shared cache when it answers a PING, else None."""
    url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        client.ping()
        client.close()
    except Exception:  # not installed, not running, refused: the database cache then
        return None
    return url


def _clean_env() -> dict[str, str]:
    """The caller's environment without the settings a test or a .env may have set."""
    drop = (
        "MELTINGSPOT_",
        "SANDBOX_",
        "CACHE_URL",
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "SHARED_READS",  # the test suite turns them off; the dashboard runs with them
    )
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


class Dashboard:
    """The dashboard under gunicorn on a free port, with its own SQLite database."""

    def __init__(self, workdir: Path, sandbox, settings: LoadSettings, *, cache_url: str | None):
        self.workdir = workdir
        self.settings = settings
        self.cache = "redis" if cache_url else "database"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.prefix = f"lives-load-{uuid.uuid4().hex[:12]}"
        self.cache_url = cache_url
        self.log_path = workdir / "gunicorn.log"
        self.env = {
            **_clean_env(),
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "DATABASE_URL": f"sqlite:///{workdir / 'load.sqlite3'}",
            # Hashed static files of this run's own, as a release writes them.
            "STATIC_ROOT": str(workdir / "staticfiles"),
            "CACHE_URL": cache_url or "",
            "LOAD_CACHE_PREFIX": self.prefix,
            # Sandbox mode, pointed at this run's sandbox (an empty key: never a real one).
            "MELTINGSPOT_API_KEY": "",
            "SANDBOX_URL": sandbox.url,
            "SANDBOX_API_KEY": sandbox.api_key,
            "MELTINGSPOT_API_URL": sandbox.url,
            "MELTINGSPOT_RATE_LIMIT_REQUESTS": str(settings.limit),
            "MELTINGSPOT_RATE_LIMIT_WINDOW": str(settings.window),
            "LOG_LEVEL": "WARNING",
            "SHARED_READS": "true" if settings.shared_reads else "false",
        }
        self.process: subprocess.Popen | None = None

    def _manage(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed: {done.stderr[-2000:]}")

    def prepare(self, usernames: list[str]) -> None:
        """Migrate a fresh database, collect the static files and make the organisers."""
        # Fresh: another load benchmark of the same `make bench` run used this directory.
        (self.log_path.parent / "load.sqlite3").unlink(missing_ok=True)
        self._manage("migrate", "--no-input", "-v", "0")
        self._manage("collectstatic", "--no-input", "-v", "0")
        script = (
            "from django.contrib.auth import get_user_model\n"
            "from django.contrib.auth.models import Group\n"
            "group, _ = Group.objects.get_or_create(name='organiser')\n"
            f"for name in {usernames!r}:\n"
            f"    user = get_user_model().objects.create_user(name, password={PASSWORD!r})\n"
            "    user.groups.add(group)\n"
        )
        self._manage("shell", "-c", script)

    def start(self) -> Dashboard:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.settings.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.settings.threads),
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
                # Longer than an organiser's pause: gunicorn's 2 s default closes idle
                # connections while the client may be sending on them (a ReadError that a
                # browser would retry silently; a proxy in front keeps them open too).
                "--keep-alive",
                "75",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=self.url, timeout=5) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn stopped: {self.log_tail()}")
                try:
                    if http.get("/healthz").status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s: {self.log_tail()}")

    def log_tail(self, size: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.cache_url:  # this run's keys (counters, pages) on the shared Redis
            try:
                import redis

                client = redis.Redis.from_url(self.cache_url)
                keys = list(client.scan_iter(match=f"{self.prefix}:*", count=1000))
                if keys:
                    client.delete(*keys)
                client.close()
            except Exception:  # noqa: S110 - tidying only; keys expire anyway
                pass


# -- the organisers -----------------------------------------------------------------------
class _Forms(HTMLParser):
    """The forms of a page with the values a browser would submit as they stand."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool, list] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": a.get("method", "get")}
            self._form["fields"] = []
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._select[2].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple, options = self._select
            chosen = [v for v, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self._form["fields"].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._text)
            self._form["fields"].append((self._textarea, text.removeprefix("\n")))
            self._textarea = None


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


class Organiser:
    """One virtual organiser: its own client, session and cookie jar."""

    def __init__(self, base_url: str, username: str, settings: LoadSettings, result, lock, seed):
        self.username = username
        self.settings = settings
        self.result = result
        self.lock = lock
        self.rng = random.Random(seed)
        self.http = httpx.Client(base_url=base_url, timeout=settings.timeout)
        self.panels = ThreadPoolExecutor(max_workers=len(PANELS), thread_name_prefix=username)
        self.live_ids: list[str] = []
        self.live_id: str | None = None
        self.invites = 0
        self.edits = 0
        self.own_edits: dict[str, tuple[int, str]] = {}  # live → its last edit (order, title)
        self.deadline = 0.0  # time.monotonic() when the journeys stop

    def close(self) -> None:
        self.panels.shutdown(wait=True)
        self.http.close()

    # -- measuring --------------------------------------------------------------------
    def _error(self, kind: str, text: str) -> None:
        with self.lock:
            self.result.errors.append(f"{kind}: {text}")

    def call(self, kind: str, method: str, url: str, *, expect=(200,), htmx=None, **kwargs):
        """One measured request; None when it failed (the failure is recorded)."""
        headers = dict(kwargs.pop("headers", {}))
        if htmx is not None:
            headers.update({"HX-Request": "true", "HX-Target": htmx, "HX-Trigger": htmx})
        if method == "POST":
            headers["X-CSRFToken"] = self.http.cookies.get("csrftoken", "")
            headers["Referer"] = str(self.http.base_url)
        started = time.perf_counter()
        try:
            response = self.http.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            took = time.perf_counter() - started
            self._record(kind, took)
            self._error(kind, f"{method} {url}: {type(error).__name__}")
            return None
        took = time.perf_counter() - started
        self._record(kind, took)
        if response.status_code >= 400 or response.status_code not in expect:
            self._error(kind, f"{method} {url}: status {response.status_code}")
            return None
        text = response.text
        marker = next((m for m in ERROR_MARKERS if m in text), None)
        if marker:
            self._error(kind, f"{method} {url}: the page shows {marker}")
            return None
        return response

    def _record(self, kind: str, took: float) -> None:
        with self.lock:
            self.result.latencies.append(took)
            self.result.by_kind.setdefault(kind, []).append(took)

    def think(self) -> None:
        left = self.deadline - time.monotonic()
        if left > 0:
            time.sleep(min(left, self.rng.uniform(*self.settings.think)))

    # -- the journey ------------------------------------------------------------------
    def login(self) -> None:
        page = self.http.get("/login/")
        page.raise_for_status()
        response = self.http.post(
            "/login/",
            data={
                "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
                "username": self.username,
                "password": PASSWORD,
                "next": "/lives/",
            },
            headers={"Referer": f"{self.http.base_url}login/"},
        )
        if response.status_code != 302 or "sessionid" not in self.http.cookies:
            raise RuntimeError(f"{self.username} could not log in ({response.status_code})")

    def journey(self) -> None:
        """One pass, cut short when the time is up (each step, then a pause to read)."""
        for step in (self.open_list, self.filter_list, self.open_live, self.maybe_more):
            if time.monotonic() >= self.deadline:
                return
            step()
            self.think()

    def open_list(self) -> None:
        page = self.call("list", "GET", "/lives/")
        if page is not None:
            self._remember(page.text)

    def filter_list(self) -> None:
        params = self.rng.choice(FILTERS)
        filtered = self.call("filter", "GET", "/lives/", params=params, htmx="lives-results")
        if filtered is not None:
            self._remember(filtered.text)

    def open_live(self) -> None:
        self.live_id = self.rng.choice(self.live_ids) if self.live_ids else None
        if self.live_id:
            self.live_page(self.live_id)

    def maybe_more(self) -> None:
        if self.rng.random() < self.settings.insights_share:
            self.call("insights", "GET", "/insights/")
        if not self.live_id:
            return
        roll = self.rng.random()
        if roll < self.settings.edit_share:
            self.edit(self.live_id)
        elif roll < self.settings.edit_share + self.settings.invite_share:
            self.invite(self.live_id)

    def _remember(self, html: str) -> None:
        found = [i for i in LIVE_LINK.findall(html) if i not in RESERVED]
        if found:
            self.live_ids = list(dict.fromkeys(found))

    def live_page(self, live_id: str) -> None:
        if self.checked_live_page(live_id, f"/lives/{live_id}/") is None:
            return
        # The page paints, then htmx loads its panels at once.
        futures = [
            self.panels.submit(
                self.call, "panel", "GET", f"/lives/{live_id}/{name}/", htmx=f"{name}-panel"
            )
            for name in PANELS
        ]
        participants = futures[PANELS.index("participants")].result()
        for future in futures:
            future.result()
        if participants is not None and 'id="participants-tabs"' in participants.text:
            self.call(
                "panel",
                "GET",
                f"/lives/{live_id}/participants/",
                htmx="participants-tabs",
            )

    def checked_live_page(self, live_id: str, url: str):
        """The live's page, checked against this organiser's own last edit of it."""
        page = self.call("live", "GET", url)
        if page is not None and live_id in self.own_edits:
            self.result.own_writes.check(live_id, self.own_edits[live_id], page_title(page.text))
        return page

    def own_title(self, live_id: str, title: str) -> str:
        """A title no one else gives: this organiser's n-th edit (the previous mark gone)."""
        self.edits += 1
        return f"{OWN_MARK.sub('', title)} [edit {self.username} {self.edits}]"

    def edit(self, live_id: str) -> None:
        # Two organisers saving the same live's title from forms opened at once get a 409
        # ("someone saved this live since you opened it"): the product's right answer, not
        # a failure of the load. Organisers take turns on a live, as colleagues would.
        with self.lock:
            if live_id in self.result.being_edited:
                return
            self.result.being_edited.add(live_id)
        try:
            self._edit(live_id)
        finally:
            with self.lock:
                self.result.being_edited.discard(live_id)

    def _edit(self, live_id: str) -> None:
        url = f"/lives/{live_id}/edit/"
        page = self.call("edit", "GET", url)
        if page is None:
            return
        form = next(
            (
                f
                for f in page_forms(page.text)
                if f["method"].lower() == "post" and any(n == "title" for n, _ in f["fields"])
            ),
            None,
        )
        if form is None:
            self._error("edit", f"GET {url}: no edit form")
            return
        fields: dict[str, list[str]] = {}
        for name, value in form["fields"]:  # resubmitted as they stand, but for the title
            fields.setdefault(name, []).append(value)
        title = self.own_title(live_id, fields["title"][0])
        fields["title"] = [title]
        order = self.result.own_writes.starting(live_id, title)
        saved = self.call("edit", "POST", form["action"] or url, data=fields, expect=(302,))
        if saved is not None:
            self.own_edits[live_id] = (order, title)
            self.checked_live_page(live_id, saved.headers["Location"])

    def invite(self, live_id: str) -> None:
        self.invites += 1
        email = f"{self.username}.{self.invites}.{uuid.uuid4().hex[:6]}@load.example"
        response = self.call(
            "invite",
            "POST",
            f"/lives/{live_id}/participants/invite/",
            data={"member": email, "with_email_notification": "on"},
            htmx="participants-panel",
        )
        if response is not None and "is invited" not in response.text:
            self._error("invite", f"POST invite on {live_id}: no confirmation in the panel")


def run_organisers(base_url: str, settings: LoadSettings, result: LoadResult, usernames) -> None:
    """Log every organiser in, then run their journeys until the time is up."""
    lock = threading.Lock()
    organisers = [
        Organiser(base_url, name, settings, result, lock, seed=index)
        for index, name in enumerate(usernames)
    ]
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(organisers)) as pool:
            list(pool.map(Organiser.login, organisers))
        result.login_seconds = time.perf_counter() - started
        deadline = time.monotonic() + settings.duration
        failures: list[BaseException] = []

        def loop(organiser: Organiser) -> None:
            organiser.deadline = deadline
            try:
                while time.monotonic() < deadline:
                    organiser.journey()
            except BaseException as error:  # a bug in the journey, not the dashboard
                failures.append(error)

        started = time.perf_counter()
        threads = [threading.Thread(target=loop, args=(o,), daemon=True) for o in organisers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.elapsed = time.perf_counter() - started
        if failures:
            raise failures[0]
    finally:
        for organiser in organisers:
            organiser.close()


def run_load(settings: LoadSettings, workdir: Path, *, cache_url: str | None = "auto"):
    """The whole test: sandbox, dashboard, organisers; the result with the sandbox's log."""
    from tests.sandbox_server import SandboxServer

    if cache_url == "auto":
        cache_url = redis_url()
    usernames = [f"organiser-{n:02d}" for n in range(1, settings.organisers + 1)]
    with ExitStack() as stack:
        # A key of its own: the limiter's counters (named after it) start from zero.
        sandbox = stack.enter_context(
            SandboxServer(rate_limit=True, api_key=f"load-{uuid.uuid4().hex}")
        )
        sandbox.configure(
            rate_limit=True,
            rate_limit_requests=settings.limit,
            rate_limit_window=settings.window,
            latency_ms=settings.sandbox_latency_ms,
        )
        dashboard = Dashboard(workdir, sandbox, settings, cache_url=cache_url)
        dashboard.prepare(usernames)
        stack.callback(dashboard.stop)
        dashboard.start()
        sandbox.clear_requests()
        result = LoadResult(settings=settings, cache=dashboard.cache)
        run_organisers(dashboard.url, settings, result, usernames)
        result.upstream = [e for e in sandbox.requests() if e["path"].startswith("/v1/")]
        result.server_log = dashboard.log_tail()
        return result
