"""The worker's infrastructure: liveness, process identity, database outages."""
