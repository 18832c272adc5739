"""The sandbox is a package of its own: it imports nothing from the dashboard, and it runs
alone, in a fresh virtualenv with nothing else on the path."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

import httpx
import pytest

from tests.sandbox_server import SANDBOX_SOURCE, _free_port

PACKAGE = SANDBOX_SOURCE / "meltingspot_sandbox"
KEY = "isolated-key"


def imported_modules(path: Path) -> set[str]:
    """The top-level names every import statement of the file reaches for."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.partition(".")[0])
    return names


def test_no_sandbox_module_imports_the_dashboard_or_anything_but_the_standard_library():
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 8
    for module in modules:
        outside = imported_modules(module) - set(sys.stdlib_module_names) - {"meltingspot_sandbox"}
        assert not outside, f"{module.name} imports {sorted(outside)}"
        assert not imported_modules(module) & {"lives_admin", "config", "django", "tests"}


def wait_for_lives(url: str, process: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the sandbox stopped: {process.stderr.read().decode()}")
        try:
            return httpx.get(f"{url}/v1/lives", headers={"Authorization": KEY}, timeout=10)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the sandbox did not answer within 60 s")


def run_until_it_answers(command: list[str], tmp_path: Path, **popen) -> dict:
    port = _free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port), "--db", str(tmp_path / "alone.sqlite3")],
        env={"SANDBOX_API_KEY": KEY, "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        lives = wait_for_lives(url, process)
        assert httpx.get(f"{url}/v1/lives", timeout=10).status_code == 401
        control = httpx.get(f"{url}/__sandbox__/requests", headers={"Authorization": KEY})
        assert control.status_code == 200
        return {"lives": lives, "control_s": control.elapsed.total_seconds()}
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_the_package_alone_runs_in_a_fresh_virtualenv_without_the_dashboard(tmp_path):
    """Only the package's own directory on the path, in a virtualenv that has no Django."""
    bare = tmp_path / "venv"
    venv.create(bare, with_pip=False)
    alone = tmp_path / "alone"
    shutil.copytree(PACKAGE, alone / "meltingspot_sandbox")
    python = str(bare / "bin" / "python")
    no_django = subprocess.run([python, "-I", "-c", "import django"], capture_output=True)
    assert no_django.returncode != 0

    start = (
        f"import sys; sys.path.insert(0, {str(alone)!r}); "
        "from meltingspot_sandbox.__main__ import run; run()"
    )
    answered = run_until_it_answers([python, "-I", "-c", start], tmp_path, cwd=tmp_path)

    assert answered["lives"].status_code == 200
    assert answered["lives"].json()["total"] >= 60  # the demo data, seeded on first start


def pypi_reachable() -> bool:
    try:
        return httpx.head("https://pypi.org/simple/setuptools/", timeout=5).status_code < 500
    except httpx.HTTPError:
        return False


@pytest.mark.slow
def test_pip_builds_the_package_and_its_console_script_starts_it_with_a_latency(tmp_path):
    """What `pip install -r requirements.txt` does on a fresh machine: build sandbox/ with
    setuptools (fetched by pip's build isolation) and install `meltingspot-sandbox`."""
    if not pypi_reachable():
        pytest.skip("PyPI is not reachable: pip cannot fetch setuptools to build the package")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    source = tmp_path / "source"
    shutil.copytree(SANDBOX_SOURCE.parent, source, ignore=shutil.ignore_patterns("*.egg-info"))
    subprocess.run(
        [fresh / "bin" / "pip", "install", "--quiet", "--no-deps", str(source)],
        check=True,
        capture_output=True,
    )

    command = [str(fresh / "bin" / "meltingspot-sandbox"), "--latency-ms", "400"]
    answered = run_until_it_answers(command, tmp_path, cwd=tmp_path)

    assert answered["lives"].status_code == 200
    assert answered["lives"].elapsed.total_seconds() >= 0.4
    assert answered["control_s"] < 0.4  # a control call does not wait
