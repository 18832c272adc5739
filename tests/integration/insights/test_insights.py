"""Insights across lives, against the sandbox: segments, API calls, freshness, follow-up.

Every number asserted here is counted from the sandbox's own data (sandbox_truth),
not copied from the dashboard's aggregation.
"""

import csv
import io
import math
import re
import time
from datetime import timedelta
from html import unescape
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from lives_admin.insights import runner
from lives_admin.insights.selection import MAX_LIVES
from lives_admin.meltingspot import LiveUpdate
from lives_admin.models import InsightSnapshot, InsightStatus, InviteDraft
from lives_admin.upstream import get_client
from tests.html import one, select, text_of, value_of
from tests.integration.insights.sandbox_truth import patterns, raw_lives, truth_for

pytestmark = pytest.mark.django_db(transaction=True)
WORKSHOPS_ENDED = "status=Ended&type=Workshop"
SEGMENT_TITLES = {
    "repeat-attendees": "Repeat attendees",
    "chronic-no-shows": "Chronic no-shows",
    "replay-only": "Replay only",
}
SEGMENT_KEYS = {
    "repeat-attendees": "repeat",
    "chronic-no-shows": "chronic",
    "replay-only": "replay_only",
    "never-registered": "never",
}


def api_calls(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["path"].startswith("/v1/")]


def take(client, filters=WORKSHOPS_ENDED, **data):
    form = {"filters": filters, "select_across": "1"} | data
    response = client.post("/insights/new/", form)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def segment_counts(html: str) -> dict[str, int]:
    found = re.findall(r'data-segment-count="([a-z-]+)">([\d,]+)<', html)
    return {name: int(value.replace(",", "")) for name, value in found}


