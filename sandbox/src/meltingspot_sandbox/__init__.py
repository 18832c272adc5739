"""A local emulator of the MeltingSpot Open API with demo data (see sandbox/README.md).

It imports nothing from the dashboard: the dashboard reaches it over real HTTP.
"""
