"""The language a signed-in person saved in Preferences wins over their browser's.

LocaleMiddleware (earlier in the chain) has already picked the language from the
language cookie or Accept-Language, else English; this one only overrides that choice
with the saved preference once the user is known.
"""

from __future__ import annotations

from django.utils import translation

from lives_admin.i18n.languages import saved_language


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = saved_language(getattr(request, "user", None))
        if language and language != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
