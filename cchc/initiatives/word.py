"""Word documents of initiatives in the format of NĐ 30/2020: the request for recognition (đơn yêu cầu công nhận
sáng kiến, with the report on its content and effect), the council's minutes (biên bản) and the recognition
decision (quyết định), numbered from the documents register."""

from __future__ import annotations

from decimal import Decimal

from cchc.documents.blocks import Block, Heading, OfficialDocument, Para, Signer, Table
from cchc.documents.docx_render import render_docx
from cchc.documents.format import upper_vn
from cchc.documents.letterhead import place_of
from cchc.documents.signers import default_signer
from cchc.orgs.models import OrgUnit

from . import selectors
from .models import Initiative, Review


def pts(value: Decimal | None) -> str:
    """Points as people write them: "30", "86,5" (Vietnamese decimal comma), "…" when none."""
    if value is None:
        return "…"
    text = (
        f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.01')):f}"
    )
    return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text


def _parent_body(unit: OrgUnit) -> str:
    return upper_vn(unit.parent.name) if unit.parent is not None else ""


def _authors_table(initiative: Initiative) -> Table:
    rows = [
        [str(i), a.name, a.position, f"{a.share}%"] for i, a in enumerate(initiative.authors.all(), start=1)
    ]
    return Table(
        headers=["TT", "Họ và tên", "Chức vụ, đơn vị công tác", "Tỷ lệ đóng góp"],
        rows=rows,
        widths_cm=[1.2, 5.0, 6.5, 3.3],
        align=["center", "left", "left", "center"],
    )


def request_docx(initiative: Initiative) -> bytes:
    """Đơn yêu cầu công nhận sáng kiến with the description of the initiative (the dossier's core documents)."""
    unit = initiative.unit
    first = initiative.first_applied_on.strftime("%d/%m/%Y") if initiative.first_applied_on else "…"
    body: list[Block] = [
        Para(
            "Kính gửi: Hội đồng sáng kiến " + initiative.get_requested_scope_display().lower() + ".",
            indent=False,
        ),
        Para("Chúng tôi gồm:", indent=False),
        _authors_table(initiative),
        Para(f"Là tác giả (nhóm tác giả) đề nghị xét công nhận sáng kiến: “{initiative.title}”."),
        Para(
            f"Lĩnh vực áp dụng sáng kiến: {initiative.get_field_display()}; loại giải pháp: "
            f"{initiative.get_solution_kind_display().lower()}."
        ),
        Para(f"Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: {first}."),
        Heading("I. TÌNH TRẠNG TRƯỚC KHI CÓ SÁNG KIẾN", level=1),
        Para(initiative.situation_before or "…"),
        Heading("II. NỘI DUNG CỦA SÁNG KIẾN", level=1),
        Para(initiative.solution or "…"),
        Heading("III. TÍNH MỚI", level=1),
        Para(initiative.novelty or "…"),
        Heading("IV. HIỆU QUẢ ĐẠT ĐƯỢC", level=1),
        Table(
            headers=["Trước khi áp dụng", "Sau khi áp dụng"],
            rows=[[initiative.effect_before or "…", initiative.effect_after or "…"]],
        ),
        Para(
            "Chúng tôi xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng sự thật và hoàn toàn chịu trách "
            "nhiệm trước pháp luật."
        ),
    ]
    first_author = initiative.authors.first()
    return render_docx(
        OfficialDocument(
            parent_body=_parent_body(unit),
            issuer=upper_vn(unit.name),
            symbol="ĐYC-SK",  # numbered by the receiving office's văn thư when filed
            number=None,
            place=place_of(unit),
            date=None,
            year=initiative.year,
            doc_type="ĐƠN YÊU CẦU",
            summary="Công nhận sáng kiến",
            body=body,
            recipients=[],
            signer=Signer(authority="", title="TÁC GIẢ", name=first_author.name if first_author else ""),
        )
    )


def _scores_table(review: Review) -> Table:
    scores = selectors.review_scores(review)
    criteria = list(review.council.criteria.all())
    members = {m.user_id: m for m in review.council.members.select_related("user")}
    rows = []
    for user_id, points in scores.items():
        member = members.get(user_id)
        name = (member.user.full_name or member.user.username) if member else str(user_id)
        rows.append(
            [name, *[pts(points.get(c.code)) for c in criteria], pts(sum(points.values(), Decimal(0)))]
        )
    return Table(
        headers=[
            "Thành viên",
            *[f"{c.code}. {c.title} (tối đa {pts(c.max_points)})" for c in criteria],
            "Tổng",
        ],
        rows=rows,
    )


