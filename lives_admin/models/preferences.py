from django.conf import settings
from django.db import models


class UserPreference(models.Model):
    """Per-organiser settings; the timezone wins over the browser's guess."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    timezone = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.timezone or 'browser timezone'})"
