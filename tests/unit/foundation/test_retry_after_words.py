"""A 429 page says when to try again in whole seconds, never "0 seconds"."""

import pytest
from django.utils import translation

from lives_admin import meltingspot
from lives_admin.web.middleware import describe_api_error


def rate_limited(retry_after):
    return meltingspot.RateLimitError(
        "429", status_code=429, body=None, headers=None, retry_after=retry_after
    )


@pytest.mark.parametrize(
    ("retry_after", "said"),
    [
        (0.4, "Try again in 1 second."),
        (1, "Try again in 1 second."),
        (1.2, "Try again in 2 seconds."),
        (27, "Try again in 27 seconds."),
        (None, "Try again in a moment."),
    ],
)
def test_the_wait_is_rounded_up_to_a_whole_second(retry_after, said):
    with translation.override("en"):
        status, _title, text = describe_api_error(rate_limited(retry_after))
    assert status == 429
    assert text.endswith(said)


def test_the_wait_is_said_in_french():
    with translation.override("fr"):
        _status, _title, text = describe_api_error(rate_limited(0.4))
    assert "1\u00a0seconde" in text or "1 seconde" in text
