"""The team page's forms (invite a teammate, change a role) and the preferences form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator

from lives_admin.forms.person_names import PersonNameField
from lives_admin.team.roles import Role
from lives_admin.web.timezones import available_timezones

ROLE_CHOICES = [(role.group_name, role.label) for role in Role]
ROLE_HELP = {
    Role.VIEWER: "reads everything and exports",
    Role.ORGANISER: "also creates and edits lives, invites people, links groups",
    Role.ADMIN: "also deletes, runs actions across lives, manages the team and team views",
}


def role_named(name: str) -> Role:
    return Role[name.upper()]


class InviteTeammateForm(forms.Form):
    first_name = PersonNameField(label="First name")
    last_name = PersonNameField(label="Last name", required=False)
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What they type to log in: letters, digits and @ . + - _ only.",
        error_messages={"required": "Pick the username they will log in with."},
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="The set-your-password link is sent there.",
        error_messages={
            "required": "Their email is needed to send them the link.",
            "invalid": "This is not an email address: check it for a typo (name@example.com).",
        },
    )
    role = forms.ChoiceField(
        label="Role", choices=ROLE_CHOICES, initial=Role.VIEWER.group_name, widget=forms.RadioSelect
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        taken = get_user_model().objects.filter(username__iexact=username).first()
        if taken:
            raise forms.ValidationError(
                f"The username “{taken.username}” is already taken: pick another one."
            )
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        owner = get_user_model().objects.filter(email__iexact=email).first()
        if owner:
            raise forms.ValidationError(
                f"{email} already belongs to the account “{owner.username}”"
                + ("." if owner.is_active else ", which is deactivated: reactivate it instead.")
            )
        return email

    def invitation(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "email": data["email"],
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "role": role_named(data["role"]),
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"invalid_choice": "Pick one of the roles: viewer, organiser or admin."},
    )

    @property
    def chosen(self) -> Role:
        return role_named(self.cleaned_data["role"])


class PreferencesForm(forms.Form):
    timezone = forms.CharField(
        label="Your timezone",
        max_length=64,
        required=False,
        help_text="Type to search, e.g. Paris or New_York. Dates are shown and entered in it.",
        widget=forms.TextInput(
            attrs={
                "list": "timezone-names",
                "autocomplete": "off",
                "placeholder": "e.g. Europe/Paris",
            }
        ),
    )

    def clean_timezone(self):
        typed = self.cleaned_data["timezone"].strip()
        if not typed:
            return ""
        # "europe/paris" or "Europe/Paris ": the one name it can only mean.
        by_lower = {name.lower(): name for name in available_timezones()}
        name = by_lower.get(typed.lower().replace(" ", "_"))
        if name is None:
            raise forms.ValidationError(
                f"“{typed}” is not a timezone name. Pick one from the list, "
                "like Europe/Paris or America/New_York."
            )
        return name
