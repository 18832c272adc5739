"""The one route table: (method, path pattern) → handler, for the API and the control endpoints.

Dispatch, 404 versus 405 and the control endpoints all read `ROUTES`. A pattern names its
path parameters in braces (`/v1/lives/{live}`); a parameter never holds `/` or `~`, so
`/v1/lives/{live}/groups~bulkAdd` and `/v1/lives/{live}/groups` stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote

from meltingspot_sandbox import control
from meltingspot_sandbox.api import Api, Reply

if TYPE_CHECKING:
    from meltingspot_sandbox.server import Sandbox

CONTROL_PREFIX = "/__sandbox__/"


@dataclass(frozen=True)
class Call:
    """What a handler receives: the sandbox, the path parameters, the query and the body."""

    sandbox: Sandbox
    params: dict[str, str]
    query: dict[str, str]
    body: object

    @property
    def api(self) -> Api:
        return self.sandbox.api

    def __getattr__(self, name: str) -> str:
        # call.live, call.group, call.member: the path parameters by name.
        try:
            return self.params[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Callable[[Call], Reply]
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/~]+)", self.pattern)
        object.__setattr__(self, "regex", re.compile(f"^{regex}$"))

    @property
    def is_control(self) -> bool:
        """Control endpoints skip latency, faults, the rate limit and the request log."""
        return self.pattern.startswith(CONTROL_PREFIX)


ROUTES: tuple[Route, ...] = (
    # -- the MeltingSpot API (docs/api.md, Endpoints) -------------------------------
    Route("GET", "/v1/lives", lambda c: c.api.list_lives(c.query)),
    Route("POST", "/v1/lives", lambda c: c.api.create_live(c.body)),
    Route("GET", "/v1/lives/{live}", lambda c: c.api.get_live(c.live)),
    Route("PUT", "/v1/lives/{live}", lambda c: c.api.update_live(c.live, c.body)),
    Route("DELETE", "/v1/lives/{live}", lambda c: c.api.delete_live(c.live)),
    Route("GET", "/v1/lives/{live}/groups", lambda c: c.api.list_live_groups(c.live, c.query)),
    Route("POST", "/v1/lives/{live}/groups", lambda c: c.api.link_group(c.live, c.body)),
    Route(
        "DELETE",
        "/v1/lives/{live}/groups/{group}",
        lambda c: c.api.unlink_groups(c.live, [c.group]),
    ),
    Route(
        "POST", "/v1/lives/{live}/groups~bulkAdd", lambda c: c.api.bulk_link_groups(c.live, c.body)
    ),
    Route(
        "POST",
        "/v1/lives/{live}/groups~bulkRemove",
        lambda c: c.api.bulk_unlink_groups(c.live, c.body),
    ),
    Route(
        "GET",
        "/v1/lives/{live}/speakers",
        lambda c: c.api.list_people(c.live, c.query, speakers=True),
    ),
    Route("POST", "/v1/lives/{live}/speakers", lambda c: c.api.invite_speaker(c.live, c.body)),
    Route(
        "POST",
        "/v1/lives/{live}/speakers~bulkInvite",
        lambda c: c.api.bulk_invite_speakers(c.live, c.body),
    ),
    Route(
        "GET",
        "/v1/lives/{live}/participants",
        lambda c: c.api.list_people(c.live, c.query, speakers=False),
    ),
    Route(
        "POST", "/v1/lives/{live}/participants", lambda c: c.api.invite_participant(c.live, c.body)
    ),
    Route(
        "POST",
        "/v1/lives/{live}/participants~bulkInvite",
        lambda c: c.api.bulk_invite_participants(c.live, c.body),
    ),
    Route("GET", "/v1/groups", lambda c: c.api.list_groups(c.query)),
    Route("GET", "/v1/groups/{group}/spotMembers", lambda c: c.api.group_members(c.group, c.query)),
    Route("GET", "/v1/spotMembers", lambda c: c.api.list_members(c.query)),
    Route("GET", "/v1/spotMembers/{member}", lambda c: c.api.get_member(c.member)),
    # -- control endpoints, for tests and benchmarks (sandbox/README.md) --------------
    Route("POST", "/__sandbox__/reset", control.reset),
    Route("GET", "/__sandbox__/emails", control.emails),
    Route("GET", "/__sandbox__/requests", control.requests),
    Route("DELETE", "/__sandbox__/requests", control.clear_requests),
    Route("GET", "/__sandbox__/held-requests", control.held_requests),
    Route("POST", "/__sandbox__/config", control.configure),
    Route("POST", "/__sandbox__/lives/{live}/fake-participants", control.fake_participants),
    Route("POST", "/__sandbox__/lives/{live}/description-nodes", control.description_nodes),
    Route("POST", "/__sandbox__/fake-members", control.fake_members),
    Route("POST", "/__sandbox__/members", control.register_member),
    Route("DELETE", "/__sandbox__/members/{member}", control.remove_member),
    Route("POST", "/__sandbox__/fake-lives", control.fake_lives),
)


def resolve(method: str, path: str) -> tuple[Route | None, dict[str, str], int]:
    """The route for this request and its path parameters, or (None, {}, 404 or 405)."""
    path_known = False
    for route in ROUTES:
        match = route.regex.match(path)
        if match is None:
            continue
        if route.method == method:
            return route, {k: unquote(v) for k, v in match.groupdict().items()}, 200
        path_known = True
    return None, {}, 405 if path_known else 404
