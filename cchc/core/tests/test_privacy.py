"""Masking of applicants' personal data (NĐ 13/2023): names keep the family name and initials, phone numbers the
first and last two digits, addresses only their last two parts."""

from cchc.core.privacy import applicant_shown, mask_address, mask_name, mask_phone


def test_mask_name():
    assert mask_name("Nguyễn Việt Anh") == "Nguyễn V*** A**"
    assert mask_name("  Trần   Văn Bình ") == "Trần V** B***"
    assert mask_name("Lê Y") == "Lê Y*"
    assert mask_name("Hoa") == "H**"
    assert mask_name("") == "" and mask_name("   ") == ""


def test_mask_phone():
    assert mask_phone("0912345645") == "09******45"
    assert mask_phone("0912 345 645") == "09******45"
    assert mask_phone("+84 912 345 645") == "84*******45"
    assert mask_phone("1234") == "****"
    assert mask_phone("") == "" and mask_phone("không có") == "***"


def test_mask_address():
    assert mask_address("Số 12 Lê Lợi, phường Hồng Bàng, Hải Phòng") == "***, phường Hồng Bàng, Hải Phòng"
    assert mask_address("phường Hồng Bàng, Hải Phòng") == "***, Hải Phòng"
    assert mask_address("Số 12 Lê Lợi") == "***"
    assert mask_address("") == ""


def test_nothing_of_the_original_leaks_through_a_masked_applicant():
    shown = applicant_shown("Trần Văn Bình", "0912345645", "Số 12 Lê Lợi, P. X, HP", visible=False)
    assert (
        shown.masked
        and "Bình" not in shown.name
        and "345" not in shown.phone
        and "Lê Lợi" not in shown.address
    )
    shown = applicant_shown("Trần Văn Bình", "0912345645", "Số 12 Lê Lợi", visible=True)
    assert not shown.masked and shown.name == "Trần Văn Bình" and shown.phone == "0912345645"
