"""The committed catalogues, read as sets of messages, and a fresh makemessages to compare."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
# What makemessages reads: the code and templates users see, not the tests or the tools.
IGNORED = [".venv", "node_modules", "tests", "bench", "sandbox", "staticfiles", "artifacts"]


def entries(po_file: Path) -> list[dict[str, str]]:
    """Every entry but the header, as {"msgid": …, "msgstr[0]": …}; obsolete (#~) left out."""
    found = []
    for block in po_file.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        field = None
        for line in block.splitlines():
            keyword, _, text = line.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]", "msgstr[1]"):
                field = keyword
                fields[field] = ast.literal_eval(text)
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
        if fields.get("msgid"):
            found.append(fields)
    return found


def messages(po_file: Path) -> set[tuple[str, str, str]]:
    """Every entry as (msgctxt, msgid, msgid_plural): what makemessages finds in the code."""
    return {
        (entry.get("msgctxt", ""), entry["msgid"], entry.get("msgid_plural", ""))
        for entry in entries(po_file)
    }


def fresh_catalogue(tmp_path: Path, language: str = "fr", domain: str = "django") -> Path:
    """makemessages run on a copy of the project: what the committed catalogue should hold."""
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT,
        tree,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            *IGNORED, "locale", ".git", "__pycache__", "*.sqlite3*", ".env"
        ),
    )
    (tree / "locale").mkdir()
    command = [sys.executable, "manage.py", "makemessages", "-l", language, "-d", domain]
    command += [f"--ignore={name}" for name in IGNORED]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "makemessages-only",
        "ENV_FILE": "",
    }
    subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True, text=True)
    return tree / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
