"""Every URL of the dashboard, pages and fragments alike, checks the role it needs.

The policy is pinned here; a new URL must be added to it, or this test fails. For every
URL, every role below the one it needs is refused (403) and every role at or above it is
let in, for GET and POST, plain and htmx: a fragment called directly obeys the same rule.
"""

import itertools
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.models import InviteDraft, JobKind, SavedView
from lives_admin.team.roles import Role

# team_welcome: the token in the link is the credential (a password-reset link).
# set_language and javascript_catalog: the login page is in the reader's language too.
PUBLIC = {"home", "healthz", "team_welcome", "set_language", "javascript_catalog"}
POLICY = {
    Role.VIEWER: {
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
        "live_participants_tabs",
        "live_participants_export",
        "job_list",
        "job_detail",
        "job_progress",
        "job_report_csv",
        "live_jobs_panel",
        "insight_list",
        "insight_detail",
        "insight_progress",
        "insight_segment",
        "insight_segment_csv",
        "live_insights_panel",
        "preferences",  # everyone on the team picks their own timezone
        "password_change",  # and changes their own password
    },
    Role.ORGANISER: {
        "live_create",
        "live_description_preview",
        "live_edit",
        "live_duplicate",
        "live_groups_link",
        "live_groups_link_count",
        "live_groups_unlink",
        "group_search",  # the link picker's
        "member_search",  # the host, speaker and invite pickers' (each API call counts)
        "live_speakers_invite",
        "live_speakers_bulk_invite",
        "live_participants_invite",
        "invite_start",
        "invite_columns",
        "invite_preview",
        "invite_preview_csv",
        "invite_invalid_rows",
        "invite_live_search",  # the other-live picker's
        "job_pause",
        "job_resume",
        "job_cancel",
        "job_retry_failed",
        "insight_create",
        "insight_refresh",
        "insight_segment_invite",
    },
    Role.ADMIN: {
        "live_delete",
        "invite_many",
        "lives_bulk_action",
        "lives_bulk_groups",
        "team_list",
        "team_invite",
        "team_member_role",
        "team_member_active",
        "team_member_link",
        "team_member_reset",  # a password-reset link for a teammate
    },
}
SAMPLE_ARGUMENTS = {
    "live_id": "live003",
    "draft_id": uuid.UUID(int=1),
    "job_id": 1,
    "view_id": 1,
    "extension": "csv",
    "snapshot_id": 1,
    "segment": "repeat-attendees",
    "member_id": 1,
    "uidb64": "MQ",
    "token": "set-password",
}
# Who asks: nobody's role (a logged-in account in no role group), each role, a superuser.
SUPERUSER = "superuser"
ASKERS = (None, Role.VIEWER, Role.ORGANISER, Role.ADMIN, SUPERUSER)


def dashboard_patterns() -> dict[str, URLPattern]:
    namespace = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "lives_admin"
    )
    return {p.name: p for p in namespace.url_patterns}


def url_of(name: str, pattern: URLPattern, **arguments) -> str:
    wanted = pattern.pattern.regex.groupindex
    values = {**SAMPLE_ARGUMENTS, **arguments}
    return reverse(f"lives_admin:{name}", kwargs={k: values[k] for k in wanted})


def test_the_policy_names_every_url_and_matches_each_views_check():
    patterns = dashboard_patterns()
    pinned = {name: role for role, names in POLICY.items() for name in names}
    assert set(patterns) - PUBLIC == set(pinned), "a URL is missing from the policy above"
    for name, role in pinned.items():
        assert getattr(patterns[name].callback, "required_role", None) == role, name


def is_allowed(asker, needed: Role) -> bool:
    return asker == SUPERUSER or (asker is not None and asker >= needed)


def account_for(asker, django_user_model, make_user):
    if asker == SUPERUSER:
        return django_user_model.objects.create_superuser("matrix-superuser", password="pw")
    return make_user(asker, username=f"matrix-{asker.group_name if asker else 'nobody'}")


def real_objects_for(user, teammate) -> dict:
    """What the URL's arguments name, made real and the asker's own (drafts and saved views
    are their owner's), so a let-in request runs the view for real, not into a 404."""
    live_id = SAMPLE_ARGUMENTS["live_id"]
    job = start_job(
        InvitePlan(
            kind=JobKind.INVITE_PARTICIPANTS,
            live_ids=(live_id,),
            people=(Person(email="matrix@example.org"),),
            live_titles={live_id: "Matrix live"},
            source_label="Pasted list (1 entry)",
        ),
        user,
    )
    draft = InviteDraft.objects.create(
        created_by=user, live_ids=[live_id], payload={"titles": {live_id: "Matrix live"}}
    )
    view = SavedView.objects.create(owner=user, name=f"view {uuid.uuid4()}", query_string="q=a")
    return {"job_id": job.pk, "draft_id": draft.pk, "view_id": view.pk, "member_id": teammate.pk}


@pytest.mark.parametrize(
    ("name", "needed"), sorted((n, r) for r, names in POLICY.items() for n in names)
)
def test_each_role_below_is_refused_and_each_role_at_or_above_is_let_in(
    name, needed, make_user, django_user_model, sandbox
):
    pattern = dashboard_patterns()[name]
    anonymous = Client()
    assert anonymous.post(url_of(name, pattern))["Location"].startswith("/login/"), "anonymous"
    # htmx: the browser is sent to the login page (HX-Redirect), not a panel swapped with it.
    htmx = anonymous.post(url_of(name, pattern), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith("/login/"), "anonymous htmx"
    teammate = make_user(Role.VIEWER, username="matrix-teammate")
    teammate.set_unusable_password()  # an invited teammate: every team action applies
    teammate.save()
    for asker in ASKERS:
        client = Client()
        user = account_for(asker, django_user_model, make_user)
        client.force_login(user)
        for method, htmx in itertools.product(("get", "post"), (False, True)):
            # Fresh objects for each request: a POST may have deleted the last ones.
            url = url_of(name, pattern, **real_objects_for(user, teammate))
            headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            status = getattr(client, method)(url, **headers).status_code
            where = (name, asker, method, "htmx" if htmx else "plain", status)
            if is_allowed(asker, needed):
                assert status != 403 and status < 500, where
            else:
                assert status == 403, where
