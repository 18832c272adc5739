from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    """Per-person counters that revoke what was handed out before them.

    A one-time link carries the `link_version` it was made under, and a session the
    `session_version` it was opened under: raising a counter revokes every older link
    or session at once, whatever the session backend, and lowering is never done."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_security",
    )
    link_version = models.PositiveIntegerField(default=0)
    session_version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user} (link {self.link_version}, session {self.session_version})"


class LinkMail(models.Model):
    """One mail carrying a one-time link, kept a day so re-sends to an address are limited."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome link")
        RESET = "reset", _("Password reset link")

    address = models.CharField(max_length=254)  # lower-cased: one counter per mailbox
    sent_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        indexes = [models.Index(fields=["address", "sent_at"], name="link_mail_by_address")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.address} at {self.sent_at:%Y-%m-%d %H:%M}"
