"""The languages the dashboard speaks and each person's saved choice."""

from __future__ import annotations

from django.conf import settings


def supported(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def saved_language(user) -> str:
    """The language saved in the person's preferences ("" when none, or signed out)."""
    if user is None or not user.is_authenticated:
        return ""
    # A missing preference raises RelatedObjectDoesNotExist, an AttributeError; the
    # related object is cached on the user, so the timezone middleware reuses it.
    preference = getattr(user, "preference", None)
    language = preference.language if preference else ""
    return language if supported(language) else ""


def save_language(user, code: str) -> None:
    from lives_admin.models import UserPreference

    UserPreference.objects.update_or_create(user=user, defaults={"language": code})


def rows_in(language: str, rows):
    """A streamed file's rows in `language`: a streamed body is written after the request
    (and its language) has ended."""
    from django.utils import translation

    with translation.override(language):
        yield from rows


def own_names() -> list[tuple[str, str]]:
    """[(code, name)] each language named in itself ("English", "Français") whatever the
    page's language: someone looking for their language reads its own name. Django's
    `get_available_languages` translates them ("Anglais")."""
    return list(settings.LANGUAGES)
