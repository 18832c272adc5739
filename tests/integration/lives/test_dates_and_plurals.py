"""Outside findings on a live's page: a live across midnight read "Wednesday 5 August
2026, 23:00 – 01:00" (the end's date missing), and a new live "1 Invités / 1 Inscrits"."""

import datetime as dt

import pytest

from lives_admin.meltingspot import LiveCreate
from lives_admin.upstream import get_client
from tests.integration.lives.helpers import a_host, text

pytestmark = pytest.mark.django_db
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}


def a_live_at(start: dt.datetime, hours: int):
    return get_client().lives.create(
        LiveCreate(
            title="Late night",
            start_date=start,
            end_date=start + dt.timedelta(hours=hours),
            solution="BuiltIn",
            built_in_type="Workshop",
            spot_member_host_id=a_host().id,
        )
    )


def test_a_live_across_midnight_says_the_end_s_date(sandbox, viewer_client):
    live = a_live_at(dt.datetime(2026, 8, 5, 21, 0, tzinfo=dt.UTC), hours=2)
    viewer_client.cookies["tz"] = "Europe/Paris"
    page = text(viewer_client.get(f"/lives/{live.id}/"))
    assert "Wednesday 5 August 2026, 23:00 – Thursday 6 August, 01:00" in page


def test_a_live_within_a_day_says_its_date_once(sandbox, viewer_client):
    live = a_live_at(dt.datetime(2026, 8, 5, 8, 0, tzinfo=dt.UTC), hours=2)
    viewer_client.cookies["tz"] = "Europe/Paris"
    page = text(viewer_client.get(f"/lives/{live.id}/"))
    assert "Wednesday 5 August 2026, 10:00 – 12:00" in page


def test_one_invited_reads_singular_in_french(sandbox, viewer_client):
    live = a_live_at(dt.datetime(2026, 8, 5, 8, 0, tzinfo=dt.UTC), hours=1)
    html = viewer_client.get(f"/lives/{live.id}/", **FRENCH).content.decode()
    # The host is the one invited and registered.
    assert '<span class="metric-label">Invité</span>' in html
    assert '<span class="metric-label">Inscrit</span>' in html
