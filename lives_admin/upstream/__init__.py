"""The Django wiring of the MeltingSpot client: the shared client, cache backends, API usage."""
