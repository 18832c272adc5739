import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _compiled_catalogues():
    """The French catalogues must be compiled (`make install`, or manage.py compilemessages)."""
    for domain in ("django", "djangojs"):
        po_file = settings.LOCALE_PATHS[0] / "fr" / "LC_MESSAGES" / f"{domain}.po"
        mo_file = po_file.with_suffix(".mo")
        assert mo_file.exists() and mo_file.stat().st_mtime >= po_file.stat().st_mtime, (
            f"{mo_file} is missing or older than its .po: run manage.py compilemessages"
        )
    yield
    translation.activate(settings.LANGUAGE_CODE)
