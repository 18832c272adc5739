"""Path converters: an id in the dashboard's own URLs is matched before any view runs.

`/lives/%2E%2E/history/` or `/lives/live001%0D%0AX:1/jobs/` is not a page of some live
that happens to be empty: it is no page at all, a 404, and no view (so no API call) runs.
The rule is the API client's own (lives_admin.meltingspot.ids): a string that could not
be sent to MeltingSpot as an id is not an id in our URLs either.
"""

from __future__ import annotations

from django.urls import register_converter

from lives_admin.meltingspot.ids import ID_PATTERN


class MeltingSpotIdConverter:
    """A MeltingSpot id, as the API client would send it (none other reaches a view)."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class LiveIdConverter(MeltingSpotIdConverter):
    """A live id, never one of the fixed words other routes use under `lives/`
    (`lives/bulk/` belongs to the bulk actions, whose module is included after the lives')."""

    RESERVED = frozenset({"bulk", "new", "preview", "views"})

    def to_python(self, value: str) -> str:
        if value in self.RESERVED:
            raise ValueError(value)  # "no match": Django tries the next route
        return value


class ExportFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LiveIdConverter, "live_id")
register_converter(ExportFormatConverter, "export_format")
