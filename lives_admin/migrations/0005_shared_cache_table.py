"""The table of the shared database cache (a no-op when CACHE_URL names Redis)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("lives_admin", "0004_invite_draft_job")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
