"""gunicorn's settings for production: `gunicorn -c config/gunicorn.conf.py`.

Every knob comes from the environment (or the `.env` beside manage.py), like the
dashboard's own settings:

| variable | default |
| --- | --- |
| `GUNICORN_BIND` | `127.0.0.1:8000` (comma-separated for several, `unix:/run/lives.sock`) |
| `WEB_CONCURRENCY` | 2 × cores + 1, at most `GUNICORN_MAX_WORKERS` (8) |
| `GUNICORN_THREADS` | 4 threads per worker (pages mostly wait for MeltingSpot) |
| `GUNICORN_TIMEOUT` | 60 s: a worker silent for that long is restarted |
| `GUNICORN_GRACEFUL_TIMEOUT` | 30 s for requests in flight on a restart or stop |
| `GUNICORN_KEEPALIVE` | 5 s (behind a proxy that reuses connections) |
| `GUNICORN_MAX_REQUESTS` | 0 (never); a worker is replaced after that many requests, ± 10 % |
| `FORWARDED_ALLOW_IPS` | `127.0.0.1,::1`: proxies whose X-Forwarded-* headers are trusted |

With threads (the default) the workers are gthread workers: a long streaming export
keeps its thread busy while the worker still checks in, so the timeout only restarts
a worker that is really stuck.

The access log is one line per request on stdout: time, client, method, path, status,
size and duration. The query string and the Referer are left out: they carry what an
organiser typed (names, emails in filters).
"""

import multiprocessing
from pathlib import Path

import environ

env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)

wsgi_app = "config.wsgi:application"
bind = env.list("GUNICORN_BIND", default=["127.0.0.1:8000"])

_cores = multiprocessing.cpu_count()
workers = env.int(
    "WEB_CONCURRENCY",
    default=min(2 * _cores + 1, env.int("GUNICORN_MAX_WORKERS", default=8)),
)
threads = env.int("GUNICORN_THREADS", default=4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env.int("GUNICORN_TIMEOUT", default=60)
graceful_timeout = env.int("GUNICORN_GRACEFUL_TIMEOUT", default=30)
keepalive = env.int("GUNICORN_KEEPALIVE", default=5)
max_requests = env.int("GUNICORN_MAX_REQUESTS", default=0)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1,::1")

# One line per request on stdout, without the query string (%(U)s is the path alone)
# or the Referer; gunicorn's own messages go to stderr.
accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s %(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
loglevel = env.str("GUNICORN_LOG_LEVEL", default="info")
capture_output = False
proc_name = "lives-dashboard"
# One-time link tokens (welcome, password reset) are masked in both logs: the link is
# a credential until used, and its path would otherwise show in the access log.
logger_class = "lives_admin.web.log_redaction.GunicornLogger"
