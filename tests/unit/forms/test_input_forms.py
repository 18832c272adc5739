"""The small forms every posted or queried value of the people, groups, lives and invite
pickers goes through: their bounds, and what a bad value says (never a 500)."""

from django.http import QueryDict

from lives_admin.forms.fields import BoundedValuesField, PageForm, form_errors
from lives_admin.forms.groups import (
    MAX_TICKED_GROUPS,
    GroupSearchForm,
    TickedGroupsForm,
    UnlinkGroupsForm,
)
from lives_admin.forms.invites import MAX_EXCLUDED, LiveSearchForm
from lives_admin.forms.lives import DeleteLiveForm, ListQueryForm
from lives_admin.forms.speakers import MAX_BULK_SPEAKERS, BulkSpeakersForm


def query(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


# -- a bounded list -----------------------------------------------------------------------
def test_bounded_values_drop_blanks_and_strip():
    field = BoundedValuesField(max_items=3)
    assert field.clean(["a", "", " b ", "  "]) == ["a", "b"]
    assert field.clean([]) == []


def test_bounded_values_refuse_more_than_the_bound_and_say_how_many():
    errors = form_errors(BulkSpeakersForm(query(spot_member_ids=["m"] * (MAX_BULK_SPEAKERS + 1))))
    assert errors == [
        f"Tick at most {MAX_BULK_SPEAKERS} members at a time "
        f"({MAX_BULK_SPEAKERS + 1} were sent): nobody was invited."
    ]


def test_bounded_values_refuse_a_value_too_long_to_be_an_id():
    form = TickedGroupsForm(query(group_ids=["x" * 65]))
    assert form_errors(form) == ["A value sent is longer than 64 characters."]


def test_bounded_values_refuse_a_single_string_where_a_list_is_expected():
    form = BulkSpeakersForm({"spot_member_ids": "m1"})
    assert form_errors(form) == ["Send a list of values."]


# -- the page number ------------------------------------------------------------------------
def test_a_bad_page_number_is_the_first_page():
    for page in ("abc", "-1", "0", "", "1e9", "999999999999"):
        assert PageForm(query(page=page)).number == 1, page
    assert PageForm(query()).number == 1
    assert PageForm(query(page="3")).number == 3


# -- speakers ---------------------------------------------------------------------------------
def test_bulk_speakers_needs_a_member_and_reads_its_switches():
    assert form_errors(BulkSpeakersForm(query(spot_member_ids=[""]))) == [
        "Tick the members to invite first."
    ]
    form = BulkSpeakersForm(query(spot_member_ids=["m1", "m2"], highlighted="on"))
    assert form.is_valid()
    assert form.cleaned_data == {
        "spot_member_ids": ["m1", "m2"],
        "highlighted": True,
        "with_email_notification": False,
    }
    assert BulkSpeakersForm(query(spot_member_ids=["m"] * MAX_BULK_SPEAKERS)).is_valid()


# -- groups -----------------------------------------------------------------------------------
def test_ticked_groups_bound_the_ticks_and_the_search():
    assert TickedGroupsForm(query(group_ids=["g"] * MAX_TICKED_GROUPS, q="a" * 100)).is_valid()
    too_many = TickedGroupsForm(query(group_ids=["g"] * (MAX_TICKED_GROUPS + 1)))
    assert form_errors(too_many) == [
        f"Tick at most {MAX_TICKED_GROUPS} groups at a time ({MAX_TICKED_GROUPS + 1} were "
        "ticked): nothing was linked."
    ]
    assert form_errors(TickedGroupsForm(query(q="a" * 101))) == [
        "Search with at most 100 characters."
    ]


def test_group_search_strips_the_query_and_knows_pick_one():
    form = GroupSearchForm(query(q="  lum ", pick="one", ticked=["g1", "g2"]))
    assert form.is_valid()
    assert form.cleaned_data == {"q": "lum", "pick": "one", "ticked": ["g1", "g2"]}
    assert not GroupSearchForm(query(pick="many")).is_valid()
    assert not GroupSearchForm(query(ticked=["g"] * (MAX_TICKED_GROUPS + 1))).is_valid()


def test_unlink_takes_the_rows_button_else_the_ticked_rows():
    linked = ["g1", "g2", "g3"]
    form = UnlinkGroupsForm(query(group_ids="g1", selected=["zzz"]), linked=linked)
    assert form.is_valid()  # the button's group: the ticks are not read
    assert form.cleaned_data["group_ids"] == ["g1"]
    form = UnlinkGroupsForm(query(selected=["g2", "g3"]), linked=linked)
    assert form.is_valid()
    assert form.cleaned_data["group_ids"] == ["g2", "g3"]


def test_unlink_says_what_is_wrong():
    linked = ["g1"]
    assert form_errors(UnlinkGroupsForm(query(), linked=linked)) == [
        "Tick the groups to unlink first."
    ]
    stale = form_errors(UnlinkGroupsForm(query(selected=["g9"]), linked=linked))
    assert stale == [
        "A group you ticked is not linked to this live (any more): nothing was unlinked. "
        "Reload the page to see the live's groups."
    ]


# -- lives ------------------------------------------------------------------------------------
def test_delete_title_falls_back_when_missing_or_too_long():
    assert DeleteLiveForm(query(title=" Onboarding ")).title_or("The live") == "Onboarding"
    assert DeleteLiveForm(query(title="T" * 200)).title_or("The live") == "T" * 200
    assert DeleteLiveForm(query(title="T" * 201)).title_or("The live") == "The live"
    assert DeleteLiveForm(query()).title_or("live003") == "live003"


def test_a_list_address_too_long_to_save_says_so():
    assert ListQueryForm(query(query="status=Live")).is_valid()
    errors = form_errors(ListQueryForm(query(query="q=" + "x" * 2000)))
    assert errors == [
        "This list's filters are too long to save as a view: remove some and save again."
    ]


# -- the invite wizard's other-live picker ---------------------------------------------------
def test_live_search_bounds_its_query_and_the_lives_left_out():
    form = LiveSearchForm(query(live_q=" town ", exclude=["live001", "live002"]))
    assert form.is_valid()
    assert form.cleaned_data == {
        "live_q": "town",
        "exclude": ["live001", "live002"],
        "other_live_id": "",
    }
    assert form_errors(LiveSearchForm(query(live_q="a" * 101))) == [
        "Search with at most 100 characters."
    ]
    assert not LiveSearchForm(query(exclude=["l"] * (MAX_EXCLUDED + 1))).is_valid()
    assert not LiveSearchForm(query(other_live_id="x" * 65)).is_valid()


def test_ticked_groups_keep_a_blank_id_for_the_link_form_to_refuse():
    form = TickedGroupsForm(query(group_ids=["g1", ""]))
    assert form.is_valid()
    assert form.cleaned_data["group_ids"] == ["g1", ""]
