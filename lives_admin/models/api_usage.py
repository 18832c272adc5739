"""The day's MeltingSpot request count, kept in the database as well as in the cache."""

from django.db import models


class ApiDayUsage(models.Model):
    """How many requests the rate limiter let through on a UTC day for one API key (named by
    its fingerprint, never the key). Written every few requests, so the daily budget
    survives a Redis restart that empties the cache's counter."""

    key_fingerprint = models.CharField(max_length=16)
    day = models.DateField()
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key_fingerprint", "day"], name="api_day_usage_once")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.used} requests"
