"""The documented shape of a read's answer (lives_admin/meltingspot/shapes.py)."""

import pytest

from lives_admin.meltingspot.shapes import what_is_wrong

ERROR_OBJECT = {"statusCode": 200, "message": "Injected fault", "error": "OK"}


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/v1/lives/live020", {"id": "live020", "title": "A live"}),
        ("/v1/spotMembers/m1", {"id": "m1"}),
        ("/v1/lives", {"items": [{"id": "live001"}], "total": 1}),
        ("/v1/lives", {"items": []}),  # `total` missing: read leniently (D16)
        ("/v1/lives/live020/participants", {"items": [{"id": 12}], "total": 1}),
        ("/v1/groups/g1/spotMembers", {"items": [], "total": 0}),
    ],
)
def test_the_documented_shapes_are_read(path, data):
    assert what_is_wrong(path, data) is None


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/v1/lives/live020", ERROR_OBJECT),
        ("/v1/lives/live020", {"id": ""}),
        ("/v1/lives/live020", {"id": "a b"}),
        ("/v1/lives/live020", [{"id": "live020"}]),
        ("/v1/lives/live020", None),
        ("/v1/lives", ERROR_OBJECT),
        ("/v1/lives", [{"id": "live001"}]),
        ("/v1/lives", {"items": "none"}),
        ("/v1/lives", {"items": [{"title": "no id"}]}),
        ("/v1/lives/live020/speakers", {"items": [{"id": True}]}),
        ("/v1/lives/live020/participants", None),
    ],
)
def test_anything_else_is_refused(path, data):
    assert what_is_wrong(path, data)
