"""Numbers and percentages as the active language writes them.

Django's locale formats do the work (fr: "1 234" with a narrow no-break space,
"67 %"); every figure shown or exported goes through here rather than f"{x:,}".
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import pgettext


def number(value, decimals: int | None = None) -> str:
    """A count or measure with the language's grouping and decimal separators."""
    return formats.number_format(value, decimal_pos=decimals, force_grouping=True)


def percent(value, decimals: int | None = None) -> str:
    """`value` is already a percentage: 66.7 → "66.7 %", in French "66,7 %" (no-break space)."""
    return pgettext("percentage", "%(number)s %%") % {"number": number(value, decimals)}
