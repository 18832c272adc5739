"""The team page's forms (invite a teammate, change a role) and the preferences form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from lives_admin.forms.person_names import PersonNameField
from lives_admin.i18n.languages import own_names
from lives_admin.team.roles import Role
from lives_admin.web.timezones import timezone_named

ROLE_CHOICES = [(role.group_name, role.label) for role in Role]
ROLE_HELP = {
    Role.VIEWER: _("reads everything and exports"),
    Role.ORGANISER: _("also creates and edits lives, invites people, links groups"),
    Role.ADMIN: _("also deletes, runs actions across lives, manages the team and team views"),
}


def role_named(name: str) -> Role:
    return Role[name.upper()]


class LanguageSelect(forms.Select):
    """Each option marked with its language (`lang`): a screen reader says "Français"
    in French."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class InviteTeammateForm(forms.Form):
    first_name = PersonNameField(label=_("First name"))
    last_name = PersonNameField(label=_("Last name"), required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What they type to log in: letters, digits and @ . + - _ only."),
        error_messages={"required": _("Pick the username they will log in with.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The set-your-password link is sent there."),
        error_messages={
            "required": _("Their email is needed to send them the link."),
            "invalid": _("This is not an email address: check it for a typo (name@example.com)."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=ROLE_CHOICES,
        initial=Role.VIEWER.group_name,
        widget=forms.RadioSelect,
    )
    # The invitation mail is written in it, and their dashboard opens in it.
    language = forms.ChoiceField(
        required=False,  # none sent: the inviter's
        label=_("Language of the invitation"),
        choices=own_names,
        initial=settings.LANGUAGE_CODE,
        widget=LanguageSelect,
        help_text=_("The email is written in it; they can change it later in Preferences."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        taken = get_user_model().objects.filter(username__iexact=username).first()
        if taken:
            raise forms.ValidationError(
                _("The username “%(username)s” is already taken: pick another one.")
                % {"username": taken.username}
            )
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        owner = get_user_model().objects.filter(email__iexact=email).first()
        if owner:
            message = (
                _("%(email)s already belongs to the account “%(username)s”.")
                if owner.is_active
                else _(
                    "%(email)s already belongs to the account “%(username)s”, which is "
                    "deactivated: reactivate it instead."
                )
            )
            raise forms.ValidationError(message % {"email": email, "username": owner.username})
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
        error_messages={"invalid_choice": _("Pick one of the roles: viewer, organiser or admin.")},
    )

    @property
    def chosen(self) -> Role:
        return role_named(self.cleaned_data["role"])


class ActiveForm(forms.Form):
    """The Team page's activate / deactivate switch: a value missing is an error, never a
    deactivation (a form sent without it deactivated the person)."""

    active = forms.ChoiceField(
        choices=[("1", "1"), ("0", "0")],
        error_messages={
            "required": _("Choose whether to activate or deactivate this person: nothing changed."),
            "invalid_choice": _(
                "Choose whether to activate or deactivate this person: nothing changed."
            ),
        },
    )

    @property
    def chosen(self) -> bool:
        return self.cleaned_data["active"] == "1"


class PreferencesForm(forms.Form):
    timezone = forms.CharField(
        label=_("Your timezone"),
        max_length=64,
        required=False,
        help_text=_("Type to search, e.g. Paris or New_York. Dates are shown and entered in it."),
        widget=forms.TextInput(
            attrs={
                "list": "timezone-names",
                "autocomplete": "off",
                "placeholder": _("e.g. Europe/Paris"),
            }
        ),
    )

    def clean_timezone(self):
        typed = self.cleaned_data["timezone"].strip()
        if not typed:
            return ""
        # "europe/paris", "Paris" or "New York": the one name it can only mean.
        name = timezone_named(typed)
        if name is None:
            raise forms.ValidationError(
                _(
                    "“%(typed)s” is not a timezone name. Pick one from the list, "
                    "like Europe/Paris or America/New_York."
                )
                % {"typed": typed}
            )
        return name
