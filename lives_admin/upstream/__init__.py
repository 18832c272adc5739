"""The Django wiring of the MeltingSpot client: the process-wide client built from the
settings, the cache backends and limiter stores it counts on, the API usage ledger."""

from lives_admin.upstream.client import get_client, reset_client

__all__ = ["get_client", "reset_client"]
