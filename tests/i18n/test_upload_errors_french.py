"""An organiser reading the dashboard in French reads upload errors in French."""

import pytest
from django.utils import translation

from lives_admin.invites.parse import read_table
from lives_admin.invites.safe_zip import OLE_SIGNATURE
from lives_admin.invites.upload_budget import TableError
from tests.hostile_files import PEOPLE_ROWS, sheet, xlsx

NBSP = "\u00a0"


def french_error(data: bytes, filename: str) -> str:
    with translation.override("fr"), pytest.raises(TableError) as raised:
        read_table(data, filename)
    return str(raised.value)


def test_an_old_format_workbook_is_explained_in_french():
    message = french_error(OLE_SIGNATURE + b"\0" * 600, "people.xls.xlsx")
    assert message.startswith(
        f"Ce fichier Excel est à l’ancien format (.xls) ou protégé par un mot de passe{NBSP}:"
    )


def test_a_damaged_workbook_is_explained_in_french():
    rows = '<row r="1"><c r="A1" t="s"><v>7</v></c></row>'
    assert french_error(xlsx(sheet(rows)), "p.xlsx") == (
        f"Ce fichier Excel ne peut pas être ouvert{NBSP}: il est peut-être endommagé."
    )


def test_a_zip_bomb_is_refused_in_french_with_the_figure():
    message = french_error(xlsx(sheet(PEOPLE_ROWS + " " * 2_000_000)), "people.xlsx")
    assert message.startswith("Une fois décompressé, ce fichier dépasse 100 fois sa taille")
