"""Outside review: a non-id in the dashboard's own URLs reached the views.

`GET /lives/%2E%2E/history/`, `/lives/<bad id>/insights/` and `/jobs/` answered 200 with
an empty panel, `…/participants/export.csv` redirected to `/lives/`, and `live001.` (a
trailing dot) was sent to MeltingSpot. The README promises a 404, as for an item that does
not exist. Every URL pattern that takes a MeltingSpot id (found here by walking the URL
configuration, so a new one is covered without being listed) is fed each hostile id: each
answers 404, for GET and POST, and nothing reaches the sandbox.
"""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from lives_admin.meltingspot import is_id
from lives_admin.web.url_converters import MeltingSpotIdConverter

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PLACEHOLDER = "live003"
# As they appear in a URL (the path is percent-decoded before routing).
HOSTILE_IDS = [
    "%2E%2E",
    "..",
    "%2E",
    "live001%0D%0AX:1",
    "live001%0A",
    "live001%3F",
    "live001%23",
    "live001%00",
    "live001.",
    ".live001",
    "live%20001",
    "live001%5C",
    "%EF%BD%8C%EF%BD%89%EF%BD%96%EF%BD%85",  # fullwidth "ｌｉｖｅ"
    "x" * 129,
]
# Ids that are the dashboard's own (database keys, uuids), checked by their own converters.
OWN_IDS = {"draft_id", "job_id", "view_id", "snapshot_id", "member_id"}
SAMPLE = {"draft_id": "00000000-0000-0000-0000-000000000001", "extension": "csv"}


def dashboard_patterns() -> dict[str, URLPattern]:
    namespace = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "lives_admin"
    )
    return {p.name: p for p in namespace.url_patterns}


def id_arguments(pattern: URLPattern) -> list[str]:
    """The MeltingSpot ids the URL takes: every `…_id` argument but our own."""
    return [a for a in pattern.pattern.regex.groupindex if a.endswith("_id") and a not in OWN_IDS]


def patterns_with_ids() -> list[tuple[str, URLPattern]]:
    return sorted((n, p) for n, p in dashboard_patterns().items() if id_arguments(p))


def test_every_meltingspot_id_in_a_url_goes_through_the_id_converter():
    for name, pattern in patterns_with_ids():
        converters = pattern.pattern.converters
        for argument in id_arguments(pattern):
            assert isinstance(converters.get(argument), MeltingSpotIdConverter), (name, argument)


def url_with(name: str, pattern: URLPattern, raw_id: str) -> str:
    ids = id_arguments(pattern)
    kwargs = {k: SAMPLE.get(k, PLACEHOLDER) for k in pattern.pattern.regex.groupindex}
    url = reverse(f"lives_admin:{name}", kwargs=kwargs)
    assert url.count(f"/{PLACEHOLDER}/") == len(ids), url
    return url.replace(f"/{PLACEHOLDER}/", f"/{raw_id}/")


@pytest.mark.parametrize("raw_id", HOSTILE_IDS)
@pytest.mark.parametrize("name", [name for name, _ in patterns_with_ids()])
def test_a_non_id_in_a_url_is_a_404_and_nothing_is_sent(name, raw_id, admin_user_client, sandbox):
    url = url_with(name, dashboard_patterns()[name], raw_id)
    sandbox.clear_requests()
    for method, headers in (("get", {}), ("get", HTMX), ("post", {}), ("post", HTMX)):
        response = getattr(admin_user_client, method)(url, **headers)
        assert response.status_code == 404, (method, url, response.status_code)
    assert sandbox.requests() == []


def test_the_same_urls_with_a_real_id_still_answer(admin_user_client, sandbox):
    for name, pattern in patterns_with_ids():
        response = admin_user_client.get(url_with(name, pattern, PLACEHOLDER))
        assert response.status_code != 404, name


@pytest.mark.parametrize("value", ["live001.", ".live001", "a.", "."])
def test_the_api_client_gate_refuses_a_leading_or_trailing_dot(value):
    assert not is_id(value)
