"""Create, edit and duplicate a live: every field of `POST`/`PUT /v1/lives` as a Django form.

Start and end are local date-times plus a timezone (default: the organiser's);
fields that do not apply to the chosen solution are neither required nor sent.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from urllib.parse import urlsplit

from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lives_admin.forms.live_filters import BUILT_IN_TYPE_LABELS, SOLUTION_LABELS
from lives_admin.forms.rendering import shown_when
from lives_admin.i18n.formats import number
from lives_admin.lives.changes import comparable
from lives_admin.lives.markdown_preview import MAX_DESCRIPTION_CHARS
from lives_admin.lives.schedule import MAX_OCCURRENCES, REPEAT_CHOICES
from lives_admin.meltingspot import (
    BUILT_IN_TYPES,
    SOLUTIONS,
    LiveCreate,
    LiveUpdate,
    MeltingSpotError,
)
from lives_admin.models import SavedView
from lives_admin.people import members
from lives_admin.web.timezones import available_timezones

VIDEO_HOSTS = {
    "Youtube": ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
    "Vimeo": ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
}
VISIBILITY_CHOICES = [
    ("InvitedMembersOnly", _("Secret: only the people invited see it")),
    ("OnlySpotMembers", _("Private: every member of the Spot sees it")),
    ("AnyOne", _("Public: anyone with the link sees it")),
]
PARTICIPATION_CHOICES = [
    ("InvitedMembersOnly", _("On invitation only")),
    ("AnySpotMembers", _("Any member of the Spot can register")),
]
DISPLAY_CHOICES = [
    ("Display", pgettext_lazy("chat or list", "Shown")),
    ("Hidden", pgettext_lazy("chat or list", "Hidden")),
]
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
FORCED_PARTICIPATION_NOTE = _(
    "Who can take part is now “On invitation only”: a secret live is always on invitation only."
)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date-time, kept naive: the form's own timezone field gives it a zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        return forms.fields.BaseTemporalField.to_python(self, value)

    def prepare_value(self, value):
        return value


def built_in_only(field):
    """A field that applies to MeltingSpot's own video solution only."""
    return shown_when(field, "solution=BuiltIn")


def optional_url(label, **kwargs) -> forms.URLField:
    """An address that may be left empty; typed without its scheme, it is https."""
    return forms.URLField(required=False, label=label, assume_scheme="https", **kwargs)


