from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named set of list filters (a query string), kept for one user or the whole team."""

    class Area(models.TextChoices):
        LIVES = "lives", _("Lives")
        PARTICIPANTS = "participants", _("Participants")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    area = models.CharField(max_length=20, choices=Area.choices, default=Area.LIVES)
    query_string = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(
        default=False, help_text=_("Shown to the whole team, not only to its owner.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "area", "name"], name="unique_view_name")
        ]

    def __str__(self) -> str:
        return self.name
