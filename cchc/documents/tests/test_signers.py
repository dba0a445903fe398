from types import SimpleNamespace

from cchc.documents.format import signer_lines
from cchc.documents.signers import default_signer


def test_deputy_signs_for_the_head_by_unit_kind():
    s = default_signer(SimpleNamespace(kind="provincial_police"))
    assert (s.authority, s.title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    s = default_signer(SimpleNamespace(kind="commune_committee"))
    assert (s.authority, s.title) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert default_signer(SimpleNamespace(kind="other")).authority == "KT. THỦ TRƯỞNG ĐƠN VỊ"


def test_the_default_block_is_a_valid_signature_block():
    s = default_signer(SimpleNamespace(kind="police_department"), name="Nguyễn Văn A")
    lines = signer_lines(s.authority, s.title, s.name)
    assert lines[0] == "KT. TRƯỞNG PHÒNG" and lines[-1] == "Nguyễn Văn A"