class LiveFieldsForm(forms.Form):
    """The fields create and edit share."""

    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,  # what the preview renders
        label=_("Description"),
        help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    timezone = forms.ChoiceField(
        label=_("Timezone"), help_text=_("Start and end are in this timezone.")
    )
    solution = forms.ChoiceField(
        label=_("Video solution"), choices=[(s, SOLUTION_LABELS[s]) for s in SOLUTIONS]
    )
    built_in_type = shown_when(
        forms.ChoiceField(
            required=False,
            label=_("Built-in type"),
            choices=[("", _("Choose…")), *((t, BUILT_IN_TYPE_LABELS[t]) for t in BUILT_IN_TYPES)],
        ),
        "solution=BuiltIn",
    )
    record = built_in_only(forms.BooleanField(required=False, label=_("Record the live")))
    video_url = shown_when(
        optional_url(
            _("Video URL"),
            help_text=_("The YouTube or Vimeo address of the stream."),
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
        ),
        "solution=Youtube,Vimeo",
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=VISIBILITY_CHOICES, initial="InvitedMembersOnly"
    )
    participation = forms.ChoiceField(
        label=_("Who can take part"),
        choices=PARTICIPATION_CHOICES,
        initial="InvitedMembersOnly",
        help_text=_("A secret live is always on invitation only."),
    )
    chat_visibility = forms.ChoiceField(label=_("Chat"), choices=DISPLAY_CHOICES, initial="Display")
    participants_visibility = forms.ChoiceField(
        label=_("Participant list"), choices=DISPLAY_CHOICES, initial="Display"
    )

    def __init__(self, *args, default_timezone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []  # what the form did to the organiser's values, said on save
        self.fields["timezone"].choices = [(name, name) for name in available_timezones()]
        self.fields["timezone"].initial = default_timezone

    def clean(self):
        data = super().clean()
        zone_name = data.get("timezone")
        start, end = data.get("start"), data.get("end")
        if zone_name and start and end:
            zone = zoneinfo.ZoneInfo(zone_name)
            data["start_at"] = start.replace(tzinfo=zone)
            data["end_at"] = end.replace(tzinfo=zone)
            if data["end_at"] <= data["start_at"]:
                self.add_error("end", _("The live must end after it starts."))
        solution = data.get("solution")
        if solution == "BuiltIn" and not data.get("built_in_type"):
            self.add_error("built_in_type", _("Choose workshop or conference for a built-in live."))
        if solution in VIDEO_HOSTS:
            url = data.get("video_url")
            if not url and "video_url" not in self.errors:
                self.add_error(
                    "video_url",
                    _("A %(solution)s live needs its URL.")
                    % {"solution": SOLUTION_LABELS[solution]},
                )
            elif url and (urlsplit(url).hostname or "").lower() not in VIDEO_HOSTS[solution]:
                self.add_error(
                    "video_url",
                    _("This is not a %(solution)s address.")
                    % {"solution": SOLUTION_LABELS[solution]},
                )
        if self._privacy_rule_applies():
            self._apply_privacy_rule(data)
        return data

    def _privacy_rule_applies(self) -> bool:
        return True

    def _apply_privacy_rule(self, data: dict) -> None:
        """docs/api.md, Privacy rules: a secret live is on invitation only."""
        if data.get("visibility") == "InvitedMembersOnly":
            if data.get("participation") not in (None, "InvitedMembersOnly"):
                self.notes.append(str(FORCED_PARTICIPATION_NOTE))
            data["participation"] = "InvitedMembersOnly"

    def fields_in_error(self) -> list:
        """For the banner, which names them: a field in error may be hidden or far below."""
        return [field for field in self if field.errors]

    def _live_fields(self) -> dict:
        data = self.cleaned_data
        solution = data["solution"]
        built_in = solution == "BuiltIn"
        return {
            "title": data["title"].strip(),
            "description": data.get("description") or "",
            "start_date": data["start_at"],
            "end_date": data["end_at"],
            "solution": solution,
            "built_in_type": data.get("built_in_type") if built_in else None,
            "record": bool(data.get("record")) if built_in else None,
            "video_url": data.get("video_url") if solution in VIDEO_HOSTS else None,
            "visibility": data["visibility"],
            "participation": data["participation"],
            "chat_visibility": data["chat_visibility"],
            "participants_visibility": data["participants_visibility"],
        }


class LiveCreateForm(LiveFieldsForm):
    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Host"),
        help_text=_("Type a name or an email of a Spot member, then pick one."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    host_id = forms.CharField(required=False, max_length=100)

    field_order = ["title", "q", "host_id"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.host_candidates = []
        # The host search asks the member picker as the organiser types; its answer (radio
        # buttons named host_id) fills #host-results, beside the box in the form's page.
        self.fields["q"].widget.attrs.update(
            {
                "aria-controls": "host-results",
                "hx-get": reverse("lives_admin:member_search") + "?field=host_id",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#host-results",
                "hx-sync": "this:replace",
            }
        )

    def clean(self):
        data = super().clean()
        if data.get("host_id"):
            return data
        lookup = (data.get("q") or "").strip()
        try:
            self._find_host(data, lookup)
        except MeltingSpotError:
            # MeltingSpot's trouble is the form's error: every typed value stays.
            self.add_error(
                "q",
                _(
                    "The Spot's members cannot be searched right now (MeltingSpot did not "
                    "answer). Nothing you typed is lost: try again in a moment."
                ),
            )
        return data

    def _find_host(self, data: dict, lookup: str) -> None:
        if not lookup:
            self.add_error("q", _("Pick the host among the Spot's members."))
        elif "@" in lookup:
            member = members.find_by_email(lookup)
            if member is None:
                self.add_error("q", _("No member of the Spot has this email."))
            else:
                data["host_id"] = member.id
                self.host_candidates = [member]
        else:
            search = members.search(lookup, limit=10)
            found = search.members
            if len(found) == 1:
                data["host_id"] = found[0].id
                self.host_candidates = found
            elif found:
                self.host_candidates = found
                self.add_error("q", _("Several members match: pick the host below."))
            elif search.partial:
                self.add_error(
                    "q",
                    _(
                        "No member matches this name among the first %(looked_at)s of the "
                        "Spot’s %(total)s members: type the host’s email address instead."
                    )
                    % {"looked_at": number(search.looked_at), "total": number(search.total)},
                )
            else:
                self.add_error("q", _("No member of the Spot matches this name."))

    def to_create(self) -> LiveCreate:
        return LiveCreate(spot_member_host_id=self.cleaned_data["host_id"], **self._live_fields())


class LiveEditForm(LiveFieldsForm):
    """Its initial values are the live as it is: what the organiser leaves as it is, the
    form does not judge or change (a description MeltingSpot holds may be longer than
    the form takes; a secret live it lets any member join stays so)."""

    record_available = built_in_only(
        forms.BooleanField(required=False, label=_("Make the recording available"))
    )
    replay_video_url = built_in_only(optional_url(_("Replay video URL")))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and not self._changed("description"):
            # The length limit is for what the organiser writes, not what the live holds.
            description = self.fields["description"]
            description.max_length = None
            description.validators = [
                v for v in description.validators if not isinstance(v, MaxLengthValidator)
            ]

    def _changed(self, name: str) -> bool:
        if name not in self.initial:
            return True
        posted = self.fields[name].widget.value_from_datadict(self.data, self.files, name)
        return comparable(posted or "") != comparable(self.initial[name] or "")

    def _privacy_rule_applies(self) -> bool:
        # Checked when the organiser sets either field, not forced on a live they left alone.
        return self._changed("visibility") or self._changed("participation")

    def to_update(self) -> LiveUpdate:
        data = self.cleaned_data
        built_in = data["solution"] == "BuiltIn"
        return LiveUpdate(
            **self._live_fields(),
            record_available=bool(data.get("record_available")) if built_in else None,
            replay_video_url=(data.get("replay_video_url") or None) if built_in else None,
        )


class LiveDuplicateForm(LiveCreateForm):
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, initial="once")
    # Required with a repeat only: for "Once" the browser hides it, disables it and sends nothing.
    occurrences = shown_when(
        forms.IntegerField(
            required=False,
            label=_("Number of lives"),
            min_value=1,
            max_value=MAX_OCCURRENCES,
            initial=1,
            help_text=format_lazy(
                _("With a repeat: how many lives to create (at most {count})."),
                count=MAX_OCCURRENCES,
            ),
        ),
        "repeat=daily,weekly,fortnightly",
    )
    copy_groups = forms.BooleanField(required=False, initial=True, label=_("Link the same groups"))
    copy_speakers = forms.BooleanField(
        required=False, initial=True, label=_("Invite the same speakers (without email)")
    )

    def clean(self):
        data = super().clean()
        if data.get("repeat", "once") == "once":
            self.errors.pop("occurrences", None)  # a field not shown cannot be wrong
            data["occurrences"] = 1
        elif data.get("occurrences") is None and "occurrences" not in self.errors:
            self.add_error("occurrences", _("With a repeat, say how many lives to create."))
        return data


def initial_from_live(live, zone: dt.tzinfo) -> dict:
    """The form's initial values from a Live, dates as wall-clock times in `zone`."""
    start = live.start_date.astimezone(zone).replace(tzinfo=None) if live.start_date else None
    end = live.end_date.astimezone(zone).replace(tzinfo=None) if live.end_date else None
    return {
        "title": live.title,
        "description": live.description_markdown,
        "start": start,
        "end": end,
        "timezone": str(zone),
        "solution": live.solution,
        "built_in_type": live.built_in_type or "",
        "record": bool(live.is_recorded),
        "record_available": bool(live.record_available),
        "video_url": live.video_url or "",
        "replay_video_url": live.replay_video_url or "",
        "visibility": live.visibility or "InvitedMembersOnly",
        "participation": live.participation or "InvitedMembersOnly",
        "chat_visibility": live.chat_visibility
        if live.chat_visibility in ("Display", "Hidden")
        else "Display",
        "participants_visibility": live.participants_visibility
        if live.participants_visibility in ("Display", "Hidden")
        else "Display",
    }


def _is_invisible(char: str) -> bool:
    """Control and format characters, line and paragraph separators."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "shared"]
        labels = {"name": _("Name of this view"), "shared": _("Share with the whole team")}
        help_texts = {"name": _("It appears in the navigation, one click from these filters.")}
        error_messages = {"name": {"required": _("Give the view a name.")}}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(
        self,
        *args,
        owner=None,
        query_string: str = "",
        filter_form: forms.Form | None = None,
        can_share: bool = False,
        **kw,
    ):
        """`query_string`: the valid filters to save; `filter_form`: the lives filter form
        they were read with (its errors are the reasons the view cannot be saved)."""
        kw.setdefault("auto_id", "view_%s")  # the list page has other forms' fields
        super().__init__(*args, **kw)
        self.owner = owner
        self.query_string = query_string
        self.filter_form = filter_form
        if not can_share:
            del self.fields["shared"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        hidden = next((char for char in name if _is_invisible(char)), None)
        if hidden is not None:
            # A direction override shows "\u202eevil.exe" as "exe.live" in the navigation.
            raise forms.ValidationError(
                _(
                    "A view's name cannot hold an invisible character (U+%(code)04X, "
                    "%(name)s): type the name again without it."
                )
                % {
                    "code": ord(hidden),
                    "name": unicodedata.name(hidden, "").lower() or _("a control character"),
                }
            )
        if SavedView.objects.filter(
            owner=self.owner, area=SavedView.Area.LIVES, name__iexact=name
        ).exists():
            raise forms.ValidationError(_("You already have a view with this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        if self.filter_form is not None and self.filter_form.errors:
            for name, errors in self.filter_form.errors.items():
                field = self.filter_form.fields.get(name)
                label = field.label if field else _("Filters")
                for error in errors:
                    self.add_error(
                        None,
                        _("%(label)s: %(error)s Correct this filter, then save.")
                        % {"label": label, "error": error},
                    )
        elif not self.query_string:
            self.add_error(
                None, _("This view has no filters: choose some on the list, then save it.")
            )
        return cleaned

    def save(self, commit=True):
        view = super().save(commit=False)
        view.owner = self.owner
        view.area = SavedView.Area.LIVES
        view.query_string = self.query_string
        if commit:
            view.save()
        return view


MAX_TITLE_SHOWN = 200
MAX_LIST_QUERY = 2000


class DeleteLiveForm(forms.Form):
    """The delete confirmation as sent. Its title only names a live already gone, on the
    sender's screen (the audit log never takes it: a browser can send any title)."""

    title = forms.CharField(required=False, max_length=MAX_TITLE_SHOWN)

    def title_or(self, fallback: str) -> str:
        """The title sent, or `fallback` when none (or one too long to be a live's) was."""
        return (self.cleaned_data.get("title") if self.is_valid() else "") or fallback


class ListQueryForm(forms.Form):
    """The lives list's address a saved view is made from (a hidden field of its form)."""

    query = forms.CharField(
        required=False,
        max_length=MAX_LIST_QUERY,
        error_messages={
            "max_length": _(
                "This list's filters are too long to save as a view: remove some and save again."
            )
        },
    )
