"""Demo initiatives (``load_demo``; idempotent): a year of proposals of the Hải Phòng police in every state, one
recognised at unit then city level and adopted by two wards, with its PAR-index bonus proposed (the 2026 round is
still at self-assessment); an idea contest. And 2025: two initiatives recognised at city level whose bonuses the
2025 round's appraisal council decided — one accepted (it shows in the unit's assessment), one rejected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.audit.context import audit_context
from cchc.orgs.models import OrgUnit

from . import services
from .models import Contest, Council, Initiative, Review

YEAR = 2026
CRITERIA = [
    ("1", "Tính mới, sáng tạo", Decimal("30")),
    ("2", "Khả năng áp dụng, nhân rộng", Decimal("30")),
    ("3", "Hiệu quả mang lại", Decimal("40")),
]
FLAGSHIP = "Tiếp nhận hồ sơ đăng ký cư trú bằng mã QR trên ứng dụng VNeID tại bộ phận một cửa"


def _text(title: str) -> dict[str, Any]:
    return {
        "situation_before": "Công dân phải kê khai lại thông tin đã có trong Cơ sở dữ liệu quốc gia về dân cư; "
        "thời gian tiếp nhận trung bình 15 phút một hồ sơ.",
        "solution": f"{title}: cán bộ quét mã QR trên thẻ căn cước hoặc VNeID, hệ thống tự điền biểu mẫu.",
        "novelty": "Lần đầu áp dụng tại đơn vị; không trùng với giải pháp đã được công nhận.",
        "effect_before": "15 phút/hồ sơ; 12% hồ sơ phải bổ sung do sai thông tin",
        "effect_after": "4 phút/hồ sơ; 2% hồ sơ phải bổ sung",
        "first_applied_on": date(YEAR, 3, 1),
    }


def load_demo() -> None:
    load_last_year()
    load_this_year()


@transaction.atomic
def load_this_year() -> None:
    if Initiative.objects.filter(title=FLAGSHIP).exists():
        return
    users = get_user_model().objects
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(
            code__in=["HP", "HP.PC06", "HP.CAP.HONGBANG", "HP.CAP.LECHAN", "UBHP"]
        )
    }
    names = [
        "quantri",
        "daumoi.hp",
        "canbo.pc06",
        "canbo.hongbang",
        "canbo.lechan",
        "thamdinh.hp",
        "lanhdao.hp",
        "daumoi.ubhp",
        "truongphong.pc06",
        "hoidong.snv",
    ]
    people = {u.username: u for u in users.filter(username__in=names)}
    if len(units) < 5 or len(people) < len(names):
        return
    admin, coordinator = people["quantri"], people["daumoi.hp"]
    with audit_context(admin, "demo"):
        unit_council = services.council_create(
            actor=coordinator,
            owner=units["HP"],
            name="Hội đồng sáng kiến Công an thành phố Hải Phòng",
            scope="unit",
            year=YEAR,
            decision="Quyết định số 115/QĐ-CAHP ngày 10/02/2026",
            members=[
                (people["lanhdao.hp"], "chair"),
                (coordinator, "secretary"),
                (people["thamdinh.hp"], "member"),
            ],
            criteria=CRITERIA,
        )
        city_council = services.council_create(
            actor=people["daumoi.ubhp"],
            owner=units["UBHP"],
            name="Hội đồng sáng kiến thành phố Hải Phòng",
            scope="province",
            year=YEAR,
            decision="Quyết định số 402/QĐ-UBND ngày 01/03/2026",
            members=[(people["daumoi.ubhp"], "chair"), (people["hoidong.snv"], "member")],
            criteria=CRITERIA,
        )
        pc06, hongbang, lechan = units["HP.PC06"], units["HP.CAP.HONGBANG"], units["HP.CAP.LECHAN"]

        def propose(
            unit: OrgUnit, author: Any, title: str, authors: list[dict[str, Any]], **extra: Any
        ) -> Initiative:
            return services.initiative_create(
                actor=author, unit=unit, title=title, authors=authors, year=YEAR, **{**_text(title), **extra}
            )

        def score(review: Review, member: Any, points: list[str]) -> None:
            services.scores_save(
                review=review, actor=member, points=dict(zip(["1", "2", "3"], points, strict=True))
            )

        flagship = propose(
            pc06,
            people["canbo.pc06"],
            FLAGSHIP,
            [
                {
                    "name": "Phạm Thị Hoa",
                    "share": 70,
                    "user": people["canbo.pc06"],
                    "position": "Cán bộ PC06",
                },
                {
                    "name": "Lê Văn Hùng",
                    "share": 30,
                    "user": people["truongphong.pc06"],
                    "position": "Trưởng phòng PC06",
                },
            ],
            requested_scope="province",
        )
        services.initiative_submit(initiative=flagship, actor=people["canbo.pc06"])
        review = services.review_open(initiative=flagship, actor=coordinator, council=unit_council)
        score(review, people["lanhdao.hp"], ["27", "26", "36"])
        score(review, coordinator, ["26", "27", "35"])
        score(review, people["thamdinh.hp"], ["28", "25", "37"])
        services.review_decide(review=review, actor=coordinator, recognised=True, on_date=date(YEAR, 6, 15))
        higher = services.review_open(initiative=flagship, actor=people["daumoi.ubhp"], council=city_council)
        score(higher, people["daumoi.ubhp"], ["25", "26", "35"])
        score(higher, people["hoidong.snv"], ["26", "25", "36"])
        services.review_decide(
            review=higher, actor=people["daumoi.ubhp"], recognised=True, on_date=date(YEAR, 9, 10)
        )
        services.adoption_declare(
            initiative=flagship,
            actor=people["canbo.hongbang"],
            unit=hongbang,
            since=date(YEAR, 10, 1),
            effect="Thời gian tiếp nhận giảm từ 14 xuống 5 phút/hồ sơ",
        )
        services.adoption_declare(
            initiative=flagship,
            actor=people["canbo.lechan"],
            unit=lechan,
            since=date(YEAR, 11, 2),
            effect="Tỷ lệ hồ sơ phải bổ sung giảm từ 10% xuống 3%",
        )

        one = [{"name": "Vũ Thị Lan", "share": 100, "user": people["canbo.hongbang"]}]
        waiting = propose(
            hongbang, people["canbo.hongbang"], "Sổ tay điện tử hướng dẫn thủ tục cư trú cho người dân", one
        )
        services.initiative_submit(initiative=waiting, actor=people["canbo.hongbang"])

        reviewing = propose(
            hongbang, people["canbo.hongbang"], "Hẹn trả kết quả qua Zalo OA của Công an phường", one
        )
        services.initiative_submit(initiative=reviewing, actor=people["canbo.hongbang"])
        in_review = services.review_open(initiative=reviewing, actor=coordinator, council=unit_council)
        score(in_review, people["lanhdao.hp"], ["20", "22", "30"])

        returned = propose(
            lechan,
            people["canbo.lechan"],
            "Bảng theo dõi hồ sơ quá hạn tại bộ phận một cửa",
            [{"name": "Hoàng Văn Nam", "share": 100, "user": people["canbo.lechan"]}],
        )
        services.initiative_submit(initiative=returned, actor=people["canbo.lechan"])
        services.initiative_return(
            initiative=returned,
            actor=coordinator,
            reason="Bổ sung số liệu hiệu quả trước và sau khi áp dụng, có xác nhận của Trưởng Công an phường.",
        )

        refused = propose(
            pc06,
            people["canbo.pc06"],
            "Phần mềm nhắc lịch tiếp công dân",
            [{"name": "Phạm Thị Hoa", "share": 100, "user": people["canbo.pc06"]}],
        )
        services.initiative_submit(initiative=refused, actor=people["canbo.pc06"])
        no = services.review_open(initiative=refused, actor=coordinator, council=unit_council)
        score(no, people["lanhdao.hp"], ["10", "12", "15"])
        score(no, people["thamdinh.hp"], ["12", "10", "14"])
        services.review_decide(
            review=no,
            actor=coordinator,
            recognised=False,
            on_date=date(YEAR, 7, 20),
            note="Giải pháp đã được áp dụng rộng rãi, không có tính mới.",
        )

        propose(
            pc06,
            people["canbo.pc06"],
            "Quy trình số hóa hồ sơ xác nhận thông tin cư trú",
            [{"name": "Phạm Thị Hoa", "share": 100, "user": people["canbo.pc06"]}],
        )  # a draft
        gone = propose(
            lechan,
            people["canbo.lechan"],
            "Tờ rơi hướng dẫn nộp hồ sơ trực tuyến",
            [{"name": "Hoàng Văn Nam", "share": 100, "user": people["canbo.lechan"]}],
        )
        services.initiative_withdraw(initiative=gone, actor=people["canbo.lechan"])

        jury = services.council_create(
            actor=coordinator,
            owner=units["HP"],
            name="Ban giám khảo Cuộc thi ý tưởng CCHC Công an thành phố 2026",
            scope="unit",
            year=YEAR,
            members=[(people["lanhdao.hp"], "chair"), (people["thamdinh.hp"], "member")],
            criteria=CRITERIA,
        )
        contest = services.contest_create(
            actor=coordinator,
            jury=jury,
            title="Cuộc thi Ý tưởng, giải pháp cải cách hành chính Công an thành phố Hải Phòng năm 2026",
            year=YEAR,
            opens_on=date(YEAR, 9, 1),
            closes_on=date(YEAR, 12, 31),
            rules="Mỗi đơn vị, cá nhân gửi tối đa 02 ý tưởng; ban giám khảo chấm theo 3 tiêu chí (100 điểm).",
        )
        entry = services.initiative_create(
            actor=people["canbo.hongbang"],
            unit=hongbang,
            contest=contest,
            year=YEAR,
            title="Ki-ốt tự tra cứu tiến độ hồ sơ bằng mã QR",
            authors=one,
            **_text("Ki-ốt tự tra cứu"),
        )
        services.initiative_submit(initiative=entry, actor=people["canbo.hongbang"])
    assert Contest.objects.filter(pk=contest.pk).exists() and Council.objects.count() >= 3


LAST_YEAR = YEAR - 1
ACCEPTED_2025 = "Phân luồng công dân làm căn cước theo lịch hẹn trực tuyến"
REJECTED_2025 = "Tổ công tác lưu động cấp căn cước cho người cao tuổi tại nhà"


@transaction.atomic
def load_last_year() -> None:
    """2025: two initiatives recognised at city level; the PAR-index appraisal council of the 2025 round (its one
    member, thamdinh.hp) accepts one proposed bonus and rejects the other (its decision came after the round's
    cut-off date). The round is published afterwards by the PAR-index demo."""
    from cchc.parindex.demo import HP_2025
    from cchc.parindex.models import Round

    if Initiative.objects.filter(title=ACCEPTED_2025).exists():
        return
    rnd = Round.objects.filter(name=HP_2025, phase=Round.Phase.ROUND2).first()
    users = get_user_model().objects
    names = [
        "daumoi.hp",
        "lanhdao.hp",
        "thamdinh.hp",
        "daumoi.ubhp",
        "hoidong.snv",
        "canbo.pc06",
        "canbo.hongbang",
    ]
    people = {u.username: u for u in users.filter(username__in=names)}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["HP", "UBHP", "HP.PC06", "HP.CAP.HONGBANG"])}
    if rnd is None or len(people) < len(names) or len(units) < 4:
        return
    coordinator, city = people["daumoi.hp"], people["daumoi.ubhp"]
    with audit_context(None, "demo"):
        unit_council = services.council_create(
            actor=coordinator,
            owner=units["HP"],
            name="Hội đồng sáng kiến Công an thành phố Hải Phòng",
            scope="unit",
            year=LAST_YEAR,
            decision="Quyết định số 98/QĐ-CAHP ngày 12/02/2025",
            members=[
                (people["lanhdao.hp"], "chair"),
                (coordinator, "secretary"),
                (people["thamdinh.hp"], "member"),
            ],
            criteria=CRITERIA,
        )
        city_council = services.council_create(
            actor=city,
            owner=units["UBHP"],
            name="Hội đồng sáng kiến thành phố Hải Phòng",
            scope="province",
            year=LAST_YEAR,
            decision="Quyết định số 377/QĐ-UBND ngày 03/03/2025",
            members=[(city, "chair"), (people["hoidong.snv"], "member")],
            criteria=CRITERIA,
        )
        cases = [
            (
                units["HP.PC06"],
                people["canbo.pc06"],
                ACCEPTED_2025,
                date(LAST_YEAR, 5, 20),
                date(LAST_YEAR, 8, 20),
            ),
            (
                units["HP.CAP.HONGBANG"],
                people["canbo.hongbang"],
                REJECTED_2025,
                date(LAST_YEAR, 7, 1),
                date(LAST_YEAR, 10, 20),
            ),
        ]
        proposals = []
        for unit, author, title, at_unit, at_city in cases:
            initiative = services.initiative_create(
                actor=author,
                unit=unit,
                title=title,
                year=LAST_YEAR,
                authors=[{"name": author.display_name, "share": 100, "user": author}],
                requested_scope="province",
                **{**_text(title), "first_applied_on": date(LAST_YEAR, 2, 3)},
            )
            services.initiative_submit(initiative=initiative, actor=author)
            review = services.review_open(initiative=initiative, actor=coordinator, council=unit_council)
            for member, points in (
                (people["lanhdao.hp"], ["26", "25", "34"]),
                (people["thamdinh.hp"], ["25", "26", "33"]),
            ):
                services.scores_save(
                    review=review, actor=member, points=dict(zip(["1", "2", "3"], points, strict=True))
                )
            services.review_decide(review=review, actor=coordinator, recognised=True, on_date=at_unit)
            higher = services.review_open(initiative=initiative, actor=city, council=city_council)
            for member, points in ((city, ["25", "25", "33"]), (people["hoidong.snv"], ["24", "26", "34"])):
                services.scores_save(
                    review=higher, actor=member, points=dict(zip(["1", "2", "3"], points, strict=True))
                )
            services.review_decide(review=higher, actor=city, recognised=True, on_date=at_city)
            proposals.append(higher.bonus)
        accepted, rejected = proposals
        services.bonus_decide(
            proposal=accepted,
            actor=people["thamdinh.hp"],
            accept=True,
            note="Hội đồng thẩm định thống nhất cộng điểm thưởng (biên bản họp thẩm định lần 2).",
        )
        services.bonus_decide(
            proposal=rejected,
            actor=people["thamdinh.hp"],
            accept=False,
            note="Quyết định công nhận ngày 20/10/2025, sau thời điểm chốt số liệu 14/9/2025 của đợt đánh giá năm"
            " 2025; không cộng điểm thưởng.",
        )
