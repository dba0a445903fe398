"""Issue 14: how a unit writes itself on its documents — agency ký hiệu ("CAHP", not "HP") and place name."""

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.errors import DomainError
from cchc.documents.letterhead import letterhead
from cchc.documents.models import IssuerProfile
from cchc.documents.services import issuer_profile_set

pytestmark = pytest.mark.django_db


def test_units_inherit_the_agency_symbol_and_place(org):
    assert letterhead(org.city).symbol == "HP"  # no profile anywhere: the unit's own code
    IssuerProfile.objects.create(unit=org.city, symbol="CAHP", place="Hải Phòng")
    city, pc06 = letterhead(org.city), letterhead(org.pc06)
    assert (city.symbol, city.place, city.storage_line(), city.parent_body) == (
        "CAHP",
        "Hải Phòng",
        "Lưu: VT.",
        "Bộ Công an",
    )
    assert (pc06.symbol, pc06.place, pc06.storage_line()) == ("CAHP-PC06", "Hải Phòng", "Lưu: VT, PC06.")


def test_only_a_managing_coordinator_sets_a_profile(org, personas, login):
    with pytest.raises(PermissionDenied):
        issuer_profile_set(unit=org.city, actor=personas.other_coordinator, symbol="CAHP", place="")
    with pytest.raises(PermissionDenied):
        issuer_profile_set(unit=org.ward, actor=personas.ward_head, symbol="X", place="")
    with pytest.raises(DomainError) as exc:
        issuer_profile_set(unit=org.city, actor=personas.coordinator, symbol="CA HP/1", place="")
    assert exc.value.code == "bad_symbol"
    client = login(personas.coordinator)
    assert (
        client.post(
            "/van-ban/the-thuc/", {"unit": org.city.pk, "symbol": "cahp", "place": "Hải Phòng"}
        ).status_code
        == 302
    )
    assert IssuerProfile.objects.get(unit=org.city).symbol == "CAHP"
    page = client.get("/van-ban/the-thuc/").content.decode()
    assert "CAHP-PC06" in page
    other = login(personas.other_coordinator)
    assert (
        other.post("/van-ban/the-thuc/", {"unit": org.city.pk, "symbol": "X", "place": ""}).status_code == 200
    )
    assert IssuerProfile.objects.get(unit=org.city).symbol == "CAHP"  # not in their choices: nothing saved
    assert other.get(f"/van-ban/the-thuc/?unit={org.city.code}").status_code == 404
    assert login(personas.ward_officer).get("/van-ban/the-thuc/").status_code == 403


def test_one_place_rule_for_every_date_line(org):
    """The profile's place first; else the nearest name ending with a locality ("Công an phường Hồng Bàng" names
    its own ward, not "phường Hồng Bàng"); else nothing."""
    from cchc.documents.letterhead import place_of

    assert place_of(org.ward) == "Hồng Bàng"
    assert place_of(org.pc06) == "Hải Phòng"  # "Phòng Cảnh sát …" names no locality: the city above does
    assert place_of(org.ministry) == ""
    IssuerProfile.objects.create(unit=org.city, symbol="CAHP", place="TP. Hải Phòng")
    assert place_of(org.pc06) == "TP. Hải Phòng" and place_of(org.ward) == "TP. Hải Phòng"
