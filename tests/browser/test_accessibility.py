"""Accessibility, measured: axe-core on every page an organiser uses, with real content
(a live's panels loaded, an invite preview after a paste, a finished job, insights over
a few lives), at 1440 px and, for the lives list and a live's page, at 390 px. Any
serious or critical WCAG 2.1 A/AA violation fails, listed by rule, impact and element."""

import re

import pytest

from lives_admin.invites.jobs import start_job
from lives_admin.invites.plan import InvitePlan, Person
from lives_admin.invites.runner import JobRunner
from lives_admin.models import AuditEntry, InsightLive, InviteJob, JobKind, SavedView
from lives_admin.team.roles import Role
from lives_admin.upstream import get_client
from tests.browser.axe import AxeAudit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LIVE = "live003"  # a past live with a host, speakers and participants of every status
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def axe():
    return AxeAudit()


@pytest.fixture
def finished_job(sandbox, browser_user):
    """An invitation job run to its end (audit entries included), as the worker would."""
    people = tuple(Person(email=f"a11y.guest{i}@example.org") for i in range(3))
    plan = InvitePlan(
        kind=JobKind.INVITE_PARTICIPANTS,
        live_ids=(LIVE,),
        people=people,
        live_titles={LIVE: get_client().lives.retrieve(LIVE).title},
        source_label="Pasted list",
    )
    job = start_job(plan, browser_user)
    JobRunner(InviteJob.objects.get(pk=job.pk), sleep=lambda seconds: None).run()
    job.refresh_from_db()
    return job


def _open_live(page):
    page.goto(f"/lives/{LIVE}/")
    for name in ("groups", "speakers", "participants", "jobs", "history"):
        page.locator(f"#{name}-panel .panel-loading").wait_for(state="detached")
    # The forms folded in the panels are measured open.
    page.locator("#groups-panel").get_by_text("Link groups").click()
    page.locator("#participants-panel").get_by_text("Invite one person").click()


def test_the_login_page(chromium, live_server, axe, screenshot):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    page = context.new_page()
    page.goto("/login/")
    axe.check(page, "login")
    # A wrong password: the page with its error message.
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    page.locator(".errorlist, [role=alert], .error, .messages").first.wait_for()
    screenshot(page, "a11y-login-error")
    axe.check(page, "login-error")
    context.close()
    axe.assert_clean()


def test_the_lives_list_and_a_lives_page_wide_and_narrow(
    browser_page, browser_user, finished_job, axe, screenshot
):
    page = browser_page
    # A team view with the longest name, unbroken: shortened in the top bar of every page.
    SavedView.objects.create(
        owner=browser_user, name="TeamReview" * 8, query_string="status=Ended", shared=True
    )
    page.goto("/lives/")
    page.locator("tbody tr").first.wait_for()
    # A selection shows the bulk actions bar.
    page.locator("tbody tr input[type=checkbox]").first.check()
    screenshot(page, "a11y-lives-list")
    axe.check(page, "lives-list")  # and in the dark theme, as every check
    page.emulate_media(color_scheme="dark")
    screenshot(page, "a11y-lives-list-dark", full_page=False)
    page.emulate_media(color_scheme="light")

    _open_live(page)
    screenshot(page, "a11y-live-page")
    axe.check(page, "live-page")

    page.set_viewport_size(NARROW)
    page.goto("/lives/")
    page.locator("tbody tr").first.wait_for()
    screenshot(page, "a11y-lives-list-390")
    axe.check(page, "lives-list-390")
    _open_live(page)
    screenshot(page, "a11y-live-page-390")
    axe.check(page, "live-page-390")
    # On a phone the participants are cards: their box fits, nothing to scroll sideways.
    assert page.evaluate(
        "() => { const box = document.querySelector('#participants-results .table-wrap');"
        " return box.scrollWidth <= box.clientWidth + 1; }"
    )
    axe.assert_clean()


def test_the_invite_wizard_each_source_and_its_preview(browser_page, sandbox, axe, screenshot):
    page = browser_page
    page.goto(f"/lives/{LIVE}/invite/")
    page.get_by_role("textbox", name="Emails").wait_for()
    axe.check(page, "invite-wizard")
    page.get_by_role("button", name="See the preview").click()  # nothing pasted
    page.locator(".has-error").first.wait_for()
    axe.check(page, "invite-wizard-error")

    page.get_by_label("A group's members").check()
    page.locator("#invite-group-results input").first.wait_for()
    axe.check(page, "invite-wizard-group")
    page.get_by_label("Spot members").check()
    page.get_by_label("Find members by name or email").fill("ma")
    page.locator("#invite-member-results input[type=checkbox]").first.check()
    axe.check(page, "invite-wizard-members")
    page.get_by_label("Another live's audience").check()
    axe.check(page, "invite-wizard-live")

    page.get_by_label("Upload a CSV or Excel file").check()
    page.get_by_label("File (.csv or .xlsx)").set_input_files(
        files=[
            {
                "name": "people.csv",
                "mimeType": "text/csv",
                "buffer": b"Email,First name,Last name\nada@example.org,Ada,Lovelace\n",
            }
        ]
    )
    page.get_by_role("button", name="See the preview").click()
    page.get_by_label("Email column").wait_for()
    screenshot(page, "a11y-invite-columns")
    axe.check(page, "invite-columns")

    page.goto(f"/lives/{LIVE}/invite/")
    pasted = "\n".join(
        [
            *(f"Guest {i} <a11y.paste{i}@example.org>" for i in range(5)),
            "oops-no-at",
            "a11y.paste0@example.org",  # a duplicate: its section too
        ]
    )
    page.get_by_role("textbox", name="Emails").fill(pasted)
    page.get_by_role("button", name="See the preview").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    screenshot(page, "a11y-invite-preview")
    axe.check(page, "invite-preview")
    # Outside finding: the duplicates' list, once opened, was a region and not a list.
    sections = page.locator("details.disclosure")
    assert sections.count() >= 2, "the preview has its invalid and duplicate sections"
    for index in range(sections.count()):
        sections.nth(index).locator("summary").click()
    page.locator("details#duplicates[open] li").first.wait_for()
    screenshot(page, "a11y-invite-preview-open")
    axe.check(page, "invite-preview-sections-open")
    axe.assert_clean()


