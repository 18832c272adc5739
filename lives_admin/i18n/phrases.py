"""Phrases said in several places, translated once (like pretalx's `phrases`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YES = pgettext_lazy("a cell of an export", "yes")
NO = pgettext_lazy("a cell of an export", "no")
TRY_AGAIN_SOON = _("Try again in a moment.")
FILTERS = _("Filters")

# MeltingSpot's `title[contains]` compares letters exactly: "conference" does not find
# "Conférence". One place, so it goes when the search learns to ignore accents.
TITLE_SEARCH_IS_ACCENT_SENSITIVE = _(
    "Accents count: “conference” does not find “Conférence”. Type the title’s accents."
)
# After a timeout the answer was lost, not necessarily the write.
MAY_HAVE_HAPPENED = _("It may still have done it: check the lives before sending this again.")
# Between the items of a sentence-like list ("Invited: 1; Accepted: 1"): French puts a
# narrow no-break space before ";".
LIST_SEPARATOR = pgettext_lazy("between the items of a list", "; ")
