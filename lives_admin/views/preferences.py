"""Each person's preferences: the timezone every date is shown and entered in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from lives_admin.forms.team import PreferencesForm
from lives_admin.models import UserPreference
from lives_admin.team.roles import Role, role_required
from lives_admin.web.timezones import TZ_COOKIE, available_timezones, parse_timezone


def _saved_timezone(user) -> str:
    preference = UserPreference.objects.filter(user=user).first()
    return preference.timezone if preference else ""


def _save(user, name: str) -> None:
    UserPreference.objects.update_or_create(user=user, defaults={"timezone": name})


@role_required(Role.VIEWER)
def preferences(request):
    saved = _saved_timezone(request.user)
    browser = parse_timezone(request.COOKIES.get(TZ_COOKIE))
    form = PreferencesForm(request.POST or None, initial={"timezone": saved})
    if request.method == "POST":
        if "use_browser" in request.POST:
            _save(request.user, "")
            messages.success(
                request,
                "Dates now follow your browser's timezone" + (f" ({browser})." if browser else "."),
            )
            return redirect("lives_admin:preferences")
        if form.is_valid():
            chosen = form.cleaned_data["timezone"]
            _save(request.user, chosen)
            messages.success(
                request,
                f"Dates are now shown and entered in {chosen}."
                if chosen
                else "Dates now follow your browser's timezone.",
            )
            return redirect("lives_admin:preferences")
    zone = request.organiser_timezone
    if parse_timezone(saved):
        source = "your saved choice"
    elif browser:
        source = "your browser's timezone"
    else:
        source = f"the dashboard's default ({settings.TIME_ZONE})"
    return render(
        request,
        "lives_admin/preferences/page.html",
        {
            "form": form,
            "timezone_names": available_timezones(),
            "current_zone": zone,
            "current_source": source,
            "browser_zone": browser,
            "saved": saved,
            "now": timezone.now(),
            "nav_active": "preferences",
        },
    )
