"""`PageFormats` (the language's formats read once for a page of rows) writes exactly what
number(), percent() and date_time() write, in English and in French."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from lives_admin.i18n.formats import PageFormats, date_time, number, percent

VALUES = [0, 7, 1234, 1234567, 12.5, 66.7, 1234.5, Decimal("9876543.2")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_page_formats_write_what_the_functions_write(language):
    with translation.override(language):
        page = PageFormats()
        for value in VALUES:
            assert page.number(value) == number(value)
            assert page.percent(value) == percent(value)
        moment = dt.datetime(2027, 2, 11, 20, 15, tzinfo=dt.UTC)
        # Every weekday and month (their names are kept per page), midnight, a minute.
        for days in range(0, 400, 3):
            later = moment + dt.timedelta(days=days, minutes=days * 7)
            assert page.date_time(later) == date_time(later)
        if language == "fr":
            assert page.number(1234567) == "1\xa0234\xa0567"
            assert page.date_time(moment) == "jeu. 11 févr. 2027, 20:15"
