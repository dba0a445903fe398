"""Unit lists: one entry per unit as printed; repair of units the conversion scrambled."""

from __future__ import annotations

import pytest

from cchc.plans.importing.units import UnitVocabulary, looks_like_units, split_units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("PV01, PX03 và Công an các đơn vị, địa phương", ["PV01", "PX03", "Công an các đơn vị, địa phương"]),
        (
            "PV06, PA08, PC06, PC07, PC08 và Công an xã, phường, đặc khu",
            ["PV06", "PA08", "PC06", "PC07", "PC08", "Công an xã, phường, đặc khu"],
        ),
        (
            "PA08; PC06, CP07; PC08 và Công an các địa phương",
            ["PA08", "PC06", "CP07", "PC08", "Công an các địa phương"],
        ),
        (
            "PA08; PC06; PC07; PC08, Công an các địa phương",
            ["PA08", "PC06", "PC07", "PC08", "Công an các địa phương"],
        ),
        ("PV01 và các phòng chức năng CATP", ["PV01", "các phòng chức năng CATP"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Văn phòng HĐND và UBND phường", ["Văn phòng HĐND và UBND phường"]),
        ("Các sở, ban, ngành; UBND cấp xã", ["Các sở, ban, ngành", "UBND cấp xã"]),
        ("Sở Nội vụ, Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
        ("PV01;", ["PV01"]),
        ("", []),
        (None, []),
    ],
)
def test_split_units(text, units):
    assert split_units(text) == units


def test_looks_like_units():
    assert looks_like_units("PX01")
    assert looks_like_units("Công an các đơn vị, địa phương")
    assert looks_like_units("Sở Nội vụ")
    assert looks_like_units("Phong Van hoa - Xa hoi")  # OCR without accents
    assert not looks_like_units("Đổi mới, nâng cao chất lượng đào tạo")  # "Đổi" is not "Đội"
    assert not looks_like_units("Tổ chức hội nghị sơ kết")
    assert not looks_like_units("Thường xuyên")


def test_repair_uses_the_documents_usual_spelling():
    vocab = UnitVocabulary()
    vocab.add(["Công an các đơn vị, địa phương"] * 20)
    vocab.add(
        ["Công an đơn vị, địa phương"] * 5 + ["Công an các địa phương"] * 6 + ["Công an các đơn vị"] * 2
    )
    usual = "Công an các đơn vị, địa phương"
    assert vocab.repair("Công an đơn vị, phường") == usual  # words dropped here and there
    assert vocab.repair("Công an đơn vị, phương các địa") == usual  # cell split in two, glued back
    assert vocab.repair("Công an các") == usual  # cut at a page break
    # Spellings that are whole on their own are kept as printed.
    assert vocab.repair("Công an các địa phương") == "Công an các địa phương"
    assert vocab.repair("Công an đơn vị, địa phương") == "Công an đơn vị, địa phương"
    assert vocab.repair("Công an các đơn vị") == "Công an các đơn vị"
    assert vocab.repair("PV01") == "PV01"
