"""Small display helpers of the lives pages: labels people read instead of API values."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from lives_admin.forms.live_filters import BUILT_IN_TYPE_LABELS, SOLUTION_LABELS, STATUS_LABELS
from lives_admin.forms.lives import DISPLAY_CHOICES, PARTICIPATION_CHOICES, VISIBILITY_CHOICES
from lives_admin.forms.people_filters import status_label
from lives_admin.meltingspot.ids import is_id

register = template.Library()

_LABELS = {
    "solution": SOLUTION_LABELS,
    "built_in_type": BUILT_IN_TYPE_LABELS,
    "status": STATUS_LABELS,
    "visibility": dict(VISIBILITY_CHOICES),
    "participation": dict(PARTICIPATION_CHOICES),
    "display": dict(DISPLAY_CHOICES),
}


@register.filter
def is_live_id(value) -> bool:
    """Whether a stored id can be linked to a live's page (its URL takes only real ids)."""
    return is_id(value)


@register.filter
def web_url(value) -> str:
    """The URL if it is http(s), else "": a link from the API never runs script."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


@register.filter
def label_of(value, kind: str) -> str:
    """`{{ live.solution|label_of:"solution" }}` → "YouTube"; unknown values shown as they are."""
    if value in (None, ""):
        return "—"
    return _LABELS.get(kind, {}).get(value, value)


@register.filter
def person_status(status) -> str:
    """A participant's or speaker's status in the reader's language ("Invité"), or "—"."""
    return status_label(status) or "—"


@register.filter
def status_badge(status: str) -> str:
    """The badge modifier of a live status: badge-planned, badge-live, badge-ended."""
    known = {"Planned": "planned", "Live": "live", "Ended": "ended"}
    return f"badge-{known.get(status, 'neutral')}"


@register.filter
def view_time(seconds) -> str:
    """Seconds as "1 h 05 min", "12 min 30 s" or "45 s"."""
    if seconds is None or seconds == "":
        return "—"
    seconds = round(float(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
    return f"{secs} s"


@register.simple_tag
def page_query(query: str, page_number) -> str:
    """The list's query string for another page (the filters kept)."""
    return f"{query}&page={page_number}" if query else f"page={page_number}"


@register.filter
def end_after(end, start) -> str:
    """A live's end as read after its start ("… 23:00 – {{ end }}"): its time alone on the
    same day, its date too when it ends on another ("Thursday 6 August, 01:00")."""
    if not end:
        return ""
    end, start = timezone.localtime(end), timezone.localtime(start) if start else None
    if start is not None and end.date() == start.date():
        return date_format(end, "H:i")
    if start is not None and end.year == start.year:
        return date_format(end, "l j F, H:i")
    return date_format(end, "l j F Y, H:i")
