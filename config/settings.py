"""Settings of the Lives dashboard.

Every knob comes from the environment (or a `.env` file beside manage.py)
through django-environ; nothing else in the project reads `os.environ`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The .env beside manage.py (`make run` writes it); ENV_FILE names another file, and an
# empty ENV_FILE reads none: the tests set it so a developer's .env never changes them.
_env_file = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if _env_file:
    environ.Env.read_env(_env_file, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# `make run` writes a generated SECRET_KEY into .env on first start.
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for the project's form renderer
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "lives_admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware: answers made further down (CommonMiddleware's 400
    # for a bad Host, static files) carry the CSP and X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every layer that reads the database: a read whose database connection was
    # cut part-way runs again on a fresh one; a form gets a 503 that says whether anything
    # was saved (not a bare 500). Outer layers still add the security headers.
    "lives_admin.web.lost_connection.LostDatabaseConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's Accept-Language picks French or English (else English); no URL prefix.
    "django.middleware.locale.LocaleMiddleware",
    # Answers to a logged-in person: `Cache-Control: private, no-store` and `Vary` on the
    # htmx headers (inside WhiteNoise, so static files keep their own caching).
    "lives_admin.web.private_cache.PrivateResponsesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads request.user: a deactivated account's session is logged out
    # here (its password changed with the deactivation, and Django would otherwise end
    # the session silently); AccountSessionMiddleware below says why.
    "lives_admin.team.sessions.DeactivatedAccountMiddleware",
    # The language saved in Preferences wins over the cookie and Accept-Language.
    "lives_admin.i18n.middleware.PreferredLanguageMiddleware",
    # Every view needs a login unless marked @login_not_required (login, healthz, the
    # team's welcome link); an htmx request is sent to the login page with HX-Redirect.
    "lives_admin.web.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends when its account is deactivated or after SESSION_IDLE_TIMEOUT idle;
    # after MessageMiddleware (it says why), before the views' login checks.
    "lives_admin.team.sessions.AccountSessionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # `?refresh=1` reads MeltingSpot anew; notes how fresh the data of the page is.
    "lives_admin.upstream.freshness.ReadFreshnessMiddleware",
    "lives_admin.web.middleware.MethodNotAllowedMiddleware",
    "lives_admin.web.middleware.OrganiserTimezoneMiddleware",
    "lives_admin.web.middleware.AuditActorMiddleware",
    "lives_admin.web.middleware.MeltingSpotErrorMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% partialdef %} everywhere without a {% load %} in each template.
            "builtins": [
                "template_partials.templatetags.partials",
                "lives_admin.templatetags.moments",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lives_admin.web.context_processors.dashboard",
            ],
        },
    },
]

# Form fields render through the project's field template (label, help, errors).
FORM_RENDERER = "lives_admin.forms.rendering.FormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the job worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": env.cache_url_config(CACHE_URL or "locmemcache://lives-admin"),
    # What every process must agree on (the API rate limit and daily budget): the
    # same Redis as above when CACHE_URL is set, else a table in the database.
    "shared": env.cache_url_config(CACHE_URL)
    if CACHE_URL
    else {
        "BACKEND": "lives_admin.upstream.cache_backends.SharedDatabaseCache",
        "LOCATION": "lives_admin_shared_cache",
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "lives_admin:live_list"
LOGOUT_REDIRECT_URL = "login"
# Team invitations: the set-your-password link is emailed as well as shown to the admin.
# By default the "email" is printed on the console, e.g. EMAIL_URL=smtp+tls://user:pw@host:587
# With DEBUG off the console is refused at start-up (lives_admin/checks.py): links in logs.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="lives-dashboard@localhost")
# One address gets at most one welcome/reset link mail a minute, and this many a day.
TEAM_LINK_MAIL_INTERVAL = env.int("TEAM_LINK_MAIL_INTERVAL", default=60)
TEAM_LINK_MAILS_PER_DAY = env.int("TEAM_LINK_MAILS_PER_DAY", default=5)
# A session unused this long (seconds) ends; sessions are still capped at SESSION_COOKIE_AGE.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=8 * 3600)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
# The catalogues (`make install` compiles them: compilemessages).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them from STATIC_ROOT with hashed, compressed names
# when DEBUG is off; `manage.py collectstatic --noinput` writes them there first.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# htmx sends the token from the page (hx-headers on <body>), so no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
# Django's own CSRF page has inline styles the CSP blocks, and is a full page for htmx.
CSRF_FAILURE_VIEW = "lives_admin.views.errors.csrf_failure"
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS: behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true (it must set
# X-Forwarded-Proto and strip the client's own), then SECURE_SSL_REDIRECT and HSTS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The healthz probe comes over plain HTTP from inside (a load balancer, `make run`).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A strict policy: no inline script or style anywhere, no eval (htmx's allowEval is off).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair waits AXES_COOLOFF_MINUTES (a success resets).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lives_admin.team.login_throttle.lockout_response"
# The address is REMOTE_ADDR: behind a proxy every client shares the proxy's, so the
# lock then holds per username (X-Forwarded-For is not trusted: a client can forge it).

# --- MeltingSpot -----------------------------------------------------------
# With no key, the dashboard runs against the built-in sandbox (meltingspot-sandbox).
SANDBOX_URL = env.str("SANDBOX_URL", default="http://127.0.0.1:8001")
SANDBOX_API_KEY = env.str("SANDBOX_API_KEY", default="sandbox-demo-key")
_real_key = env.str("MELTINGSPOT_API_KEY", default="")
MELTINGSPOT_SANDBOX = not _real_key
MELTINGSPOT_API_KEY = _real_key or SANDBOX_API_KEY
MELTINGSPOT_API_URL = env.str(
    "MELTINGSPOT_API_URL",
    default=SANDBOX_URL if MELTINGSPOT_SANDBOX else "https://openapi.meltingspot.io",
).rstrip("/")
# docs/api.md, D1: "raw" sends the key as is, "bearer" sends "Bearer <key>".
MELTINGSPOT_AUTH_SCHEME = env.str("MELTINGSPOT_AUTH_SCHEME", default="raw")
MELTINGSPOT_TIMEOUT = env.float("MELTINGSPOT_TIMEOUT", default=10.0)
MELTINGSPOT_CONNECT_TIMEOUT = env.float("MELTINGSPOT_CONNECT_TIMEOUT", default=3.0)
# Retry budget (seconds) of one interactive request; jobs get a longer one.
MELTINGSPOT_INTERACTIVE_RETRY_BUDGET = env.float(
    "MELTINGSPOT_INTERACTIVE_RETRY_BUDGET", default=8.0
)
MELTINGSPOT_JOB_RETRY_BUDGET = env.float("MELTINGSPOT_JOB_RETRY_BUDGET", default=300.0)
# docs/api.md, D9: the documented limits, shared by every process through the cache.
MELTINGSPOT_RATE_LIMIT_REQUESTS = env.int("MELTINGSPOT_RATE_LIMIT_REQUESTS", default=100)
MELTINGSPOT_RATE_LIMIT_WINDOW = env.float("MELTINGSPOT_RATE_LIMIT_WINDOW", default=10.0)
MELTINGSPOT_DAILY_LIMIT = env.int("MELTINGSPOT_DAILY_LIMIT", default=50_000)
# docs/api.md, D9, a fair budget: background work's guaranteed share of the window, the
# most it fills alone, and the most of the day one person spends.
MELTINGSPOT_BACKGROUND_SHARE = env.float("MELTINGSPOT_BACKGROUND_SHARE", default=0.5)
MELTINGSPOT_BACKGROUND_CEILING = env.float("MELTINGSPOT_BACKGROUND_CEILING", default=0.8)
MELTINGSPOT_DAILY_PER_PERSON = env.int(
    "MELTINGSPOT_DAILY_PER_PERSON", default=max(1, MELTINGSPOT_DAILY_LIMIT // 5)
)
# Fair between people inside the window (lives_admin/meltingspot/person_share.py): while
# anyone else uses the key, one person's requests hold at most this share of its places
# (40 of 100 per 10 s): three exports by one viewer stream slower, others' pages go
# through. Alone, a person may use the whole key; bulk jobs keep the background share
# above instead. 1 turns the cap off.
MELTINGSPOT_PERSON_WINDOW_SHARE = env.float("MELTINGSPOT_PERSON_WINDOW_SHARE", default=0.4)
# The window slides; each request holds its place until `window` (and this margin) after
# its answer. MeltingSpot counts a request before it answers, so none is needed.
MELTINGSPOT_RATE_LIMIT_MARGIN = env.float("MELTINGSPOT_RATE_LIMIT_MARGIN", default=0.0)
# docs/api.md, D10: bulk calls start at this many items and split on 413.
MELTINGSPOT_BULK_BATCH_SIZE = env.int("MELTINGSPOT_BULK_BATCH_SIZE", default=100)
# A job sends this many batches at once (lives_admin/invites/lanes.py): one at a time,
# a round trip each, it could not use the share of the key the limiter keeps for it.
MELTINGSPOT_JOB_LANES = env.int("MELTINGSPOT_JOB_LANES", default=3)
# What a running job writes is read anew by pages at most this often (and at its end):
# at each batch, the lives list and the job's live would never be served from the cache.
MELTINGSPOT_JOB_INVALIDATE_EVERY = env.float("MELTINGSPOT_JOB_INVALIDATE_EVERY", default=5.0)
# A running job whose worker has not checked in for this long is resumed by another.
# A runner beats every 2 s, and one batch may retry for the whole job retry budget:
# lives_admin/jobs/liveness.py never lets the delay be shorter than that budget and a margin.
JOB_STALE_SECONDS = env.float("JOB_STALE_SECONDS", default=MELTINGSPOT_JOB_RETRY_BUDGET + 60)
# The lives index (lives_admin/lives/index.py): sorting and accent-free title search for
# Spots of up to this many lives; the worker refreshes it every REFRESH seconds and the
# list stops reading it when its last full pass is older than STALE seconds.
LIVES_INDEX_MAX_LIVES = env.int("LIVES_INDEX_MAX_LIVES", default=5_000)
LIVES_INDEX_REFRESH_SECONDS = env.int("LIVES_INDEX_REFRESH_SECONDS", default=300)
LIVES_INDEX_STALE_SECONDS = env.int("LIVES_INDEX_STALE_SECONDS", default=3_600)
# Whether `manage.py jobworker` keeps it fresh (the test suite's workers leave it alone).
LIVES_INDEX_WORKER = env.bool("LIVES_INDEX_WORKER", default=True)
# Issue 18: MeltingSpot reads shared by every process through the `shared` cache, each
# kind for its lifetime (lives_admin/upstream/read_kinds.py); our writes invalidate them.
SHARED_READS = env.bool("SHARED_READS", default=True)
# The Spot's own timezone, shown beside the organiser's when they differ.
MELTINGSPOT_SPOT_TIMEZONE = env.str("MELTINGSPOT_SPOT_TIMEZONE", default="Europe/Paris")
# The member index (lives_admin/people/member_index/): a picker in use queues a sync when the
# index is older than MEMBER_INDEX_SYNC_SECONDS; a full pass (departures, renames) comes
# every MEMBER_INDEX_FULL_PASS_SECONDS; older than MEMBER_INDEX_MAX_AGE_SECONDS (a worker
# down), the pickers ask the API again.
MEMBER_INDEX_SYNC_SECONDS = env.int("MEMBER_INDEX_SYNC_SECONDS", default=120)
MEMBER_INDEX_FULL_PASS_SECONDS = env.int("MEMBER_INDEX_FULL_PASS_SECONDS", default=6 * 3600)
MEMBER_INDEX_MAX_AGE_SECONDS = env.int("MEMBER_INDEX_MAX_AGE_SECONDS", default=24 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # One-time link tokens (welcome, password reset) are masked in every line.
    "filters": {"one_time_links": {"()": "lives_admin.web.log_redaction.RedactOneTimeLinks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["one_time_links"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # Django's own console handler printed each of its lines a second time (the
        # root handler above prints them already).
        "django": {"handlers": []},
        # Said by every process, and twice by those the autoreloader runs: noise.
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Production and scale-out ----------------------------------------------
# (gunicorn's own settings are in config/gunicorn.conf.py; README "Production".)
# Database connections: kept open between requests on PostgreSQL (and checked before
# reuse, so a restarted server costs one reconnect rather than an error).
_sqlite = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _sqlite else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=not _sqlite)

# Redis (CACHE_URL=redis://…): one key prefix for this dashboard, so several apps (or
# test runs) can share a server, and short socket timeouts so an outage is an error
# within a second, not a hung page. The page cache (`default`) shrugs the outage off
# (reads miss, writes are skipped, a warning is logged); the shared cache does not: the
# rate limiter then refuses to call MeltingSpot, saying why (a clear error, not 429s).
if CACHE_URL and CACHES["shared"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    _redis_options = {
        "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=1.0),
        "socket_timeout": env.float("REDIS_TIMEOUT", default=1.0),
        "health_check_interval": 30,
    }
    for _alias, _backend in (
        ("default", "lives_admin.upstream.cache_backends.BestEffortRedisCache"),
        ("shared", "django.core.cache.backends.redis.RedisCache"),
    ):
        CACHES[_alias]["BACKEND"] = _backend
        CACHES[_alias]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="lives-admin")
        CACHES[_alias]["OPTIONS"] = {**_redis_options, **CACHES[_alias].get("OPTIONS", {})}
