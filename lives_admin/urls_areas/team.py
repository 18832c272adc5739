"""The team (admins manage accounts and roles), each person's preferences and language."""

from django.urls import path

from lives_admin.views import language, password, preferences, team

urlpatterns = [
    path("team/", team.team_list, name="team_list"),
    path("team/invite/", team.team_invite, name="team_invite"),
    path("team/<int:member_id>/role/", team.team_member_role, name="team_member_role"),
    path("team/<int:member_id>/active/", team.team_member_active, name="team_member_active"),
    path("team/<int:member_id>/link/", team.team_member_link, name="team_member_link"),
    path("team/<int:member_id>/reset/", team.team_member_reset, name="team_member_reset"),
    # Public: the token in the link is the credential (Django's password-reset machinery).
    path("team/welcome/<uidb64>/<token>/", team.team_welcome, name="team_welcome"),
    path("me/", preferences.preferences, name="preferences"),
    path("me/password/", password.password_change, name="password_change"),
    path("language/", language.set_language, name="set_language"),
    path("language/catalog.js", language.javascript_catalog, name="javascript_catalog"),
]
