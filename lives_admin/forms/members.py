"""The member picker's search (the host, speaker and invite pickers type into it)."""

from __future__ import annotations

from django import forms

from lives_admin.forms.fields import search_text

MAX_MEMBER_QUERY = 100  # longer than any name or email address


class MemberSearchForm(forms.Form):
    q = search_text(MAX_MEMBER_QUERY)