def test_a_finished_job_and_the_jobs_list(browser_page, finished_job, axe, screenshot):
    page = browser_page
    page.goto(f"/jobs/{finished_job.pk}/")
    page.get_by_role("heading", name="Per person").wait_for()
    screenshot(page, "a11y-job")
    axe.check(page, "job")
    page.goto("/jobs/")
    axe.check(page, "jobs-list")
    axe.assert_clean()


def test_insights_over_a_few_lives(browser_page, sandbox, axe, screenshot):
    page = browser_page
    page.goto("/lives/?status=Ended&type=Workshop")
    page.get_by_label("Select all lives on this page").check()
    page.get_by_label("Bulk actions").get_by_role("button", name="Insights", exact=True).click()
    page.wait_for_url(re.compile(r"/insights/\d+/$"))
    page.get_by_role("heading", name=re.compile(r"\d+ lives picked")).wait_for()
    screenshot(page, "a11y-insights")
    axe.check(page, "insights")
    page.locator("article.insight-segment", has_text="Chronic no-shows").get_by_role(
        "link", name=re.compile("^See them")
    ).click()
    page.get_by_role("heading", name=re.compile("Chronic no-shows")).wait_for()
    axe.check(page, "insights-segment")
    page.goto("/insights/")
    axe.check(page, "insights-list")
    latest = InsightLive.objects.order_by("-position").first()  # has earlier lives to compare
    page.goto(f"/lives/{latest.live_id}/")
    page.locator("#insights-panel").get_by_text("repeat attendee").first.wait_for()
    axe.check(page, "live-page-with-insights")
    axe.assert_clean()


def test_the_audit_log(browser_page, finished_job, axe, screenshot):
    # A refused write too, so the log shows both outcomes.
    AuditEntry.objects.create(
        actor_label=f"job #{finished_job.pk}",
        job_id=finished_job.pk,
        live_id=LIVE,
        operation="participants.bulk_invite",
        method="POST",
        path=f"/v1/lives/{LIVE}/participants~bulkInvite",
        request_body={"members": {"emails": ["a@example.org", "b@example"]}},
        ok=False,
        status_code=400,
        error_message="members.emails.1 must be an email",
    )
    page = browser_page
    page.goto("/audit/")
    page.locator("#audit-results tbody tr").first.wait_for()
    screenshot(page, "a11y-audit")
    axe.check(page, "audit-log")
    axe.assert_clean()


def test_the_team_and_preferences(browser_page, make_user, axe, screenshot):
    mate = make_user(Role.ORGANISER, username="mia")
    mate.first_name, mate.email = "Mia", "mia@example.org"
    mate.save()
    page = browser_page
    page.goto("/team/")
    page.get_by_role("heading", name="Teammates").wait_for()
    screenshot(page, "a11y-team")
    axe.check(page, "team")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Organiser").check()
    page.get_by_role("button", name="Invite", exact=True).click()
    page.get_by_role("heading", name="Ada Lovelace is invited as organiser").wait_for()
    axe.check(page, "team-invited")
    page.goto("/me/")
    screenshot(page, "a11y-preferences")
    axe.check(page, "preferences")
    axe.assert_clean()


def test_the_live_forms_and_the_not_found_page(browser_page, sandbox, axe, screenshot):
    page = browser_page
    page.goto("/lives/new/")
    axe.check(page, "live-create")
    page.get_by_role("button", name="Create the live").click()  # nothing filled
    page.locator(".has-error").first.wait_for()
    screenshot(page, "a11y-live-create-errors")
    axe.check(page, "live-create-errors")
    page.goto(f"/lives/{LIVE}/edit/")
    axe.check(page, "live-edit")
    page.goto(f"/lives/{LIVE}/delete/")
    axe.check(page, "live-delete")
    page.goto("/lives/no-such-live/")
    axe.check(page, "live-not-found")
    page.goto("/nowhere/")
    axe.check(page, "not-found")
    axe.assert_clean()


_LANDMARKS = """async () => {
  const results = await axe.run(document, {runOnly: {type: 'rule', values: ['landmark-unique']}});
  return results.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')));
}"""


def test_every_landmark_of_a_live_and_a_job_has_its_own_name(
    browser_page, finished_job, axe, screenshot
):
    """Outside finding (axe best practice, beyond WCAG tags): two "Pages" navigations and
    two "Participants" regions on a live's page, two "Per person" on a job's page."""
    page = browser_page
    page.goto(f"/lives/{LIVE}/")
    for name in ("groups", "speakers", "participants", "jobs", "history"):
        page.locator(f"#{name}-panel .panel-loading").wait_for(state="detached")
    axe.check(page, "live-page-landmarks")  # puts axe in the page
    same_names = page.evaluate(_LANDMARKS)
    page.goto(f"/jobs/{finished_job.pk}/")
    page.locator("#job-items").wait_for()
    axe.check(page, "job-landmarks")
    same_names += page.evaluate(_LANDMARKS)
    assert same_names == []
