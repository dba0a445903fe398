"""The public form's submit: few round trips (issue 17's throughput goal), the same register and code rules."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.pakn import services
from cchc.pakn.models import Attachment, Record, RegisterCounter
from cchc.workdays.calendar import to_local

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _data(org: Any, **kw: Any) -> dict[str, Any]:
    return {
        "unit": org.ward.pk,
        "kind": "kien_nghi",
        "title": "Đề nghị sửa đường",
        "content": "Đường hỏng",
        "sender_type": "citizen",
        "sender_name": "Nguyễn Văn A",
        "sender_address": "Hải Phòng",
        "sender_phone": "0912345678",
        **kw,
    }


def test_submit_in_three_queries_numbered_in_the_unit_register(org: Any) -> None:
    client = Client()
    client.get(reverse("pakn:public_form"))
    first = services.record_create(
        unit=org.ward,
        actor=None,
        channel="post",
        sender_type="citizen",
        kind="phan_anh",
        title="Thư",
        content="Nội dung",
        sender_name="B",
        sender_address="HP",
        sender_phone="0912345678",
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("pakn:public_form"), _data(org))
    assert response.status_code == 303
    # the unit (form choice), the two hourly counts, then the register number and the row in one statement
    assert len(ctx.captured_queries) == 3, [q["sql"][:80] for q in ctx.captured_queries]
    record = Record.objects.exclude(pk=first.pk).get()
    assert first.register_year is not None and first.register_number is not None
    assert record.register_year == first.register_year
    assert record.register_number == first.register_number + 1
    assert record.code == services._code(org.ward, first.register_year, first.register_number + 1)
    assert record.channel == "website" and record.entered_by is None and record.category == "regulation"
    assert record.title == "Đề nghị sửa đường" and record.sender_phone == "0912345678"
    assert record.created_at is not None and record.review == {} and record.likes == 0
    assert record.code in client.get(response["Location"]).content.decode()


def test_code_past_five_digits_and_attachment(org: Any) -> None:
    year = to_local(timezone.now()).year
    RegisterCounter.objects.create(unit=org.ward, year=year, last_number=99999)
    record = services.record_create_public(
        unit=org.ward,
        sender_type="citizen",
        kind="phan_anh",
        title="T",
        content="C",
        sender_name="A",
        sender_address="HP",
        sender_phone="0912345678",
    )
    assert record.register_number == 100000
    assert record.code == services._code(org.ward, year, 100000) == Record.objects.get(pk=record.pk).code
    client = Client()
    client.get(reverse("pakn:public_form"))
    files = {"files": [SimpleUploadedFile("anh.png", PNG, content_type="image/png")]}
    response = client.post(reverse("pakn:public_form"), {**_data(org), **files})
    assert response.status_code == 303
    stored = Record.objects.get(register_number=100001)
    assert Attachment.objects.get().record == stored
