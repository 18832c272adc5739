"""Every user-facing text written in Python goes through gettext.

An AST scan of lives_admin (not migrations, not meltingspot/, which is framework-free):
a plain str literal or f-string given as a flash message, a form field's label or
help_text, a form.add_error message or a ValidationError message fails the test.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lives_admin"
SKIPPED_DIRS = {"migrations", "meltingspot"}

FLASH_LEVELS = {"success", "error", "info", "warning", "debug"}

# (path relative to the repo, literal) pairs that are not text for a person: keep short.
ALLOWED: set[tuple[str, str]] = set()


def _python_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        if SKIPPED_DIRS.isdisjoint(path.relative_to(PACKAGE).parts):
            yield path


def _plain(node) -> bool:
    """A bare literal: not wrapped in _() or any call."""
    return (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
    ) or isinstance(node, ast.JoinedStr)


def _callee(call: ast.Call) -> tuple[str, str]:
    """(owner, name) of the called function: messages.success -> ("messages", "success")."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return owner, func.attr
    if isinstance(func, ast.Name):
        return "", func.id
    return "", ""


def _user_texts(call: ast.Call):
    """The argument nodes of this call that a person will read."""
    owner, name = _callee(call)
    args = call.args
    if owner == "messages" and name in FLASH_LEVELS and len(args) >= 2:
        yield args[1]
    if owner == "messages" and name == "add_message" and len(args) >= 3:
        yield args[2]
    if name == "add_error" and len(args) >= 2:
        yield args[1]
    if name == "ValidationError" and args:
        yield args[0]
    for keyword in call.keywords:
        if keyword.arg in ("label", "help_text"):
            yield keyword.value
        if keyword.arg == "message" and (owner == "messages" or name == "ValidationError"):
            yield keyword.value


def unmarked_texts(path: Path) -> list[str]:
    relative = str(path.relative_to(ROOT))
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=relative)):
        if not isinstance(node, ast.Call):
            continue
        for text in _user_texts(node):
            if _plain(text):
                literal = repr(text.value) if isinstance(text, ast.Constant) else ast.unparse(text)
                if (relative, literal) not in ALLOWED:
                    found.append(f"{relative}:{text.lineno}: {literal}")
    return found


def test_the_scan_sees_the_package():
    assert len(list(_python_files())) >= 50


def test_the_scan_catches_each_kind_of_unmarked_text(tmp_path):
    sample = PACKAGE / "_scan_sample.py"
    source = (
        "messages.success(request, 'Saved')\n"
        "messages.add_message(request, 20, f'Hi {name}')\n"
        "form.add_error('title', 'Too long')\n"
        "raise ValidationError('Bad')\n"
        "forms.CharField(label='Title', help_text=_('ok'))\n"
        "messages.info(request, _('Marked'))\n"
    )
    sample.write_text(source)
    try:
        found = unmarked_texts(sample)
    finally:
        sample.unlink()
    assert [line.split(": ", 1)[1] for line in found] == [
        "'Saved'",
        "f'Hi {name}'",
        "'Too long'",
        "'Bad'",
        "'Title'",
    ]


def test_no_python_text_left_unmarked():
    found = [line for path in _python_files() for line in unmarked_texts(path)]
    assert not found, "Not marked for translation:\n" + "\n".join(found)
