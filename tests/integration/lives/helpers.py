"""Small readers of what the organiser sees and what the sandbox received."""

import datetime as dt
import re
from html import unescape

from django.utils import timezone

from lives_admin.meltingspot import LiveCreate
from lives_admin.upstream import get_client

ROW = re.compile(r'<tr id="live-row-([^"]+)">(.*?)</tr>', re.S)
TAG = re.compile(r"<[^>]+>")


def text(response) -> str:
    """The page as a person reads it: tags gone, whitespace folded."""
    html = response.content.decode()
    return " ".join(unescape(TAG.sub(" ", html)).split())


def live_form_data(**changes) -> dict:
    """The live form of a YouTube live as a browser posts it (CRLF in the textarea); a change
    to None leaves that field out."""
    data = {
        "title": "Quarterly town hall",
        "description": "Agenda:\r\n\r\n- news\r\n- questions",
        "start": "2030-03-01T10:00",
        "end": "2030-03-01T11:30",
        "timezone": "Europe/Paris",
        "solution": "Youtube",
        "video_url": "https://www.youtube.com/watch?v=abc",
        "visibility": "OnlySpotMembers",
        "participation": "AnySpotMembers",
        "chat_visibility": "Display",
        "participants_visibility": "Hidden",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def row_ids(response) -> list[str]:
    return [match.group(1) for match in ROW.finditer(response.content.decode())]


def api_requests(sandbox, method: str | None = None, path_prefix: str = "/v1/") -> list:
    """The API requests the sandbox logged (its control endpoints left out)."""
    found = []
    for entry in sandbox.requests():
        entry_method = entry["method"] if isinstance(entry, dict) else entry.method
        entry_path = entry["path"] if isinstance(entry, dict) else entry.path
        if entry_path.startswith(path_prefix) and (method is None or entry_method == method):
            found.append(entry)
    return found


def a_host():
    """A Spot member who can host."""
    return get_client().spot_members.list(page=1, limit=1).items[0]


def a_live_next_week(title: str):
    """A built-in workshop starting in seven days, its host a Spot member."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    return get_client().lives.create(
        LiveCreate(
            title=title,
            start_date=start,
            end_date=start + dt.timedelta(hours=1),
            solution="BuiltIn",
            built_in_type="Workshop",
            spot_member_host_id=a_host().id,
        )
    )
