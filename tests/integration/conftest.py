"""Fixtures of the integration tests that several areas use."""

import pytest

from lives_admin.upstream import reset_client
from tests.gated_api import GatedAPI


@pytest.fixture
def gated(sandbox, settings):
    """The dashboard reaches the sandbox through a proxy that can hold chosen requests
    (tests/gated_api.py): a test controls the window of a race instead of a clock."""
    with GatedAPI(sandbox.url) as api:
        settings.MELTINGSPOT_API_URL = api.url
        reset_client()
        yield api
    reset_client()
