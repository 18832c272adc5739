from django.apps import AppConfig


class LivesAdminConfig(AppConfig):
    name = "lives_admin"
    verbose_name = "Lives dashboard"
    default_auto_field = "django.db.models.BigAutoField"
