"""Each person changes their own password (Preferences → Change my password)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.urls import reverse_lazy

from lives_admin.team.roles import Role, role_required


class ChangeMyPasswordView(PasswordChangeView):
    """Django's: the current password, then the new one twice. This session stays
    (update_session_auth_hash); every other session of the account ends, since a
    session holds a hash of the password it was opened with."""

    template_name = "lives_admin/preferences/password.html"
    success_url = reverse_lazy("lives_admin:preferences")
    extra_context = {"nav_active": "preferences"}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Your password is changed. Your other sessions, on other browsers, are logged out.",
        )
        return response


password_change = role_required(Role.VIEWER)(ChangeMyPasswordView.as_view())
