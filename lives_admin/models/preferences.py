from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreference(models.Model):
    """Per-organiser settings; the timezone and the language win over the browser's guess."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    timezone = models.CharField(_("timezone"), max_length=64, blank=True)
    # Empty: the browser's Accept-Language decides (lives_admin/i18n/middleware.py).
    language = models.CharField(_("language"), max_length=8, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.timezone or 'browser timezone'})"
