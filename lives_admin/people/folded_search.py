"""Name searches of a live's people that ignore accents and case ("ines" finds "Inès").

The API's `[contains]` tells accents apart (docs/api.md). When everyone the other
filters match fits in a bounded read (`MAX_PEOPLE`, ten pages of the API's largest),
the dashboard reads them (shared reads keep that cheap) and compares the names folded;
beyond it, the API's search answers and the panel says it tells accents apart.
"""

from __future__ import annotations

import dataclasses

from lives_admin.meltingspot import Page
from lives_admin.people.member_index.folding import fold

READ_PAGE = 100  # the most one page of the API holds (docs/api.md, D4)
MAX_PEOPLE = 1_000  # ten calls at most
_NAMES = ("first_name", "last_name", "email")


def _needles(filters) -> dict[str, str]:
    return {
        name: fold(value)
        for name in _NAMES
        if (value := (getattr(filters, f"{name}_contains") or "").strip())
    }


def searches_names(filters) -> bool:
    return bool(_needles(filters))


def matching(resource, live_id: str, filters) -> list | None:
    """Everyone `filters` matches, names compared folded; None: no name search to fold,
    or more people than one bounded read (then the API's search is the one used)."""
    needles = _needles(filters)
    if not needles:
        return None
    others = dataclasses.replace(filters, **{f"{name}_contains": None for name in _NAMES})
    first = resource.list(live_id, others, page=1, limit=READ_PAGE)
    if first.total > MAX_PEOPLE:
        return None
    people, number = list(first.items), 1
    while len(people) < first.total and number < MAX_PEOPLE // READ_PAGE:
        number += 1
        more = resource.list(live_id, others, page=number, limit=READ_PAGE).items
        if not more:
            break
        people.extend(more)
    return [
        person
        for person in people
        if all(needle in fold(getattr(person, name)) for name, needle in needles.items())
    ]


def page_of(people: list, page: int, limit: int) -> Page:
    start = (page - 1) * limit
    return Page(
        items=tuple(people[start : start + limit]), total=len(people), page=page, limit=limit
    )


def search_page(resource, live_id: str, filters, *, page: int, limit: int) -> tuple[Page, bool]:
    """(the page, whether its name search told accents apart: the API's, beyond the cap)."""
    found = matching(resource, live_id, filters)
    if found is not None:
        return page_of(found, page, limit), False
    return resource.list(live_id, filters, page=page, limit=limit), searches_names(filters)


def iter_matching(resource, live_id: str, filters):
    """Every match, as an export reads them: folded within the cap, else the API's."""
    found = matching(resource, live_id, filters)
    yield from resource.iter_all(live_id, filters) if found is None else found
