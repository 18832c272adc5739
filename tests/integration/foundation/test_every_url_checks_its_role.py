"""Every URL of the dashboard, pages and fragments alike, checks the role it needs.

The policy is pinned here; a new URL must be added to it, or this test fails.
"""

import uuid

import pytest
from django.urls import URLPattern, get_resolver, reverse

from lives_admin.roles import Role

PUBLIC = {"home", "healthz"}
POLICY = {
    Role.VIEWER: {
        "member_search",
        "audit_list",
        "audit_export",
        "live_history_panel",
        "live_list",
        "live_detail",
        "live_groups_panel",
        "saved_view_create",  # a viewer keeps views of their own
        "saved_view_delete",
        "live_speakers_panel",
        "live_participants_panel",
        "live_participants_export",
        "job_list",
        "job_detail",
        "job_progress",
        "job_report_csv",
        "live_jobs_panel",
    },
    Role.ORGANISER: {
        "live_create",
        "live_description_preview",
        "live_edit",
        "live_duplicate",
        "live_groups_link",
        "live_groups_unlink",
        "group_search",  # the link picker's
        "live_speakers_invite",
        "live_speakers_bulk_invite",
        "live_participants_invite",
        "invite_start",
        "invite_columns",
        "invite_preview",
        "invite_preview_csv",
        "invite_invalid_rows",
        "job_pause",
        "job_resume",
        "job_cancel",
        "job_retry_failed",
    },
    Role.ADMIN: {"live_delete", "invite_many", "lives_bulk_action", "lives_bulk_groups"},
}
SAMPLE_ARGUMENTS = {
    "live_id": "live003",
    "draft_id": uuid.UUID(int=1),
    "job_id": 1,
    "view_id": 1,
    "extension": "csv",
}
BELOW = {Role.VIEWER: None, Role.ORGANISER: Role.VIEWER, Role.ADMIN: Role.ORGANISER}


def dashboard_patterns() -> dict[str, URLPattern]:
    namespace = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "lives_admin"
    )
    return {p.name: p for p in namespace.url_patterns}


def url_of(name: str, pattern: URLPattern) -> str:
    wanted = pattern.pattern.regex.groupindex
    return reverse(f"lives_admin:{name}", kwargs={k: SAMPLE_ARGUMENTS[k] for k in wanted})


def test_the_policy_names_every_url_and_matches_each_views_check():
    patterns = dashboard_patterns()
    pinned = {name: role for role, names in POLICY.items() for name in names}
    assert set(patterns) - PUBLIC == set(pinned), "a URL is missing from the policy above"
    for name, role in pinned.items():
        assert getattr(patterns[name].callback, "required_role", None) == role, name


@pytest.mark.parametrize(
    ("name", "role"), sorted((n, r) for r, names in POLICY.items() for n in names)
)
def test_the_role_below_is_refused_and_nobody_is_let_in_anonymously(
    name, role, make_user, client, sandbox
):
    url = url_of(name, dashboard_patterns()[name])
    anonymous = client.post(url, HTTP_HX_REQUEST="true")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(make_user(BELOW[role], username=f"below-{name}"))
    for request in (client.get, client.post):
        response = request(url, HTTP_HX_REQUEST="true")
        assert response.status_code in (403, 405), (name, request.__name__)
    assert client.post(url).status_code == 403
