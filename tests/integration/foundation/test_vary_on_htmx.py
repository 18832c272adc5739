"""Every answer says which htmx headers chose it (issue 16, item 3).

A page and its fragments share a URL: a view answers the page, or the fragment named by
`HX-Target`, depending on the request's headers. Any cache in between (the browser's
included) must then key on those headers, so every answer, plain or htmx, at every URL of
the dashboard carries `Vary: HX-Request, HX-Target` (and HX-History-Restore-Request: a
history restore gets the page). One place sets it: `PrivateResponsesMiddleware`.
"""

import pytest
from django.test import Client

from lives_admin.web.private_cache import HTMX_VARY
from tests.integration.foundation.test_every_url_checks_its_role import (
    PUBLIC,
    dashboard_patterns,
    real_objects_for,
    url_of,
)

pytestmark = pytest.mark.django_db
WANTED = {header.lower() for header in HTMX_VARY}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("name", sorted(dashboard_patterns()))
def test_every_url_varies_on_the_htmx_headers(name, django_user_model, make_user, sandbox):
    admin = django_user_model.objects.create_superuser("vary-admin", password="pw")
    teammate = make_user(None, username="vary-teammate")
    client = Client()
    if name not in PUBLIC:
        client.force_login(admin)
    headers = {
        "plain": {},
        "htmx": {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "main"},
        "history restore": {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
    }
    for kind, extra in headers.items():
        url = url_of(name, dashboard_patterns()[name], **real_objects_for(admin, teammate))
        response = client.get(url, **extra)
        assert vary(response) >= WANTED, (name, kind, response.status_code, vary(response))
