"""The council meeting minutes (Biên bản họp Hội đồng thẩm định) as Word, in the format of NĐ 30/2020.

The number comes from the documents register (:func:`cchc.parindex.council.minutes_create`); the content is the
council's composition, each member's total per unit beside the agreed total, and the conclusion.
"""

from __future__ import annotations

from decimal import Decimal

from cchc.documents.blocks import Align
from cchc.documents.letterhead import place_of
from cchc.documents.official import Block, Heading, OfficialDocument, Para, Signer, Table, render_docx

from . import council
from .announce import _pts
from .models import CouncilMinutes, MemberScore


def minutes_document(minutes: CouncilMinutes) -> OfficialDocument:
    rnd = minutes.round
    n = minutes.round_no
    owner = rnd.owner_unit
    issued = minutes.document
    members = sorted(rnd.council.all(), key=lambda u: (u.pk != rnd.chair_id, u.display_name))
    chair = rnd.chair.display_name if rnd.chair else ""
    secretary = rnd.secretary.display_name if rnd.secretary else ""
    year = rnd.framework.year
    body: list[Block] = [
        Para(
            f"Hôm nay, ngày {issued.issued_on:%d/%m/%Y}, tại {minutes.meeting_place or owner.name}, Hội đồng "
            f"thẩm định Chỉ số cải cách hành chính năm {year} họp thẩm định lần {n} kết quả tự đánh giá của "
            f"Công an các đơn vị, địa phương (đợt: {rnd.name})."
        ),
        Heading("I. THÀNH PHẦN", level=2),
    ]
    for u in members:
        role = "Chủ tịch Hội đồng" if u.pk == rnd.chair_id else "Thành viên"
        body.append(Para(f"- {u.display_name} — {role};"))
    if rnd.secretary and rnd.secretary not in members:
        body.append(Para(f"- {secretary} — Thư ký Hội đồng."))
    body.append(Heading("II. NỘI DUNG", level=2))
    body.append(
        Para(
            f"Các thành viên Hội đồng chấm điểm độc lập từng tiêu chí, tiêu chí thành phần; Hội đồng thảo luận và "
            f"thống nhất điểm thẩm định lần {n} của từng đơn vị như bảng dưới đây (điểm thống nhất là điểm đạt "
            f"được trước khi cộng điểm thưởng, trừ điểm phạt)."
        )
    )
    totals = _member_totals(rnd.pk, n)
    headers = ["TT", "Đơn vị", "Tự chấm", *[u.display_name for u in members], "Thống nhất"]
    rows = []
    for i, (a, agreed, self_total) in enumerate(council.agreed_pairs(rnd, n), start=1):
        per_member = [_pts(totals.get((a.pk, u.pk))) for u in members]
        rows.append([str(i), a.unit.name, _pts(self_total), *per_member, _pts(agreed)])
    right: list[Align] = ["right"] * (len(members) + 2)
    align: list[Align] = ["center", "left", *right]
    body.append(
        Table(
            headers=headers,
            rows=rows,
            align=align,
            font_pt=11,
        )
    )
    body.append(Heading("III. KẾT LUẬN", level=2))
    body.append(Para(minutes.conclusion or "Hội đồng thống nhất kết quả thẩm định như bảng trên."))
    body.append(
        Para("Biên bản được lập thành 02 bản, thông qua trước Hội đồng và các thành viên nhất trí ký tên.")
    )
    if secretary:
        body.append(Para("THƯ KÝ", bold=True, align="left", indent=False))
        body.append(Para(secretary, bold=True, align="left", indent=False))
    return OfficialDocument(
        parent_body=owner.name.upper(),
        issuer="HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC",
        place=place_of(owner),
        **issued.official_fields(),
        summary=f"Họp Hội đồng thẩm định Chỉ số cải cách hành chính năm {year} (lần {n})",
        body=body,
        recipients=["Thành viên Hội đồng;", "Lưu: hồ sơ thẩm định."],
        signer=Signer(title="CHỦ TỊCH HỘI ĐỒNG", name=chair),
        year=year,
    )


def _member_totals(round_id: int, round_no: int) -> dict[tuple[int, int], Decimal]:
    out: dict[tuple[int, int], Decimal] = {}
    rows = MemberScore.objects.filter(
        score__assessment__round_id=round_id, round_no=round_no, points__isnull=False
    ).values_list("score__assessment_id", "member_id", "points")
    for assessment_id, member_id, points in rows:
        out[(assessment_id, member_id)] = out.get((assessment_id, member_id), Decimal(0)) + (points or 0)
    return out


def minutes_docx(minutes: CouncilMinutes) -> bytes:
    return render_docx(minutes_document(minutes))
