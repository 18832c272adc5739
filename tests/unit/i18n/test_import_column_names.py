"""An uploaded list keeps being understood whatever the language of its column names."""

import csv
import io

import pytest

from lives_admin.invites.parse import read_table


def _csv(header: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["note", *header])
    writer.writerow(["x", "Lovelace", "ada@example.org", "Ada"])
    return buffer.getvalue().encode()


@pytest.mark.parametrize(
    "header",
    [
        ["Last name", "Email", "First name"],
        ["Nom", "E-mail", "Prénom"],
        ["nom de famille", "Courriel", "prenom"],
        ["NOM", "Adresse e-mail", "PRÉNOM"],
        ["last_name", "email_address", "first-name"],
    ],
)
def test_both_languages_column_names_are_recognised(header):
    guess = read_table(_csv(header), "people.csv").guess
    assert (guess.email, guess.first_name, guess.last_name) == (2, 3, 1)
