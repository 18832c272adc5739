"""The audit log keeps an edit's changed fields and the live's title when known."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("lives_admin", "0006_insights")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="changes",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="live_title",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