def csv_emails(response) -> set[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    column = [name.lower() for name in rows[0]].index("email")
    return {row[column].lower() for row in rows[1:]}


@pytest.fixture
def workshops(sandbox):
    lives = raw_lives(sandbox, **{"builtInType[eq]": "Workshop", "status[eq]": "Ended"})
    assert len(lives) == 5  # the demo's series: small enough to be read in the request
    return truth_for(sandbox, lives)


def test_each_segment_counts_and_lists_exactly_the_sandboxs_people(
    organiser_client, sandbox, workshops
):
    # The demo data has a story in every segment.
    assert all(len(people) >= 3 for people in workshops.segments.values())
    response = take(organiser_client)
    page = organiser_client.get(response["Location"]).content.decode()
    expected = {name: len(workshops.segments[key]) for name, key in SEGMENT_KEYS.items()}
    assert segment_counts(page) == expected
    snapshot = InsightSnapshot.objects.get()
    for name, key in SEGMENT_KEYS.items():
        download = organiser_client.get(f"/insights/{snapshot.pk}/{name}.csv")
        assert download["Content-Type"].startswith("text/csv")
        assert csv_emails(download) == workshops.segments[key], name
    listed = organiser_client.get(f"/insights/{snapshot.pk}/chronic-no-shows/").content.decode()
    for email in workshops.segments["chronic"]:
        assert email in listed


# The streak as the page states it: the latest lives they registered for, in date order;
# lives they were not part of and invitations they did not answer break nothing, and a
# replay still misses the live.
STREAK_STORIES = {
    "AN-N-": True,
    "A-NR-": True,
    "NAIND": False,
    "NRN-A": False,
    "NNNAA": False,
}


def test_the_chronic_no_shows_follow_the_stated_streak(organiser_client, sandbox, workshops):
    by_pattern: dict[str, set[str]] = {}
    for email, pattern in patterns(workshops).items():
        by_pattern.setdefault(pattern, set()).add(email)
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    chronic = csv_emails(organiser_client.get(f"/insights/{snapshot.pk}/chronic-no-shows.csv"))
    for pattern, is_chronic in STREAK_STORIES.items():
        people = by_pattern.get(pattern, set())
        assert people, f"the demo has nobody with the story {pattern}"
        assert (people <= chronic) if is_chronic else not (people & chronic), pattern
    page = organiser_client.get(f"/insights/{snapshot.pk}/").content.decode()
    assert "watching the replay still counts as missing the live" in unescape(page)


def test_reading_costs_the_minimum_calls_in_full_pages(organiser_client, sandbox, workshops):
    sandbox.clear_requests()
    take(organiser_client)
    calls = api_calls(sandbox)
    participants_calls = [c for c in calls if c["path"].endswith("/participants")]
    assert all(dict(c["query"])["limit"] == "100" for c in participants_calls)
    minimum = 1 + sum(
        max(1, math.ceil(len(people) / 100)) for people in workshops.participants.values()
    )
    assert len(calls) == minimum
    assert {c["path"] for c in calls if c["path"] != "/v1/lives"} == {
        f"/v1/lives/{live['id']}/participants" for live in workshops.lives
    }


def test_opening_again_calls_nothing_and_says_how_fresh(
    organiser_client, viewer_client, sandbox, workshops
):
    url = take(organiser_client)["Location"]
    # Taken three hours ago: what the page says does not depend on how fast the test runs
    # ("now", "a second ago", "2 seconds ago"…).
    InsightSnapshot.objects.update(taken_at=timezone.now() - timedelta(hours=3, minutes=5))
    sandbox.clear_requests()
    page = viewer_client.get(url).content.decode()
    assert api_calls(sandbox) == []
    assert re.search(r"taken <time [^>]*data-insight-taken>3\shours ago</time>", page)
    assert "Refresh</button>" not in page  # viewers read; organisers refresh
    assert "Invite these to a live" not in page
    snapshot = InsightSnapshot.objects.get()
    assert viewer_client.post(f"/insights/{snapshot.pk}/refresh/").status_code == 403
    assert "Refresh</button>" in organiser_client.get(url).content.decode()


def test_a_failed_refresh_keeps_the_figures_it_had(organiser_client, sandbox, workshops):
    url = take(organiser_client)["Location"]
    before = segment_counts(organiser_client.get(url).content.decode())
    snapshot = InsightSnapshot.objects.get()
    taken = snapshot.taken_at
    sandbox.configure(error_rate=1.0, error_status=503)
    try:
        response = organiser_client.post(f"/insights/{snapshot.pk}/refresh/", follow=True)
    finally:
        sandbox.configure(error_rate=0.0)
    page = response.content.decode()
    assert response.status_code == 200
    assert "could not be read" in page
    assert segment_counts(page) == before
    snapshot.refresh_from_db()
    assert snapshot.taken_at == taken


def test_a_refresh_sees_what_changed_on_meltingspot(organiser_client, sandbox, workshops):
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    newest = workshops.lives[-1]["id"]
    sandbox.add_fake_participants(newest, 7)  # seven new invitees who never registered...
    organiser_client.post(f"/insights/{snapshot.pk}/refresh/")
    page = organiser_client.get(f"/insights/{snapshot.pk}/").content.decode()
    again = truth_for(sandbox, workshops.lives)
    assert segment_counts(page)["never-registered"] == len(again.segments["never"])
    # ...some of them declined or did not answer: more never-registered than before.
    assert len(again.segments["never"]) > len(workshops.segments["never"])


@pytest.mark.parametrize("segment", ["chronic-no-shows", "repeat-attendees", "replay-only"])
def test_invite_these_previews_exactly_those_people(organiser_client, sandbox, workshops, segment):
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    url = f"/insights/{snapshot.pk}/{segment}/invite/"
    page = unescape(organiser_client.get(url).content.decode())
    assert "from the insights taken" in page and f"/insights/{snapshot.pk}/refresh/" in page
    upcoming = raw_lives(sandbox, **{"status[eq]": "Planned"})
    target = upcoming[0]
    assert target["title"] in page
    sandbox.clear_requests()
    response = organiser_client.post(
        url, {"live_id": target["id"], "with_email_notification": "on"}
    )
    assert response.status_code == 302 and "/preview/" in response["Location"]
    preview = unescape(organiser_client.get(response["Location"]).content.decode())
    title = SEGMENT_TITLES[segment]
    assert title in preview and "Before anything is sent" in preview
    # "Change the list" goes back to the segment, not to a paste-your-list form.
    assert f'href="/insights/{snapshot.pk}/{segment}/">Change the list' in preview
    full = organiser_client.get(response["Location"].replace("/preview/", "/preview.csv"))
    assert csv_emails(full) == workshops.segments[SEGMENT_KEYS[segment]]
    # Nothing was sent: the preview only read.
    assert all(r["method"] == "GET" for r in api_calls(sandbox))


def test_the_live_to_invite_to_is_found_by_its_title(organiser_client, sandbox, workshops):
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    upcoming = raw_lives(sandbox, **{"status[eq]": "Planned"})
    target = upcoming[-1]
    words = target["title"].split(" #")[0]
    url = f"/insights/{snapshot.pk}/repeat-attendees/invite/"
    page = unescape(organiser_client.get(url, {"q": words}).content.decode())
    offered = {box["value"] for box in select(page, "input[name=live_id]")}
    assert offered == {live["id"] for live in upcoming if words in live["title"]}
    assert target["id"] in offered
    assert value_of(page, "#target-q") == words  # the box says what was searched
    page = organiser_client.get(url, {"q": "no such title anywhere"}).content.decode()
    assert "No upcoming live matches" in text_of(page, "h2")


def test_a_search_too_long_for_a_title_says_so(organiser_client, sandbox, workshops):
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    url = f"/insights/{snapshot.pk}/repeat-attendees/invite/"
    page = organiser_client.get(url, {"q": "x" * 201})
    box = one(page, "input#target-q[type=search][name=q]")
    assert box["maxlength"] == "200" and box["aria-invalid"] == "true"
    assert text_of(page, ".errorlist") == "Search with at most 200 characters."
    assert text_of(page, "label[for=target-q]") == "Upcoming live whose title contains"
    # Nothing cut and searched in its place: every upcoming live is offered.
    upcoming = raw_lives(sandbox, **{"status[eq]": "Planned"})
    offered = {box["value"] for box in select(page, "input[name=live_id]")}
    assert offered <= {live["id"] for live in upcoming}
    assert len(offered) == min(len(upcoming), 25)  # a page of them


def test_an_empty_segment_makes_no_draft(organiser_client, sandbox, workshops):
    one = workshops.lives[:1]
    assert not truth_for(sandbox, one).segments["repeat"]  # attended 2+ of one live: nobody
    take(organiser_client, filters="", select_across="0", selected=[one[0]["id"]])
    snapshot = InsightSnapshot.objects.get()
    url = f"/insights/{snapshot.pk}/repeat-attendees/invite/"
    target = raw_lives(sandbox, **{"status[eq]": "Planned"})[0]
    response = organiser_client.post(url, {"live_id": target["id"]})
    assert response.status_code == 200
    assert "Nobody in this segment" in response.content.decode()
    assert not InviteDraft.objects.exists()


def test_invite_needs_a_live_that_is_offered(organiser_client, sandbox, workshops):
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    url = f"/insights/{snapshot.pk}/replay-only/invite/"
    response = organiser_client.post(url, {"live_id": "live000"})  # ended: not offered
    assert response.status_code == 200
    assert "This live is not offered any more" in response.content.decode()
    assert organiser_client.post(url, {}).status_code == 200
    assert organiser_client.get(f"/insights/{snapshot.pk}/nobody-here/").status_code == 404
    assert organiser_client.get(f"/insights/{snapshot.pk + 1}/").status_code == 404


def test_live_vs_live_marks_best_and_worst_in_words(organiser_client, sandbox, workshops):
    page = organiser_client.get(take(organiser_client)["Location"]).content.decode()
    rates = {live["title"]: live["metrics"]["attendanceRate"] for live in workshops.lives}
    best, worst = max(rates, key=rates.get), min(rates, key=rates.get)
    table = page[page.index("insight-compare") :]
    marked = dict(
        re.findall(
            r'<th scope="row"><a href="[^"]+">([^<]+)</a> <span class="badge [^"]+">(\w+)', table
        )
    )
    assert {unescape(title): mark for title, mark in marked.items()} == {
        best: "Best",
        worst: "Worst",
    }
    titles = [
        unescape(t) for t in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', table)
    ]
    assert titles == [live["title"] for live in workshops.lives]  # in date order
    assert "<svg" in page and " · best</text>" in page and " · worst</text>" in page


def chart_columns(page: str) -> list[tuple[float, str]]:
    """(y of the live's row, its tooltip), in the order the SVG has them."""
    svg = page[page.index('<svg class="chart-svg') : page.index("</svg>") + len("</svg>")]
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own page; Django's escapes are XML)
    columns = []
    for group in root.iter("g"):
        first = next(child for child in group if child.tag in ("rect", "text"))
        columns.append((float(first.get("y")), group.findtext("title")))
    return columns


def test_the_chart_draws_its_rows_in_date_order(organiser_client, sandbox, workshops):
    page = organiser_client.get(take(organiser_client)["Location"]).content.decode()
    columns = chart_columns(page)
    drawn = [text for _, text in sorted(columns)]
    assert [y for y, _ in columns] == sorted(y for y, _ in columns)
    assert len(drawn) == len(workshops.lives)
    for live, text in zip(workshops.lives, drawn, strict=True):
        # Its day, then its title: no "#1" before a title that ends in "#2".
        named = rf"\d{{1,2}} [A-Z][a-z]{{2}} · {re.escape(live['title'])}: attendance "
        assert re.match(named, text), text
        assert f"attendance {round(live['metrics']['attendanceRate'])} %" in text


def test_a_live_gone_halfway_through_a_run_is_reported_and_the_others_kept(
    organiser_client, sandbox, workshops, settings
):
    settings.INSIGHTS_INLINE_MAX_PAGES = 1  # the worker's path, run here step by step
    take(organiser_client)
    snapshot = InsightSnapshot.objects.get()
    assert snapshot.status == InsightStatus.QUEUED and snapshot.lives_total == 5
    gone = snapshot.run_lives[2]  # read from the list, deleted before its participants
    assert sandbox.http.delete(f"/v1/lives/{gone['id']}").status_code in (200, 204)
    sandbox.clear_requests()
    runner.run(snapshot.pk, snapshot.run_token)
    participant_calls = [c for c in api_calls(sandbox) if c["path"].endswith("/participants")]
    assert len({c["path"] for c in participant_calls}) == 5  # it went on after the 404
    snapshot.refresh_from_db()
    assert snapshot.status == InsightStatus.DONE, snapshot.error
    kept = [live for live in workshops.lives if live["id"] != gone["id"]]
    assert [live.live_id for live in snapshot.lives.all()] == [live["id"] for live in kept]
    page = organiser_client.get(f"/insights/{snapshot.pk}/")
    html = unescape(page.content.decode())
    assert page.status_code == 200
    assert f"“{gone['title']}” is no longer on MeltingSpot: left out." in html
    truth = truth_for(sandbox, kept)
    assert segment_counts(html) == {
        name: len(truth.segments[key]) for name, key in SEGMENT_KEYS.items()
    }


def test_picked_rows_make_the_set(organiser_client, sandbox, workshops):
    picked = [live["id"] for live in workshops.lives[:3]]
    sandbox.clear_requests()
    take(organiser_client, filters="", select_across="0", selected=picked)
    assert len([c for c in api_calls(sandbox) if c["path"] == "/v1/lives"]) == 1
    snapshot = InsightSnapshot.objects.get()
    assert snapshot.label == "3 lives picked"
    assert [live.live_id for live in snapshot.lives.all()] == picked


def test_a_picked_set_keeps_its_lives_when_they_stop_matching_the_filters(
    organiser_client, sandbox, workshops
):
    picked = [live["id"] for live in workshops.lives[:3]]
    take(organiser_client, select_across="0", selected=picked)
    client = get_client()
    changed = client.lives.retrieve(picked[1])
    client.lives.update(changed.id, LiveUpdate.from_live(changed, built_in_type="Conference"))
    assert picked[1] not in {
        live["id"] for live in raw_lives(sandbox, **{"builtInType[eq]": "Workshop"})
    }
    snapshot = InsightSnapshot.objects.get()
    organiser_client.post(f"/insights/{snapshot.pk}/refresh/")
    snapshot.refresh_from_db()
    assert snapshot.status == InsightStatus.DONE
    assert sorted(live.live_id for live in snapshot.lives.all()) == sorted(picked)
    assert snapshot.notes == []


def test_a_picked_live_that_is_gone_is_named_and_the_rest_is_read(
    organiser_client, sandbox, workshops
):
    picked = [live["id"] for live in workshops.lives[:3]]
    take(organiser_client, filters="", select_across="0", selected=[*picked, "no-such-live"])
    snapshot = InsightSnapshot.objects.get()
    page = organiser_client.get(f"/insights/{snapshot.pk}/")
    assert page.status_code == 200
    assert "no longer exists on MeltingSpot and is left out: no-such-live" in page.content.decode()
    gone = workshops.lives[0]
    assert sandbox.http.delete(f"/v1/lives/{gone['id']}").status_code in (200, 204)
    organiser_client.post(f"/insights/{snapshot.pk}/refresh/")
    snapshot.refresh_from_db()
    assert sorted(live.live_id for live in snapshot.lives.all()) == sorted(picked[1:])
    html = unescape(organiser_client.get(f"/insights/{snapshot.pk}/").content.decode())
    assert f"“{gone['title']}” ({gone['id']})" in html and "no-such-live" in html
    kept = truth_for(sandbox, workshops.lives[1:3])
    assert segment_counts(html) == {
        name: len(kept.segments[key]) for name, key in SEGMENT_KEYS.items()
    }


def test_nothing_picked_says_what_to_do(organiser_client, sandbox):
    response = organiser_client.post("/insights/new/", {"filters": ""}, follow=True)
    assert "Tick at least one live first" in response.content.decode()
    response = organiser_client.post(
        "/insights/new/",
        {"filters": "title=no-such-live-anywhere", "select_across": "1"},
        follow=True,
    )
    assert "No live is in this set" in response.content.decode()
    assert not InsightSnapshot.objects.exists()


def test_a_lives_page_tells_its_repeat_attendees_and_last_times_no_shows(
    organiser_client, sandbox, workshops
):
    take(organiser_client)
    live = workshops.lives[-1]  # the newest: every other workshop came before it
    earlier = workshops.lives[:-1]
    audience = [p for p in workshops.participants[live["id"]] if p["type"] == "Participant"]
    repeat = sum(p["spotMemberEmail"].lower() in workshops.segments["repeat"] for p in audience)
    no_show_last_time = 0
    for person in audience:
        email = person["spotMemberEmail"].lower()
        last = None
        for other in earlier:
            for p in workshops.participants[other["id"]]:
                registered = p["status"] == "Accepted" or p["metrics"]["hasParticipated"]
                if (
                    p["spotMemberEmail"].lower() == email
                    and p["type"] == "Participant"
                    and registered
                ):
                    last = p
        no_show_last_time += last is not None and not last["metrics"]["hasParticipated"]
    sandbox.clear_requests()
    panel = organiser_client.get(f"/lives/{live['id']}/insights/", HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert api_calls(sandbox) == []
    assert f'data-insight="repeat">{repeat}<' in html
    assert f'data-insight="no-show-last-time">{no_show_last_time}<' in html
    assert "across 5 lives" in html
    other = organiser_client.get("/lives/live040/insights/", HTTP_HX_REQUEST="true")
    assert "No insights include this live yet" in other.content.decode()


def expected_pages(lives: list[dict]) -> int:
    return sum(max(1, math.ceil(live["metrics"]["invited"] / 100)) for live in lives)


def test_a_set_with_few_pages_of_participants_is_read_in_the_request(
    organiser_client, sandbox, workshops
):
    assert expected_pages(workshops.lives) <= runner.DEFAULT_INLINE_MAX_PAGES
    take(organiser_client)
    assert InsightSnapshot.objects.get().status == InsightStatus.DONE


def test_few_lives_with_many_pages_go_to_the_worker_and_move_within_a_live(
    organiser_client, sandbox, job_worker, workshops
):
    # Five lives only, but one of them is now beyond the request's budget alone.
    big = workshops.lives[0]["id"]
    sandbox.add_fake_participants(big, runner.DEFAULT_INLINE_MAX_PAGES * 100)
    lives = raw_lives(sandbox, **{"builtInType[eq]": "Workshop", "status[eq]": "Ended"})
    assert len(lives) == 5 and expected_pages(lives) > runner.DEFAULT_INLINE_MAX_PAGES
    response = take(organiser_client)
    page = organiser_client.get(response["Location"]).content.decode()
    assert "of 5 lives read" in page and 'hx-trigger="every 1s"' in page
    snapshot = InsightSnapshot.objects.get()
    assert snapshot.status == InsightStatus.QUEUED
    sandbox.configure(latency_ms=200)  # slow pages: the big live takes a few seconds
    worker = job_worker().start()
    within_a_live, beats = set(), set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        snapshot.refresh_from_db()
        if snapshot.status == InsightStatus.DONE:
            break
        if snapshot.people_read:  # part of a live read: its progress and heartbeat
            within_a_live.add((snapshot.lives_done, snapshot.percent))
            beats.add((snapshot.lives_done, snapshot.heartbeat_at))
        time.sleep(0.2)
    worker.stop()
    assert snapshot.status == InsightStatus.DONE, snapshot.error
    # The heartbeat and the bar moved while the one big live was being read.
    lives_done = {done for done, _ in beats}
    assert len(lives_done) == 1 and len(beats) >= 2, beats
    ((done,),) = [lives_done]
    assert any(percent > round(100 * done / 5) for _, percent in within_a_live)
    poll = organiser_client.get(f"/insights/{snapshot.pk}/progress/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"
    truth = truth_for(sandbox, lives)
    page = organiser_client.get(response["Location"]).content.decode()
    assert segment_counts(page) == {
        name: len(truth.segments[key]) for name, key in SEGMENT_KEYS.items()
    }


def test_a_set_takes_at_most_the_first_200_lives_and_the_list_says_so(organiser_client, sandbox):
    sandbox.configure(rate_limit=False)
    sandbox.add_lives(MAX_LIVES + 1 - sandbox.get("/v1/lives", limit=1).json()["total"])
    total = sandbox.get("/v1/lives", limit=1).json()["total"]
    assert total == MAX_LIVES + 1
    page = organiser_client.get("/lives/").content.decode()
    assert f"Insights for the first {MAX_LIVES} of {total} lives" in page
    take(organiser_client, filters="")
    snapshot = InsightSnapshot.objects.get()
    assert snapshot.lives_total == MAX_LIVES
    assert snapshot.run_notes == [f"Only the first {MAX_LIVES} lives are taken at once."]
    assert snapshot.status == InsightStatus.QUEUED  # 200 pages at least: the worker's
    fewer = organiser_client.get("/lives/?status=Ended&type=Workshop").content.decode()
    assert "Insights for these 5 lives" in fewer


def test_the_lives_list_offers_insights_to_organisers_only(
    organiser_client, viewer_client, sandbox
):
    page = organiser_client.get("/lives/?status=Ended&type=Workshop").content.decode()
    assert 'formaction="/insights/new/"' in page and 'name="selected"' in page
    assert "Insights for these 5 lives" in page
    assert 'id="bulk-action"' not in page  # the cross-live actions stay the admins'
    viewer_page = viewer_client.get("/lives/").content.decode()
    assert "/insights/new/" not in viewer_page and 'name="selected"' not in viewer_page


def test_a_stalled_run_is_taken_over_by_a_refresh_and_its_worker_writes_nothing(
    organiser_client, sandbox, workshops, settings
):
    url = take(organiser_client)["Location"]
    snapshot = InsightSnapshot.objects.get()
    # A worker died mid-run long ago: running, its heartbeat older than the stale time.
    long_ago = snapshot.taken_at - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)
    InsightSnapshot.objects.filter(pk=snapshot.pk).update(
        status=InsightStatus.RUNNING, run_token="dead-worker", heartbeat_at=long_ago
    )
    assert "being refreshed already" not in organiser_client.get(url).content.decode()
    organiser_client.post(f"/insights/{snapshot.pk}/refresh/")
    snapshot.refresh_from_db()
    assert snapshot.status == InsightStatus.DONE and snapshot.run_token != "dead-worker"
    taken = snapshot.taken_at
    # The dead worker comes back to life: it no longer owns the snapshot and stops.
    sandbox.clear_requests()
    runner.run(snapshot.pk, "dead-worker")
    snapshot.refresh_from_db()
    assert snapshot.taken_at == taken and snapshot.status == InsightStatus.DONE
    assert api_calls(sandbox) == []


def test_a_running_refresh_is_not_started_twice(organiser_client, sandbox, workshops):
    url = take(organiser_client)["Location"]
    snapshot = InsightSnapshot.objects.get()
    InsightSnapshot.objects.filter(pk=snapshot.pk).update(
        status=InsightStatus.RUNNING, run_token="live-worker", heartbeat_at=snapshot.taken_at
    )
    sandbox.clear_requests()
    page = organiser_client.post(f"/insights/{snapshot.pk}/refresh/", follow=True)
    assert "being refreshed already" in page.content.decode()
    assert api_calls(sandbox) == []
    snapshot.refresh_from_db()
    assert snapshot.run_token == "live-worker"
    assert url.endswith(f"/insights/{snapshot.pk}/")


def test_a_live_not_over_has_no_no_shows_in_the_comparison(organiser_client, sandbox, workshops):
    """MeltingSpot counts every registrant of a planned live as a no-show: not shown."""
    planned = min(
        (live for live in get_client().lives.iter_all() if live.computed_status == "Planned"),
        key=lambda live: live.metrics.invited or 0,
    )
    assert planned.metrics.no_show  # what the page must not repeat
    picked = [workshops.lives[0]["id"], planned.id]
    take(organiser_client, filters="", select_across="0", selected=picked)
    page = organiser_client.get(f"/insights/{InsightSnapshot.objects.get().pk}/").content.decode()
    table = page[page.index("insight-compare") :]
    rows = re.findall(r"<tr[^>]*>\s*<td class=\"num\">\d+</td>(.*?)</tr>", table, re.S)
    row = next(row for row in rows if f"/lives/{planned.id}/" in row)
    cells = re.findall(r'<td class="num"([^>]*)>(.*?)</td>', row, re.S)
    shown = [re.sub(r"<[^>]+>", "", value) for _, value in cells]
    # Invited and registrants exist; attendees, rate, no-shows, no-show rate, view time,
    # replay views wait for the end.
    assert shown[0] == f"{planned.metrics.invited:,}"
    assert shown[2:] == ["— (not over yet)"] * 6
    assert all("Not over yet" in attrs for attrs, _ in cells[2:])
    assert "(not compared: not over)" in unescape(row)
