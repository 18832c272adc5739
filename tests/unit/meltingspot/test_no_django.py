"""The service package is framework-free (issue 16, item 7): importing every module of
`lives_admin.meltingspot` loads nothing from Django; its Django wiring (the client built
from the settings, the limiter stores on the caches) is in `lives_admin.upstream`."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import importlib, pkgutil, sys
import lives_admin.meltingspot as package
names = [package.__name__] + [
    f"{package.__name__}.{module.name}" for module in pkgutil.iter_modules(package.__path__)
]
for name in names:
    importlib.import_module(name)
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(len(names), loaded)
assert len(names) > 5, names
assert "django" not in sys.modules, loaded
"""


def test_every_module_of_the_service_package_imports_without_django():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no DJANGO_SETTINGS_MODULE
    ran = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
