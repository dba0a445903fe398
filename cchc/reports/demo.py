"""Demo data (``make run``): Hải Phòng police collect 2026 reports from the ward police; the third-quarter report
is past, with reports on time, late and missing, and a synthesis. Idempotent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.audit.context import audit_context
from cchc.documents.demo import load_demo as load_profiles
from cchc.orgs.models import OrgUnit, Role, UnitGroup
from cchc.orgs.scope import members_with

from . import services
from .models import ReportingCycle, Submission

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CYCLE_NAME = "Báo cáo CCHC năm 2026 — Công an xã, phường, đặc khu"

# unit code -> (days after the due date it was sent, or None = missing; final status)
PLAN = {
    "HP.CAP.HONGBANG": (-3, "accepted"),
    "HP.CAP.LECHAN": (-2, "accepted"),
    "HP.CAP.NGOQUYEN": (-1, "approved"),
    "HP.CAP.HAIAN": (0, "submitted"),
    "HP.CAP.KIENAN": (-5, "accepted"),
    "HP.CAP.DOSON": (2, "approved"),
    "HP.CAP.THUYNGUYEN": (6, "submitted"),
    "HP.CAP.CATHAI": None,
    "HP.CAP.BACHLONGVI": None,
}


def _narratives() -> dict[str, str]:
    return {
        "chi_dao.ke_hoach": "Ban hành kế hoạch CCHC quý, phân công cán bộ theo dõi từng nhiệm vụ.",
        "chi_dao.kiem_tra": "Tổ chức tự kiểm tra công tác CCHC; tuyên truyền trên loa truyền thanh và mạng xã hội.",
        "tthc.noi_dung": "Giải quyết thủ tục cư trú, căn cước đúng quy trình; niêm yết công khai đầy đủ TTHC.",
        "cpdt.noi_dung": "Hướng dẫn người dân nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia.",
        "de_an_06.noi_dung": "Kích hoạt tài khoản định danh điện tử mức 2 cho người dân trên địa bàn.",
        "danh_gia.uu_diem": "Hoàn thành các nhiệm vụ trọng tâm trong kỳ.",
        "danh_gia.ton_tai": "Một số hồ sơ trực tuyến còn phải bổ sung nhiều lần.",
        "phuong_huong.noi_dung": "Tiếp tục đẩy mạnh dịch vụ công trực tuyến toàn trình.",
    }


def _head_of(unit: OrgUnit):
    membership = members_with(Role.HEAD, units=[unit]).select_related("user").first()
    return membership.user if membership else None


@transaction.atomic
def load_demo() -> None:
    if ReportingCycle.objects.filter(name=CYCLE_NAME).exists():
        return
    office = OrgUnit.objects.filter(code="HP").first()
    group = UnitGroup.objects.filter(code="HP.CAXP").first()
    admin = get_user_model().objects.filter(username="quantri").first()
    coordinator = get_user_model().objects.filter(username="daumoi.hp").first()
    if office is None or group is None or admin is None:
        return
    load_profiles()  # "BC-CAHP", "Hải Phòng" on the synthesis
    with audit_context(admin, "demo"):
        cycle = services.cycle_create(
            office=office,
            name=CYCLE_NAME,
            year=2026,
            preset="haiphong",
            template_code="cchc-cong-an",
            group=group,
            actor=None,
        )
        period = cycle.periods.get(kind="q3")
        due_end = datetime.combine(period.due, time(16, 30), tzinfo=TZ)
        for i, sub in enumerate(period.submissions.select_related("unit").order_by("unit__path")):
            plan = PLAN.get(sub.unit.code, (0, "submitted") if i % 3 else None)
            if plan is None:
                if i % 2:
                    services.submission_save(submission=sub, actor=None, narratives=_narratives())
                continue
            offset, final = plan
            services.submission_save(
                submission=sub,
                actor=None,
                narratives=_narratives(),
                numbers={
                    "legal_docs": "0",
                    "staff_trained": str(10 + 2 * i),
                    "online_services": str(5 + i % 4),
                    "vneid_activated": str(1200 + 150 * i),
                },
            )
            services.submission_submit(submission=sub, actor=admin)
            # Nobody approves or accepts what they sent: the unit's head approves (the coordinator stands in for
            # a unit without a head account) and the coordinator accepts.
            approver = _head_of(sub.unit) or coordinator
            if final in ("approved", "accepted") and approver:
                services.submission_approve(submission=sub, actor=approver)
            if final == "accepted" and coordinator:
                services.submission_accept(submission=sub, actor=coordinator, comment="Đạt yêu cầu.")
            at = due_end + timedelta(days=offset)
            Submission.objects.filter(pk=sub.pk).update(first_submitted_at=at, submitted_at=at)
            Submission.objects.filter(pk=sub.pk, first_approved_at__isnull=False).update(first_approved_at=at)
            sub.events.update(at=at)
        synthesis = services.synthesis_get_or_create(period=period)
        services.synthesis_save(
            synthesis=synthesis,
            actor=None,
            place="Hải Phòng",
            signer_authority="KT. GIÁM ĐỐC",
            signer_title="PHÓ GIÁM ĐỐC",
            signer_name="Ngô Quang Vinh",
            recipients="Cục Tham mưu (để báo cáo);\nĐồng chí Giám đốc (để báo cáo);\nLưu: VT, PV01.",
        )


def refresh_figure_snapshots() -> None:
    """The demo's sent reports keep the figures the platform holds for their window (the one-stop and survey demo
    data load after this module's): the snapshot a report takes when it is sent, as the story would have it.
    Idempotent."""
    from .selectors import platform_figures

    cycle = ReportingCycle.objects.filter(name=CYCLE_NAME).first()
    if cycle is None:
        return
    with audit_context(None, "demo:reports"):
        for period in cycle.periods.all():
            for sub in period.submissions.exclude(first_submitted_at=None).select_related("unit"):
                auto = platform_figures(period, [sub.unit]).get(sub.unit_id, {})
                figures = {k: str(v) for k, v in auto.items()}
                if figures != sub.figures:
                    sub.figures = figures
                    sub.save(update_fields=["figures"])
