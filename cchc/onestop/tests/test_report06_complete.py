"""Biểu 06 complete (issue 16): reporting and receiving units, the signature block, period presets."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cchc.onestop.report06 import preset_period

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "n", "expected"),
    [
        ("month", 2, (date(2026, 2, 1), date(2026, 2, 28))),
        ("quarter", 4, (date(2026, 10, 1), date(2026, 12, 31))),
        ("half", 1, (date(2026, 1, 1), date(2026, 6, 30))),
        ("half", 2, (date(2026, 7, 1), date(2026, 12, 31))),
        ("year", 1, (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_presets(kind, n, expected):
    assert preset_period(kind, 2026, n) == expected
    with pytest.raises(ValueError):
        preset_period(kind, 2026, 13)


def test_the_form_names_both_units_and_has_the_signature_block(login, personas, org):
    c = login(personas.coordinator)
    r = c.get(
        "/mot-cua/chi-so/bieu-06.xlsx", {"unit": org.ward.code, "preset": "half", "year": "2026", "n": "1"}
    )
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert f"Đơn vị báo cáo: {org.ward.name}" in texts
    assert f"Đơn vị nhận báo cáo: {org.ward.parent.name}" in texts
    assert "(Từ ngày 01/01/2026 đến ngày 30/06/2026)" in texts
    assert "NGƯỜI LẬP BIỂU" in texts and "THỦ TRƯỞNG ĐƠN VỊ" in texts
    bad = c.get("/mot-cua/chi-so/bieu-06.xlsx", {"unit": org.ward.code, "preset": "quarter", "n": "5"})
    assert bad.status_code == 400
    # another organisation's unit stays out of reach
    assert login(personas.other_coordinator).get(
        "/mot-cua/chi-so/bieu-06.xlsx", {"unit": org.ward.code, "preset": "year"}
    ).status_code in (403, 404)
