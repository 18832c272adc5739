"""Keep what a logged-in person sees out of every cache but their own screen.

Participants, exports, job reports, the audit log and the team are personal data: no
browser cache, proxy or back-forward snapshot may keep a copy (`private, no-store`).
A page and its htmx fragment share a URL, so the answer also varies on the htmx
headers that choose between them. htmx's own history snapshots are turned off in
base.html (`historyCacheSize: 0`): a back navigation asks the server again.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_vary_headers

# The request headers that pick what a view answers at one URL: a fragment or the page
# (HX-Request, and a history restore always gets the page), and which fragment (HX-Target).
HTMX_VARY = ("HX-Request", "HX-Target", "HX-History-Restore-Request")


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every answer to a logged-in person, unless
    the view chose its own caching; `Vary` on the htmx headers on every answer.

    It sits inside WhiteNoise, so static files keep their year-long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, HTMX_VARY)
        return response
