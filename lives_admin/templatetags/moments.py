"""Dates in templates as the reader's language writes them (lives_admin/i18n/formats.py).

A built-in library (config/settings.py): `{{ job.created_at|day_time }}` anywhere, rather than
`|date:"j M Y, H:i"`, which keeps the English order and Django's "Déc" in French.
"""

from django import template

from lives_admin.i18n import formats

register = template.Library()


def _shown(format_one):
    def display(value):
        return format_one(value) if value else ""

    return display


# expects_localtime: the moment in the reader's timezone first, as Django's |date does.
register.filter("date_time", _shown(formats.date_time), expects_localtime=True)
register.filter("day_time", _shown(formats.day_time), expects_localtime=True)
register.filter("day_time_seconds", _shown(formats.day_time_seconds), expects_localtime=True)
register.filter("day", _shown(formats.day), expects_localtime=True)
