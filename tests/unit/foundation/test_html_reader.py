"""tests/html.py reads markup as a browser would, whatever its spelling."""

from tests.html import checked_values, exists, one, select, text_of, texts, value_of

PAGE = """
<form>
  <input name='q' value="ann &amp; bob" type=text>
  <textarea name="pasted">a@example.org
b@example.org</textarea>
  <select name="tz"><option value="UTC">UTC</option>
    <option selected value="Asia/Tokyo">Tokyo</option></select>
  <input type="checkbox" name="ids" value="g1" checked="checked">
  <input type="checkbox" name="ids" value="g2">
  <input checked type="checkbox" name="ids" value="g3">
</form>
<nav><a aria-current="page">All<span class="tab-count">7</span></a></nav>
<p class="msg">  Saved:
   <strong>3</strong> people </p>
"""


def test_fields_read_whatever_the_attribute_spelling():
    assert value_of(PAGE, "input[name=q]") == "ann & bob"
    assert value_of(PAGE, "textarea") == "a@example.org\nb@example.org"
    assert value_of(PAGE, "select[name=tz]") == "Asia/Tokyo"
    assert checked_values(PAGE, "ids") == ["g1", "g3"]


def test_text_is_what_a_person_reads():
    assert text_of(PAGE, "p.msg") == "Saved: 3 people"
    assert texts(PAGE, "nav a") == ["All 7"]
    assert text_of(one(PAGE, "[aria-current=page]"), ".tab-count") == "7"
    assert exists(PAGE, "nav [aria-current=page]") and not exists(PAGE, "table")
    assert len(select(PAGE, "input[type=checkbox]")) == 3


def test_one_names_the_selector_when_it_does_not_match_once():
    try:
        one(PAGE, "input[type=checkbox]")
    except AssertionError as error:
        assert "matches 3 elements" in str(error)
    else:
        raise AssertionError("one() accepted three elements")
