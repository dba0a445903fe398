"""The public form's submit: one round trip (issue 17's throughput goal), the same register, code, identity and
abuse rules as an officer's entry; numbers never repeat under concurrency; the receiving-body list stays short."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.pakn import public_intake, services
from cchc.pakn.models import Attachment, Record, RegisterCounter
from cchc.workdays.calendar import to_local
from tests.factories import UnitFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _data(org: Any, **kw: Any) -> dict[str, Any]:
    return {
        "unit": org.ward.code,
        "kind": "kien_nghi",
        "title": "Đề nghị sửa đường",
        "content": "Đường hỏng",
        "sender_type": "citizen",
        "sender_name": "Nguyễn Văn A",
        "sender_address": "Hải Phòng",
        "sender_phone": "0912345678",
        **kw,
    }


def _public(unit_code: str, **kw: Any) -> public_intake.Intake:
    base: dict[str, Any] = {
        "sender_type": "citizen",
        "kind": "phan_anh",
        "title": "T",
        "content": "C",
        "sender_name": "A",
        "sender_address": "HP",
        "sender_phone": "0912345678",
    }
    return public_intake.record_create_public(unit_code=unit_code, **{**base, **kw})


def test_submit_in_one_query_numbered_in_the_unit_register(org: Any) -> None:
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
    # the unit, the two hourly counts, the register number and the row: one statement
    assert len(ctx.captured_queries) == 1, [q["sql"][:80] for q in ctx.captured_queries]
    record = Record.objects.exclude(pk=first.pk).get()
    assert first.register_year is not None and first.register_number is not None
    assert record.register_year == first.register_year
    assert record.register_number == first.register_number + 1
    assert record.code == services._code(org.ward, first.register_year, first.register_number + 1)
    assert record.channel == "website" and record.entered_by is None and record.category == "regulation"
    assert record.title == "Đề nghị sửa đường" and record.sender_phone == "0912345678"
    assert record.created_at is not None and record.review == {} and record.likes == 0
    assert record.unit == org.ward and record.received_at is not None and record.ip_hash
    assert record.code in client.get(response["Location"]).content.decode()


def test_code_past_five_digits_and_attachment(org: Any) -> None:
    year = to_local(timezone.now()).year
    RegisterCounter.objects.create(unit=org.ward, year=year, last_number=99999)
    record = _public(org.ward.code)
    assert record.register_number == 100000
    assert record.code == services._code(org.ward, year, 100000) == Record.objects.get(pk=record.pk).code
    client = Client()
    client.get(reverse("pakn:public_form"))
    files = {"files": [SimpleUploadedFile("anh.png", PNG, content_type="image/png")]}
    response = client.post(reverse("pakn:public_form"), {**_data(org), **files})
    assert response.status_code == 303
    stored = Record.objects.get(register_number=100001)
    assert Attachment.objects.get().record == stored


def test_unknown_or_closed_unit_stores_nothing_and_takes_no_number(org: Any) -> None:
    org.sibling.valid_to = timezone.localdate()
    org.sibling.save()
    for code in ("KHONG.CO", org.sibling.code):
        with pytest.raises(DomainError) as exc:
            _public(code)
        assert exc.value.code == "unknown_unit" and exc.value.field == "unit"
    client = Client()
    response = client.post(reverse("pakn:public_form"), _data(org, unit="KHONG.CO"))
    assert response.status_code == 400
    assert "Xin chọn cơ quan nhận trong danh sách." in response.content.decode()
    assert "Đường hỏng" in response.content.decode()  # what the sender typed is kept
    assert not Record.objects.exists() and not RegisterCounter.objects.exists()


def test_identity_checked_before_anything_is_stored(org: Any) -> None:
    for kw in ({"sender_name": " "}, {"sender_address": ""}, {"sender_phone": "", "sender_email": ""}):
        with pytest.raises(DomainError):
            _public(org.ward.code, **kw)
    assert not Record.objects.exists() and not RegisterCounter.objects.exists()


def test_hourly_counts_flag_then_refuse_without_taking_a_number(org: Any, settings: Any) -> None:
    settings.PAKN_IP_FLAG_PER_HOUR = 2
    settings.PAKN_DEVICE_FLAG_PER_HOUR = 1
    settings.PAKN_DEVICE_BLOCK_PER_HOUR = 3
    first = _public(org.ward.code, ip_hash="ip", device_hash="dev", flags=["too_fast"])
    assert first.flags == ["too_fast"] and Record.objects.get(pk=first.pk).flags == ["too_fast"]
    second = _public(org.ward.code, ip_hash="ip", device_hash="dev")
    assert second.flags == ["rate_device"]
    third = _public(org.ward.code, ip_hash="ip", device_hash="dev")
    assert third.flags == ["rate_ip", "rate_device"] == Record.objects.get(pk=third.pk).flags
    assert _public(org.ward.code, ip_hash="", device_hash="other").flags == []  # no address: not counted
    with pytest.raises(DomainError) as exc:
        _public(org.ward.code, ip_hash="ip", device_hash="dev")
    assert exc.value.code == "rate_limited"
    assert Record.objects.count() == 4
    assert RegisterCounter.objects.get(unit=org.ward).last_number == 4  # a refusal takes no number


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_number(org: Any) -> None:
    """Public submissions and an officer's entries racing on one register (its first row included): every number
    once, no gap."""
    threads_n, each = 6, 5
    barrier = threading.Barrier(threads_n + 1)
    errors: list[BaseException] = []

    def public() -> None:
        try:
            barrier.wait()
            for i in range(each):
                _public(org.ward.code, device_hash=f"d{threading.get_ident()}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def officer() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                services.record_create(
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
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=public) for _ in range(threads_n)] + [threading.Thread(target=officer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    total = (threads_n + 1) * each
    numbers: list[Any] = sorted(
        Record.objects.filter(unit=org.ward).values_list("register_number", flat=True)
    )
    assert numbers == list(range(1, total + 1))
    assert len(set(Record.objects.values_list("code", flat=True))) == total
    assert RegisterCounter.objects.get(unit=org.ward).last_number == total


def test_unit_list_grouped_searchable_and_preselected(org: Any) -> None:
    client = Client()
    page = client.get(reverse("pakn:public_form")).content.decode()
    # the top two levels, grouped by parent; a deeper unit only through the search step
    assert f'<optgroup label="{org.ministry.name}">' in page and f'value="{org.city.code}"' in page
    deep: Any = UnitFactory(
        code="HP.CAP.A.T1", name="Tổ Công an khu vực Minh Khai", kind="other", parent=org.ward
    )
    page = client.get(reverse("pakn:public_form")).content.decode()
    assert deep.code not in page
    found = client.get(reverse("pakn:public_form"), {"tim": "minh khai"}).content.decode()
    assert f'value="{deep.code}"' in found and f'<optgroup label="{org.ward.name}">' in found
    assert f'value="{org.city.code}"' not in found
    # a per-unit link pre-selects its unit, at any depth
    for param in ("don_vi", "unit"):
        linked = client.get(reverse("pakn:public_form"), {param: deep.code}).content.decode()
        assert f'<option value="{deep.code}" selected>' in linked
    none = client.get(reverse("pakn:public_form"), {"tim": "khong co dau"}).content.decode()
    assert "Không tìm thấy cơ quan nào khớp" in none and f'value="{org.city.code}"' in none


def test_unit_list_is_capped(org: Any, monkeypatch: Any) -> None:
    from cchc.pakn import views_public

    monkeypatch.setattr(views_public, "UNIT_OPTIONS_CAP", 2)
    page = Client().get(reverse("pakn:public_form")).content.decode()
    unit_select = page.split('id="id_unit"')[1].split("</select>")[0]
    assert unit_select.count("<option value=") == 3  # the empty choice and two units
    assert "Danh sách chỉ hiện một phần" in page


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"sender_phone": ""},
        {"sender_phone": "", "sender_email": "a@b.vn"},
        {"sender_phone": "12 34"},
        {"sender_email": "khong-phai-thu"},
        {"title": ""},
        {"title": "x" * 501},
        {"kind": "khac"},
        {"sender_type": "robot"},
        {"unit": ""},
        {"content": "  "},
        {"sender_name": "  Nguyễn Văn B  "},
    ],
)
def test_quick_cleaning_agrees_with_the_form(org: Any, change: dict[str, Any]) -> None:
    from django.http import QueryDict

    from cchc.pakn.forms import PublicForm, clean_public

    data = QueryDict(mutable=True)
    data.update({k: str(v) for k, v in _data(org, **change).items()})
    form = PublicForm(data)
    quick = clean_public(data)
    assert (quick is not None) == form.is_valid()
    if quick is not None:
        assert quick == form.cleaned_data
