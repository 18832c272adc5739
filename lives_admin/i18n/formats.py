"""Numbers and percentages as the active language writes them.

Django's locale formats do the work (fr: "1 234" with a narrow no-break space,
"67 %"); every figure shown or exported goes through here rather than f"{x:,}".
"""

from __future__ import annotations

from django.utils import dateformat, formats, numberformat
from django.utils.translation import get_language, pgettext, pgettext_lazy


def number(value, decimals: int | None = None) -> str:
    """A count or measure with the language's grouping and decimal separators."""
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


def percent(value, decimals: int | None = None) -> str:
    """`value` is already a percentage: 66.7 → "66.7 %", in French "66,7 %" (no-break space)."""
    return pgettext("percentage", "%(number)s %%") % {"number": number(value, decimals)}


def date_time(value) -> str:
    """A moment as a live's date: "Thu 11 Feb 2027, 20:15", "jeu. 11 févr. 2027, 20:15".
    `value` is already in the reader's timezone."""
    return formats.date_format(value, pgettext("date and time format", "D j M Y, H:i"))


class PageFormats:
    """number(), percent() and date_time() for a page of many rows (the lives list): the
    language's separators and formats read once rather than three lookups a figure."""

    def __init__(self):
        language = get_language()
        self._decimal = formats.get_format("DECIMAL_SEPARATOR", language)
        self._grouping = formats.get_format("NUMBER_GROUPING", language)
        self._thousands = formats.get_format("THOUSAND_SEPARATOR", language)
        self._percent = pgettext("percentage", "%(number)s %%")
        date_time_format = formats.get_format(
            pgettext("date and time format", "D j M Y, H:i"), language
        )
        # Django's DateFormat.format, its format string split once: (is a letter, text).
        self._date_time = [
            (True, piece) if index % 2 else (False, dateformat.re_escaped.sub(r"\1", piece))
            for index, piece in enumerate(dateformat.re_formatchars.split(date_time_format))
            if piece
        ]
        # Weekday and month names, translated once per page rather than once per row.
        self._names: dict[tuple[str, int], str] = {}

    def number(self, value, decimals: int | None = None) -> str:
        return numberformat.format(
            value,
            self._decimal,
            decimals,
            self._grouping,
            self._thousands,
            force_grouping=True,
            use_l10n=True,
        )

    def percent(self, value, decimals: int | None = None) -> str:
        return self._percent % {"number": self.number(value, decimals)}

    def date_time(self, value) -> str:
        written = dateformat.DateFormat(value)
        parts = []
        for is_letter, piece in self._date_time:
            if not is_letter:
                parts.append(piece)
            elif piece in _WEEKDAY_LETTERS or piece in _MONTH_LETTERS:
                key = (piece, value.weekday() if piece in _WEEKDAY_LETTERS else value.month)
                if key not in self._names:
                    self._names[key] = str(getattr(written, piece)())
                parts.append(self._names[key])
            else:
                parts.append(str(getattr(written, piece)()))
        return "".join(parts)


# DateFormat's letters that write only the weekday's or the month's name.
_WEEKDAY_LETTERS = frozenset("Dl")
_MONTH_LETTERS = frozenset("bEFMN")


def day_time(value) -> str:
    """A moment without its weekday: "11 Feb 2027, 20:15", "11 févr. 2027, 20:15"."""
    return formats.date_format(value, pgettext("day and time format", "j M Y, H:i"))


def day_time_seconds(value) -> str:
    """A logged moment to the second: "11 Feb 2027, 20:15:07", "11 févr. 2027, 20:15:07"."""
    return formats.date_format(value, pgettext("day and time with seconds format", "j M Y, H:i:s"))


def day(value) -> str:
    """A day: "11 Feb 2027", "11 févr. 2027"."""
    return formats.date_format(value, pgettext("day format", "j M Y"))


def day_and_month(value) -> str:
    """A day in a chart's label: "11 Feb", "11 févr."."""
    return formats.date_format(value, pgettext("day and month format", "j M"))


# The French "N" format (a month's abbreviation, used above) as French writes them
# (Django's catalogue says "fév.", "avr", "juil."): our catalogue wins over Django's.
MONTH_ABBREVIATIONS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
