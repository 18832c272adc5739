"""`{% data_freshness %}`: how fresh the MeltingSpot data on screen is, and a Refresh
control that reads it anew (issue 18). With `target`, Refresh reloads only that region."""

import time
from datetime import UTC, datetime

from django import template

from lives_admin.upstream.freshness import REFRESH_PARAM, oldest_fetched

register = template.Library()


@register.inclusion_tag("lives_admin/_freshness.html", takes_context=True)
def data_freshness(context, target: str = ""):
    fetched = oldest_fetched()
    request = context.get("request")
    if fetched is None or request is None:
        return {"as_of": None}
    query = request.GET.copy()
    query[REFRESH_PARAM] = "1"
    return {
        "as_of": datetime.fromtimestamp(fetched, tz=UTC),
        "age": max(0, int(time.time() - fetched)),
        "refresh_url": f"{request.path}?{query.urlencode()}",
        "target": target,
    }
