"""What every answer says to the browser, the cookies, and `check --deploy` in production."""

import os
import secrets
import shlex
import string
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

pytestmark = pytest.mark.django_db
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def policy(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in parts}


@pytest.mark.parametrize("url", ["/login/", "/lives/", "/lives/live003/", "/healthz"])
def test_every_answer_carries_the_security_headers(url, admin_user_client, sandbox):
    response = (Client() if url == "/login/" else admin_user_client).get(url)
    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == policy(CSP)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_htmx_fragments_and_error_pages_carry_them_too(admin_user_client, sandbox):
    fragment = admin_user_client.get(
        "/lives/live003/groups/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="groups-panel"
    )
    missing = admin_user_client.get("/lives/no-such-live/")
    for response in (fragment, missing, Client().get("/nowhere/")):
        assert policy(response["Content-Security-Policy"]) == policy(CSP)
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_request_for_an_unknown_host_is_refused_with_the_headers_too():
    """CommonMiddleware refuses the Host before any view: the 400 still carries them."""
    refused = Client().get("/login/", HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert policy(refused["Content-Security-Policy"]) == policy(CSP)
    assert refused["X-Frame-Options"] == "DENY"
    assert refused["X-Content-Type-Options"] == "nosniff"


def test_the_base_page_turns_off_htmx_inline_styles_and_eval():
    html = Client().get("/login/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_the_session_and_csrf_cookies_are_http_only(make_user):
    make_user(None, username="bob")
    client = Client()
    client.get("/login/")
    response = client.post("/login/", {"username": "bob", "password": "pw-for-tests"})
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    csrf = (
        client.get("/lives/").cookies.get(django_settings.CSRF_COOKIE_NAME)
        or client.cookies[django_settings.CSRF_COOKIE_NAME]
    )
    assert csrf["httponly"]


def test_htmx_sends_the_csrf_token_from_the_page(admin_user_client, sandbox):
    """With an HttpOnly cookie, no script reads the token: the page hands it to htmx."""
    html = admin_user_client.get("/lives/").content.decode()
    assert '<body hx-headers=\'{"X-CSRFToken": "' in html
    token = html.split('"X-CSRFToken": "', 1)[1].split('"', 1)[0]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = admin_user_client.cookies
    view = strict.post(
        "/lives/views/",
        {"name": "csrf check", "query_string": "q=a"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert view.status_code != 403
    refused = strict.post("/lives/views/", {"name": "no token"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403


def documented_production_env() -> dict[str, str]:
    """The `export` lines of the README's Production recipe: what people will follow."""
    readme = (Path(django_settings.BASE_DIR) / "README.md").read_text()
    recipe = readme.split("\n## Production\n", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    env = {}
    for line in recipe.splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] == ["export"]:
            env.update(word.split("=", 1) for word in words[1:])
    return env


def production_env(**changes) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^*-_=+"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ENV_FILE": "",  # a developer's .env (DEBUG=true from `make run`) is not production
        **documented_production_env(),
        # The recipe's "…" is a secret of your own; its servers are not needed here.
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        # A file of this process's own: parallel workers and runs never share it.
        "DATABASE_URL": f"sqlite:///{tempfile.gettempdir()}/lives-admin-check-deploy-{os.getpid()}.sqlite3",
        "CACHE_URL": "",  # the shared cache in the database instead of Redis
    }
    env.update(changes)
    return env


def run_settings(code: str, **changes) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=django_settings.BASE_DIR,
        env=production_env(**changes),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_readme_recipe_sets_the_https_settings():
    documented = documented_production_env()
    assert documented["ALLOWED_HOSTS"] == "lives.example.org"
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER"):
        assert documented[name] == "true", name
    assert documented["SECURE_HSTS_SECONDS"] == "31536000"


@pytest.mark.slow  # starts Django processes
def test_check_deploy_finds_nothing_with_the_documented_production_env():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.slow  # starts Django processes
def test_production_defaults_secure_the_cookies_and_debug_relaxes_them():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS)"
    )
    assert run_settings(code).split() == [
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "31536000",
    ]
    local = run_settings(
        code.replace(", s.SECURE_PROXY_SSL_HEADER", ""),
        DEBUG="true",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="false",
    )
    assert local.split() == ["False", "False", "True", "True", "0"]


def test_https_redirect_spares_only_the_health_probe(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    redirected = client.get("/login/")
    assert redirected.status_code == 301 and redirected["Location"] == "https://testserver/login/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/login/", secure=True).status_code == 200


@pytest.mark.slow  # starts Django processes
def test_the_env_file_is_read_unless_env_file_says_otherwise(tmp_path):
    # `make run` writes DEBUG=true into .env; production and the tests must not take it.
    dot_env = tmp_path / "lives.env"
    dot_env.write_text("DEBUG=true\nALLOWED_HOSTS=from-the-file.example\n")
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"
    assert run_settings(code, ENV_FILE=str(dot_env)).split() == [
        "True",
        "['lives.example.org']",  # the environment wins over the file
    ]
    assert run_settings(code, ENV_FILE="").split() == ["False", "['lives.example.org']"]
