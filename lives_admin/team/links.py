"""One-time links (a newcomer's welcome link, a teammate's password reset): made, revoked.

A link is Django's password-reset token with the account's link version mixed in. It
stops working once used (the password in its hash changes), after PASSWORD_RESET_TIMEOUT,
and as soon as the version moves: a new link raises it, so every older link dies, and so
does deactivation, for good (lives_admin/team/versions.py).
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction

from lives_admin.models import LinkMail
from lives_admin.team import link_mail_limits
from lives_admin.team import versions as account_versions


class OneTimeLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lives_admin.team.links.OneTimeLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        version = account_versions.link_version_of(user.pk)
        return f"{super()._make_hash_value(user, timestamp)}|{version}"


token_generator = OneTimeLinkTokenGenerator()


def issue(user, *, kind: str, mail_to: str = "") -> tuple[str, LinkMail | None]:
    """A new token for `user`, revoking every older one. With `mail_to` the mail is counted
    first: TooManyLinkMails when that address had its share, and nothing is revoked then."""
    with transaction.atomic():
        account_versions.locked(user)
        mail = link_mail_limits.reserve(mail_to, kind=kind, user=user) if mail_to else None
        account_versions.raise_link_version(user)
        # Made under the lock: of two links issued at the same moment, the later revokes
        # the earlier; both are never valid.
        return token_generator.make_token(user), mail
