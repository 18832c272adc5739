"""Numbers, percentages and dates as the active language writes them."""

import datetime as dt

from django.utils import translation

from lives_admin.i18n.formats import date_time, day, day_and_month, number, percent

THURSDAY = dt.datetime(2027, 2, 11, 20, 15)


def test_english_keeps_its_usual_forms():
    with translation.override("en"):
        assert number(1234567) == "1,234,567"
        assert percent(67) == "67 %"
        assert percent(66.7) == "66.7 %"
        assert date_time(THURSDAY) == "Thu 11 Feb 2027, 20:15"
        assert day(THURSDAY) == "11 Feb 2027"
        assert day_and_month(THURSDAY) == "11 Feb"


def test_french_forms_with_no_break_spaces_and_french_abbreviations():
    with translation.override("fr"):
        assert number(1234567) == "1\xa0234\xa0567"
        assert percent(67) == "67\xa0%"
        assert percent(66.7) == "66,7\xa0%"
        assert date_time(THURSDAY) == "jeu. 11 févr. 2027, 20:15"
        assert day(THURSDAY) == "11 févr. 2027"
        assert day_and_month(dt.date(2027, 7, 14)) == "14 juil."
