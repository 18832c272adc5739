"""Issue 14, item 20: the names typed when inviting a teammate go into the welcome email
("Hello Ada,") sent from the dashboard's address; they are names, not messages."""

import pytest

from tests.integration.lives.helpers import text

pytestmark = pytest.mark.django_db


def invite(client, **names):
    data = {"username": "ada", "email": "ada@example.org", "role": "viewer", **names}
    return client.post("/team/invite/", data)


@pytest.mark.parametrize(
    ("names", "error"),
    [
        (
            {"first_name": "Claim your prize at https://evil.example/win"},
            "A name cannot hold a web address: “https://evil.example/win” looks like one.",
        ),
        (
            {"first_name": "Ada", "last_name": "see evil.com"},
            "A name cannot hold a web address: “evil.com” looks like one.",
        ),
        ({"first_name": "www.evil"}, "“www.evil” looks like one."),
        ({"first_name": "ｅｖｉｌ．ｃｏｍ"}, "“evil.com” looks like one."),
        (
            {"first_name": "<a href=x>Ada</a>"},
            "A name holds letters, spaces, hyphens, apostrophes and dots only: “<” is not allowed.",
        ),
        ({"first_name": "Ada\x07"}, "an invisible character (U+0007) is not allowed."),
        ({"first_name": "Ada\u202eecila"}, "an invisible character (U+202E) is not allowed."),
        ({"first_name": "Ada\nDear user"}, "an invisible character (U+000A) is not allowed."),
        ({"first_name": "A" * 500}, "A name is at most 80 characters (this one has 500)."),
        ({"first_name": "Ada", "last_name": "B" * 81}, "at most 80 characters (this one has 81)"),
    ],
)
def test_a_name_that_is_not_a_name_is_refused_next_to_its_field(
    names, error, admin_user_client, django_user_model, mailoutbox
):
    response = invite(admin_user_client, **names)

    assert response.status_code == 200
    assert error in text(response)
    assert 'class="errorlist' in response.content.decode()
    assert not django_user_model.objects.filter(username="ada").exists() and not mailoutbox


# Outside review: a web address in Title Case passed (the check read the letter case).
@pytest.mark.parametrize(
    "name",
    [
        "Paypal.Com",
        "Support.Microsoft.Com",
        "Evil.Com",
        "Mr.Evil.Com",
        "Go.To.Evilsite.Net",
        "Claim.Prize.Win",
        "Bank.Login.Io",
        "Evil.Co.Uk",
        "Secure-Paypal.Com",
        "eVIL.cOM",
        "Www.Evil",
        "HTTPS://evil.example",
    ],
)
def test_a_web_address_is_refused_whatever_its_letter_case(
    name, admin_user_client, django_user_model, mailoutbox
):
    response = invite(admin_user_client, first_name="Ada", last_name=name)

    assert f"A name cannot hold a web address: “{name}” looks like one." in text(response)
    assert not django_user_model.objects.filter(username="ada").exists() and not mailoutbox


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Evil .Com", "A name cannot hold a web address: “.Com” looks like one."),
        ("...", "A name holds letters: “...” has none."),
        ("- ’ .", "A name holds letters: “- ’ .” has none."),
        ("a..b", "A name never holds two dots in a row."),
        ("Ada ．．", "A name never holds two dots in a row."),
    ],
)
def test_a_word_that_starts_with_a_dot_or_a_name_of_punctuation_is_refused(
    name, error, admin_user_client, django_user_model, mailoutbox
):
    response = invite(admin_user_client, first_name=name)

    assert error in text(response)
    assert not django_user_model.objects.filter(username="ada").exists() and not mailoutbox


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Zoë", "Ødegård-Łukasiewicz"),
        ("J.R.R.", "Tolkien"),
        ("Jean-Pierre", "St. John"),
        ("Anne-Marie", "Dupont"),
        ("Łukasz", "O'Brien Jr."),
        ("A.", "Ph.D. de la Tour"),
        ("Seán", "O’Brien"),
        ("李", "小龙"),
        ("محمد", "ابن موسى"),
        ("A" * 80, "D’Artagnan de Castelmore"),
    ],
)
def test_real_names_of_every_script_are_taken(
    first, last, admin_user_client, django_user_model, mailoutbox
):
    invite(admin_user_client, first_name=f"  {first} ", last_name=last.replace(" ", "   "))

    ada = django_user_model.objects.get(username="ada")
    assert (ada.first_name, ada.last_name) == (first, last)
    assert mailoutbox[0].body.startswith(f"Hello {first} {last},")