def minutes_docx(review: Review) -> bytes:
    """Biên bản họp hội đồng: members present, each member's scores, the council's score and conclusion."""
    council = review.council
    office = council.owner
    initiative = review.initiative
    members = [
        f"- {m.user.full_name or m.user.username}: {m.get_role_display()}"
        for m in council.members.select_related("user")
    ]
    outcome = {
        Review.Outcome.RECOGNISED: "đề nghị công nhận sáng kiến",
        Review.Outcome.NOT_RECOGNISED: "không đề nghị công nhận sáng kiến",
        Review.Outcome.PENDING: "chưa kết luận",
    }[Review.Outcome(review.outcome)]
    number = review.minutes.number if review.minutes else None
    symbol = review.minutes.symbol if review.minutes else f"BB-HĐSK-{office.short_code or office.code}"
    chair = council.members.filter(role="chair").select_related("user").first()
    secretary = council.members.filter(role="secretary").select_related("user").first()
    body: list[Block] = [
        Para(f"Hội đồng: {council.name} ({council.get_scope_display().lower()}, năm {council.year})."),
        Para("Thành phần:", indent=False),
        *[Para(line, indent=False) for line in members],
        Para(f"Nội dung: xét công nhận sáng kiến “{initiative.title}” của {initiative.unit.name}."),
        _scores_table(review),
        Para(f"Điểm bình quân của Hội đồng: {pts(review.score)} điểm."),
        Para(f"Kết luận: Hội đồng {outcome}{'; ' + review.note if review.note else ''}."),
        Table(
            headers=["THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"],
            rows=[
                [
                    (secretary.user.full_name if secretary else ""),
                    (chair.user.full_name if chair else ""),
                ]
            ],
        ),
    ]
    return render_docx(
        OfficialDocument(
            parent_body=_parent_body(office),
            issuer=upper_vn(office.name),
            symbol=symbol,
            number=number,
            place=place_of(office),
            date=review.decided_on,
            year=council.year,
            doc_type="BIÊN BẢN",
            summary=f"Họp Hội đồng xét công nhận sáng kiến “{initiative.title}”",
            body=body,
            recipients=["Thành viên Hội đồng;", f"Lưu: VT, {office.short_code or office.code}."],
            signer=Signer(),
        )
    )


def decision_docx(review: Review) -> bytes:
    """Quyết định công nhận sáng kiến, with the authors and the scope of recognition."""
    office = review.council.owner
    initiative = review.initiative
    doc = review.decision
    body: list[Block] = [
        Para(
            "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02/3/2012 của Chính phủ ban hành Điều lệ Sáng kiến;",
            italic=True,
        ),
        Para(f"Căn cứ {review.council.decision or 'Quyết định thành lập Hội đồng sáng kiến'};", italic=True),
        Para(
            f"Theo đề nghị của {review.council.name} tại Biên bản họp ngày "
            f"{review.decided_on.strftime('%d/%m/%Y') if review.decided_on else '…'},",
            italic=True,
        ),
        Para("QUYẾT ĐỊNH:", bold=True, align="center", indent=False),
        Para(
            f"Điều 1. Công nhận sáng kiến “{initiative.title}” của {initiative.unit.name} "
            f"{review.get_scope_display().lower()}, do các tác giả sau thực hiện:"
        ),
        _authors_table(initiative),
        Para(f"Điểm đánh giá của Hội đồng: {pts(review.score)} điểm."),
        Para("Điều 2. Sáng kiến được phổ biến, nhân rộng trong phạm vi được công nhận."),
        Para(
            f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. {initiative.unit.name} và các tác giả có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    return render_docx(
        OfficialDocument(
            parent_body=_parent_body(office),
            issuer=upper_vn(office.name),
            symbol=doc.symbol if doc else f"QĐ-{office.short_code or office.code}",
            number=doc.number if doc else None,
            place=place_of(office),
            date=doc.issued_on if doc else review.decided_on,
            year=review.council.year,
            doc_type="QUYẾT ĐỊNH",
            summary=f"Về việc công nhận sáng kiến “{initiative.title}”",
            body=body,
            recipients=["Như Điều 3;", f"Lưu: VT, {office.short_code or office.code}."],
            signer=default_signer(office),
        )
    )
