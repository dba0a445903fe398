"""Demo data: how the demo agencies write themselves on their documents (ký hiệu cơ quan, địa danh). Idempotent."""

from __future__ import annotations

from cchc.orgs.models import OrgUnit

from .models import IssuerProfile

# unit code -> (ký hiệu cơ quan, địa danh); "CAHP" is the seed 000 form (447/KH-CAHP-PV01)
PROFILES = {
    "HP": ("CAHP", "Hải Phòng"),
    "ST": ("CAT", "Sóc Trăng"),
    "UBHP": ("UBND", "Hải Phòng"),
    "HN.NGOCHA": ("UBND", "Ngọc Hà"),
    "BCA": ("BCA", "Hà Nội"),
}


def load_demo() -> None:
    for code, (symbol, place) in PROFILES.items():
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is not None:
            IssuerProfile.objects.get_or_create(unit=unit, defaults={"symbol": symbol, "place": place})
