"""Demo PAKN: a year of records for the demo units, in every state (on time, late, transferred, refused,
waiting, published, disliked, followed up), a chain of transfers, a founded conduct PAKN with its proposed penalty.
Idempotent: the records carry fixed codes ``DEMO-…``; a second run changes nothing."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cchc.audit.context import audit_context
from cchc.orgs.models import OrgUnit
from cchc.workdays.calendar import VN_TZ, to_local

from .models import AnswerStatus, PenaltyProposal, Record, RegisterCounter, Transfer

DEMO_UNITS = ("HP.PV01", "HP.PC06", "HP.PC08", "HP.CAP.HONGBANG", "HP.CAP.LECHAN", "HP.CAP.NGOQUYEN")
TOPICS = (
    (
        "regulation",
        "Thời gian cấp căn cước cho trẻ em",
        "Đề nghị rút ngắn thời gian cấp căn cước cho trẻ dưới 14 tuổi.",
    ),
    (
        "regulation",
        "Thủ tục đăng ký thường trú",
        "Hồ sơ đăng ký thường trú yêu cầu giấy tờ không có trong quy định.",
    ),
    ("regulation", "Đăng ký xe máy trực tuyến", "Cổng dịch vụ công báo lỗi khi nộp lệ phí đăng ký xe."),
    (
        "regulation",
        "Xác nhận thông tin cư trú",
        "Đề nghị cho phép nhận kết quả xác nhận cư trú qua bưu chính.",
    ),
    ("regulation", "Cấp phiếu lý lịch tư pháp", "Thời hạn trả phiếu lý lịch tư pháp quá dài so với thực tế."),
    ("conduct", "Cán bộ tiếp dân thiếu hướng dẫn", "Cán bộ bộ phận một cửa không hướng dẫn đầy đủ hồ sơ."),
    ("conduct", "Hẹn trả kết quả nhiều lần", "Hồ sơ bị hẹn lại ba lần mà không có phiếu xin lỗi."),
)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thị Hoa", "Vũ Đức Khang")
CHANNELS = ("portal", "portal", "website", "email", "phone", "post", "direct", "dialogue", "other")
ANSWER = (
    "Đơn vị đã kiểm tra, làm việc với bộ phận liên quan và hướng dẫn Ông/Bà hoàn thiện hồ sơ theo quy định. "
    "Kiến nghị về quy định đã được tổng hợp, báo cáo cấp có thẩm quyền xem xét."
)


def _after(rng: random.Random, t: datetime, lo_hours: int, hi_hours: int) -> datetime:
    return t + timedelta(hours=rng.randint(lo_hours, hi_hours), minutes=rng.randint(0, 59))


def load_demo() -> None:
    if Record.objects.filter(code__startswith="DEMO-").exists():
        return
    units = list(OrgUnit.objects.filter(code__in=DEMO_UNITS).order_by("code"))
    if not units:
        return
    with audit_context(None, "demo:pakn"), transaction.atomic():
        _records(units, timezone.now())


def _records(units: list[OrgUnit], now: datetime) -> None:
    rng = random.Random(2026)
    first = now - timedelta(days=365)
    made: list[Record] = []
    for i in range(360):
        unit = units[i % len(units)]
        category, title, content = TOPICS[rng.randrange(len(TOPICS))]
        received = first + timedelta(days=rng.uniform(0, 360))
        r = Record(
            unit=unit,
            code=f"DEMO-{i + 1:04d}",
            received_at=received,
            channel=rng.choice(CHANNELS),
            sender_type="citizen" if rng.random() < 0.9 else "organisation",
            kind=rng.choice(["phan_anh", "kien_nghi"]),
            category=category,
            content_type="delay"
            if category == "conduct"
            else rng.choice(["unfit", "inconsistent", "other", "solution"]),
            title=title,
            content=content,
            sender_name=rng.choice(NAMES),
            sender_phone=f"09{rng.randint(10000000, 99999999)}",
            sender_address=f"Số {rng.randint(1, 200)} đường Lạch Tray, phường {rng.choice(['Hồng Bàng', 'Lê Chân', 'Ngô Quyền'])}, Hải Phòng",
            accepted_at=_after(rng, received, 1, 30),
        )
        late = rng.random() < 0.15
        fate = rng.random()
        if fate < 0.08:  # refused (not PAKN, or a khiếu nại redirected)
            r.refused_at = _after(rng, received, 2, 90 if late else 40)
            r.refusal_kind = "refused"
            r.refusal_reason = (
                "Nội dung là khiếu nại, đã hướng dẫn gửi Thanh tra."
                if rng.random() < 0.5
                else "Không ghi địa chỉ người gửi (Điều 7 NĐ 20/2008)."
            )
            r.out_of_scope = "khiếu nại" in r.refusal_reason
        else:
            t = received
            if rng.random() < 0.15:
                r.supplement_requested_at = _after(rng, t, 20, 150 if late else 90)
                r.supplement_request = "Xin gửi bản chụp giấy hẹn trả kết quả."
                t = r.supplement_requested_at
                if rng.random() < 0.8:
                    r.supplemented_at = _after(rng, t, 24, 240)
                    t = r.supplemented_at
            if (r.supplement_requested_at is None or r.supplemented_at is not None) and rng.random() < 0.85:
                handled = _after(rng, t, 48, 650 if late else 400)
                if handled < now:
                    r.handled_at = handled
                    r.answer = ANSWER
                    r.answer_status = AnswerStatus.APPROVED
                    r.answer_signer = "Nguyễn Văn Hải"
                    published = _after(rng, handled, 2, 80 if late else 30)
                    if published < now and rng.random() < 0.9:
                        r.published_at = published
                        r.likes = rng.choice([0, 1, 1, 2, 3])
                        r.dislikes = rng.choice([0, 0, 0, 1, 4])
        made.append(r)
    # register numbers, per unit and year in order of receipt
    made.sort(key=lambda r: r.received_at)
    counters: dict[tuple[int, int], int] = {}
    for r in made:
        key = (r.unit_id, to_local(r.received_at).year)
        counters[key] = counters.get(key, 0) + 1
        r.register_year, r.register_number = key[1], counters[key]
    Record.objects.bulk_create(made)
    for (unit_id, year), last in counters.items():
        RegisterCounter.objects.update_or_create(unit_id=unit_id, year=year, defaults={"last_number": last})
    _chain(units, now, counters)
    # follow-ups about a few published results
    answered = [r for r in made if r.published_at is not None][:6]
    for j, target in enumerate(answered):
        assert target.published_at is not None
        received = target.published_at + timedelta(days=3)
        if received < now:
            _add(
                target.unit,
                f"DEMO-F{j + 1:02d}",
                received,
                counters,
                title=f"Phản ánh tiếp về kết quả {target.code}",
                follow_up_of=target.code,
            )
    conduct = next((r for r in made if r.category == "conduct" and r.handled_at is not None), None)
    if conduct is not None:
        Record.objects.filter(pk=conduct.pk).update(conduct_founded=True)
        PenaltyProposal.objects.get_or_create(
            record=conduct,
            defaults={
                "unit": conduct.unit,
                "year": to_local(conduct.received_at).year,
                "note": "Cán bộ bộ phận một cửa gây phiền hà, đã xác minh đúng sự thật.",
            },
        )


def _add(
    unit: OrgUnit, code: str, received: datetime, counters: dict[tuple[int, int], int], **kw: object
) -> Record:
    key = (unit.pk, to_local(received).year)
    counters[key] = counters.get(key, 0) + 1
    RegisterCounter.objects.update_or_create(
        unit_id=key[0], year=key[1], defaults={"last_number": counters[key]}
    )
    defaults: dict[str, object] = {
        "channel": "website",
        "sender_type": "citizen",
        "kind": "phan_anh",
        "category": "regulation",
        "content": "Kết quả trả lời chưa giải quyết được vướng mắc.",
        "sender_name": "Nguyễn Văn An",
        "sender_phone": "0912000111",
        "sender_address": "Số 8 Lạch Tray, phường Lê Chân, Hải Phòng",
        "title": "Phản ánh",
    }
    defaults.update(kw)
    return Record.objects.create(
        unit=unit,
        code=code,
        received_at=received,
        register_year=key[1],
        register_number=counters[key],
        **defaults,
    )


def _chain(units: list[OrgUnit], now: datetime, counters: dict[tuple[int, int], int]) -> None:
    """A PAKN received by a ward, forwarded to PC06 (on time there), and one returned late."""
    ward = next((u for u in units if u.code == "HP.CAP.HONGBANG"), units[0])
    pc06 = next((u for u in units if u.code == "HP.PC06"), units[-1])
    received = (now - timedelta(days=40)).astimezone(VN_TZ).replace(hour=9, minute=15)
    first = _add(
        ward,
        "DEMO-T01",
        received,
        counters,
        title="Cấp đổi giấy phép lái xe bị từ chối",
        category="regulation",
        channel="portal",
    )
    forwarded = received + timedelta(days=1, hours=2)
    Record.objects.filter(pk=first.pk).update(
        refused_at=forwarded, refusal_kind="forwarded", refusal_reason="Thuộc thẩm quyền Phòng PC06"
    )
    second = _add(
        pc06,
        "DEMO-T01-C1",
        received,
        counters,
        title=first.title,
        channel="portal",
        transferred_at=forwarded,
        previous=first,
        accepted_at=forwarded + timedelta(hours=3),
        handled_at=forwarded + timedelta(days=9),
        answer=ANSWER,
        answer_status=AnswerStatus.APPROVED,
        published_at=forwarded + timedelta(days=10),
        likes=2,
    )
    Transfer.objects.create(
        from_record=first,
        to_record=second,
        to_unit=pc06,
        to_body=pc06.name,
        kind="forwarded",
        at=forwarded,
        reason="Thuộc thẩm quyền Phòng PC06",
    )
    late = _add(
        ward,
        "DEMO-T02",
        received - timedelta(days=20),
        counters,
        title="Đăng ký tạm trú cho người nước ngoài",
        channel="email",
    )
    Record.objects.filter(pk=late.pk).update(
        refused_at=late.received_at + timedelta(days=9),
        refusal_kind="forwarded",
        refusal_reason="Ngoài thẩm quyền, chuyển Phòng Quản lý xuất nhập cảnh",
    )
    Transfer.objects.create(
        from_record=late,
        to_unit=None,
        to_body="Phòng Quản lý xuất nhập cảnh",
        kind="forwarded",
        at=late.received_at + timedelta(days=9),
        reason="Ngoài thẩm quyền",
    )
