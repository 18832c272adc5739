"""Addresses that keep only the filters in use (README): a GET filter form sends its
empty boxes and its defaults too, and neither belongs in the address bar or a link."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict


def filters_in_use(params: QueryDict, defaults: Mapping[str, str] | None = None) -> QueryDict:
    """`params` without empty values, nor a value equal to its field's default
    (e.g. {"match": "contains", "per_page": "25", "page": "1"})."""
    defaults = defaults or {}
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value.strip()]
        if values and not (name in defaults and values == [defaults[name]]):
            kept.setlist(name, values)
    return kept
