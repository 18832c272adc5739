from django.apps import AppConfig


class LivesAdminConfig(AppConfig):
    name = "lives_admin"
    verbose_name = "Lives dashboard"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registered on import: start-up checks, the login and deactivation signals.
        from lives_admin import checks  # noqa: F401
        from lives_admin.team import sessions as account_sessions  # noqa: F401
        from lives_admin.team import versions as account_versions  # noqa: F401
