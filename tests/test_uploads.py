"""Evidence files are checked in one place (cchc/core/uploads.py), for every module that takes them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.uploads import check_evidence_file

MB = 1024 * 1024


def test_office_files_and_images_with_their_real_bytes_are_accepted():
    for name, data in [("a.pdf", b"%PDF-1.7 x"), ("b.docx", b"PK\x03\x04 x"), ("c.png", b"\x89PNG\r\n")]:
        check_evidence_file(SimpleUploadedFile(name, data), max_bytes=MB)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90", "chỉ nhận"),
        ("gia-mao.pdf", b"MZ\x90\x00", "không đúng định dạng"),
        ("rong.pdf", b"", "rỗng"),
        ("lon.pdf", b"%PDF" + b"x" * 2000, "quá lớn"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ValidationError) as exc:
        check_evidence_file(SimpleUploadedFile(name, data), max_bytes=1000)
    assert message in " ".join(exc.value.messages)
