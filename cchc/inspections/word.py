"""The inspection's official documents in the Nghị định 30/2020 format (through :mod:`cchc.documents.official`):
the plan (KH), the decision forming the team (QĐ), the record (biên bản, signed by both sides), the report (BC) and
the conclusion notice (TB: strengths, numbered findings, requests with deadlines, report-back date).

A document whose number is not yet taken from the register prints "Số:     /…" blank (a draft)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cchc.core.safe_text import safe_xml_text
from cchc.documents.blocks import Signer
from cchc.documents.format import upper_vn
from cchc.documents.official import Block, Heading, OfficialDocument, Para, Table, render_docx
from cchc.documents.signers import default_signer
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan

from .models import InspectionDocument, Visit
from .rules import end_of_day
from .selectors import calendar, clock_of


def _t(text: str) -> str:
    return safe_xml_text(text or "")


def _d(d: date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "…/…/……"


def _frame(issuer: OrgUnit, kind: str, doc: InspectionDocument | None, year: int) -> dict[str, object]:
    if doc is not None:
        f = doc.issued
        return {"number": f.number, "symbol": f.symbol, "date": f.issued_on}
    abbr = {"KH": "KH", "QD": "QĐ", "BB": "BB", "BC": "BC", "TB": "TB"}[kind]
    return {
        "number": None,
        "symbol": f"{abbr}-{issuer.short_code or issuer.code}",
        "date": None,
        "year": year,
    }


def _head(issuer: OrgUnit) -> dict[str, object]:
    from cchc.documents.letterhead import place_of

    return {
        "parent_body": upper_vn(issuer.parent.name) if issuer.parent else "",
        "issuer": upper_vn(issuer.name),
        "place": place_of(issuer),
    }


def _ref(doc: InspectionDocument | None, fallback: str) -> str:
    if doc is None:
        return fallback
    return f"số {doc.issued.number_text} ngày {doc.issued.issued_on:%d/%m/%Y}"


def plan_docx(plan: Plan, doc: InspectionDocument | None) -> bytes:
    visits = list(plan.inspection_visits.select_related("unit", "office").order_by("planned_from", "pk"))
    rows = [
        [
            str(i),
            _t(v.unit.name),
            _t(v.office.name),
            f"{v.get_kind_display()}; {v.get_mode_display()}" + ("" if v.announced else "; không báo trước"),
            f"{_d(v.planned_from)} - {_d(v.planned_to)}",
        ]
        for i, v in enumerate(visits, start=1)
    ]
    self_plan = plan.kind == Plan.Kind.SELF_INSPECTION
    body: list[Block] = [
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Para(
            "Đánh giá đúng thực trạng công tác cải cách hành chính, kiểm soát thủ tục hành chính của các đơn vị; "
            "kịp thời phát hiện tồn tại, hạn chế và kiến nghị khắc phục; mỗi đơn vị được kiểm tra ít nhất một lần "
            "trong năm" + (" (tự kiểm tra 100% đơn vị trực thuộc)." if self_plan else ".")
        ),
        Heading("II. NỘI DUNG, HÌNH THỨC, THỜI GIAN KIỂM TRA"),
        Para(
            "Nội dung kiểm tra theo Điều 35a Nghị định số 63/2010/NĐ-CP và các tiêu chí Chỉ số CCHC; kiểm tra trực "
            "tiếp tại đơn vị hoặc trực tuyến qua dữ liệu trên hệ thống; kiểm tra định kỳ, đột xuất, không báo "
            "trước và tái kiểm tra việc khắc phục."
        ),
        Table(
            headers=["TT", "Đơn vị được kiểm tra", "Cơ quan kiểm tra", "Hình thức", "Thời gian"],
            rows=rows or [["", "(chưa có cuộc kiểm tra)", "", "", ""]],
            widths_cm=[1.0, 5.0, 4.0, 3.5, 3.5],
            align=["center", "left", "left", "left", "center"],
        ),
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        Para(
            "Đoàn kiểm tra lập biên bản, báo cáo kết quả và dự thảo thông báo kết luận; đơn vị được kiểm tra "
            "chuẩn bị báo cáo tự kiểm tra, tổ chức khắc phục tồn tại và báo cáo kết quả kèm minh chứng trên hệ thống "
            "đúng hạn."
        ),
    ]
    issuer = plan.issuer
    return render_docx(
        OfficialDocument(
            **_head(issuer),  # type: ignore[arg-type]
            **_frame(issuer, "KH", doc, plan.year),  # type: ignore[arg-type]
            doc_type="KẾ HOẠCH",
            summary=_t(plan.title),
            body=body,
            recipients=["Các đơn vị được kiểm tra;", "Lưu: VT."],
            signer=default_signer(issuer),
        )
    )


def _team_rows(visit: Visit) -> list[list[str]]:
    return [
        [str(i), _t(m.name), _t(m.position), m.get_role_display()]
        for i, m in enumerate(visit.team.all(), start=1)
    ]


def _leader(visit: Visit) -> str:
    m = visit.team.filter(role="leader").first()
    return m.name if m else ""


def decision_docx(visit: Visit, doc: InspectionDocument | None) -> bytes:
    issuer = visit.plan.issuer
    plan_doc = InspectionDocument.objects.filter(plan=visit.plan, kind="KH").select_related("issued").first()
    body: list[Block] = [
        Para(f"Căn cứ Kế hoạch {_ref(plan_doc, '')} của {_t(issuer.name)} về {_t(visit.plan.title)};"),
        Para(f"Theo đề nghị của {_t(visit.office.name)},"),
        Heading("QUYẾT ĐỊNH:", level=1),
        Para(
            f"Điều 1. Thành lập Đoàn kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)} "
            f"({visit.get_kind_display().lower()}, {visit.get_mode_display().lower()}), gồm các đồng chí:"
        ),
        Table(
            headers=["TT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ"],
            rows=_team_rows(visit),
            widths_cm=[1, 5, 6, 4],
        ),
        Para(
            f"Điều 2. Đoàn kiểm tra thực hiện kiểm tra từ ngày {_d(visit.planned_from)} đến ngày "
            f'{_d(visit.planned_to)} theo danh mục "{_t(visit.checklist.name)}"; lập biên bản, báo cáo kết quả và '
            "dự thảo thông báo kết luận kiểm tra. Đoàn tự giải thể sau khi hoàn thành nhiệm vụ."
        ),
        Para(
            f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. {_t(visit.office.name)}, {_t(visit.unit.name)} và các "
            "đồng chí có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    return render_docx(
        OfficialDocument(
            **_head(issuer),  # type: ignore[arg-type]
            **_frame(issuer, "QD", doc, visit.plan.year),  # type: ignore[arg-type]
            doc_type="QUYẾT ĐỊNH",
            summary=f"Thành lập Đoàn kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)}",
            body=body,
            recipients=["Như Điều 3;", "Lưu: VT."],
            signer=default_signer(issuer),
        )
    )


def _results_table(visit: Visit) -> Table:
    rows = [
        [
            r.item_code,
            _t(f"{r.area}: {r.text}" if r.area else r.text),
            r.get_result_display(),
            _t(r.evidence),
            _t(r.notes),
        ]
        for r in visit.results.all()
    ]
    return Table(
        headers=["Mã", "Nội dung kiểm tra", "Kết quả", "Tài liệu, minh chứng", "Ghi chú"],
        rows=rows,
        widths_cm=[1.2, 6.3, 2.2, 3.6, 3.2],
        font_pt=11,
    )


def _findings_rows(visit: Visit) -> list[list[str]]:
    cal = calendar()
    out = []
    for f in visit.findings.all():
        due = clock_of(f, visit, as_of=end_of_day(timezone.localdate()), cal=cal).due
        when = f"{due:%d/%m/%Y}" if due else (f"{f.deadline_days} ngày làm việc" if f.deadline_days else "")
        out.append([str(f.number), _t(f.text), _t(f.request), when])
    return out


def record_docx(visit: Visit, doc: InspectionDocument | None) -> bytes:
    """Biên bản kiểm tra: time, place, basis, both sides' people, results per item, findings, the unit's opinion,
    and the signatures of both sides."""
    issuer = visit.plan.issuer
    qd = InspectionDocument.objects.filter(visit=visit, kind="QD").select_related("issued").first()
    findings = _findings_rows(visit)
    body: list[Block] = [
        Para(
            f"Hôm nay, ngày {_d(visit.visit_date)}, tại {_t(visit.place or visit.unit.name)}, Đoàn kiểm tra thành lập "
            f"theo Quyết định {_ref(qd, '…')} của {_t(issuer.name)} tiến hành kiểm tra công tác cải cách hành chính "
            f"tại {_t(visit.unit.name)} ({visit.get_mode_display().lower()})."
        ),
        Heading("I. THÀNH PHẦN", level=1),
        Heading("1. Đoàn kiểm tra", level=2),
        Table(
            headers=["TT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ"],
            rows=_team_rows(visit),
            widths_cm=[1, 5, 6, 4],
        ),
        Heading("2. Đơn vị được kiểm tra", level=2),
        Para(_t(visit.unit_people) or "…"),
        Heading("II. KẾT QUẢ KIỂM TRA", level=1),
        Para(_t(visit.summary)),
        _results_table(visit),
        Heading("III. TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ", level=1),
        Table(
            headers=["TT", "Tồn tại, hạn chế", "Kiến nghị khắc phục", "Thời hạn"],
            rows=findings or [["", "Không phát hiện tồn tại, hạn chế", "", ""]],
            widths_cm=[1, 6.5, 6, 3],
        ),
        Heading("IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA", level=1),
        Para(_t(visit.unit_opinion) or "Nhất trí với nội dung biên bản."),
        Para(
            "Biên bản được lập thành 02 bản có giá trị như nhau, đã đọc lại cho các thành phần cùng nghe, nhất trí "
            "và ký tên dưới đây; mỗi bên giữ 01 bản."
        ),
        Table(
            headers=["ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "TRƯỞNG ĐOÀN KIỂM TRA"],
            rows=[["(Ký, ghi rõ họ tên)\n\n\n\n", f"(Ký, ghi rõ họ tên)\n\n\n\n{_t(_leader(visit))}"]],
            widths_cm=[8, 8],
            align=["center", "center"],
        ),
    ]
    return render_docx(
        OfficialDocument(
            **_head(issuer),  # type: ignore[arg-type]
            **_frame(issuer, "BB", doc, visit.plan.year),  # type: ignore[arg-type]
            doc_type="BIÊN BẢN",
            summary=f"Kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)}",
            body=body,
            recipients=[],
            signer=Signer(),
        )
    )


def report_docx(visit: Visit, doc: InspectionDocument | None) -> bytes:
    issuer = visit.plan.issuer
    results = list(visit.results.all())
    counts = {k: sum(1 for r in results if r.result == k) for k in ("pass", "fail", "na")}
    body: list[Block] = [
        Heading("I. KHÁI QUÁT CUỘC KIỂM TRA"),
        Para(
            f"Thời gian: {_d(visit.visit_date)}; hình thức: {visit.get_kind_display().lower()}, "
            f"{visit.get_mode_display().lower()}{'' if visit.announced else ', không báo trước'}; danh mục kiểm tra: "
            f"{_t(visit.checklist.name)} (phiên bản {visit.checklist.version})."
        ),
        Heading("II. KẾT QUẢ KIỂM TRA"),
        Para(
            f"Tổng số {len(results)} nội dung: {counts['pass']} đạt, {counts['fail']} chưa đạt, "
            f"{counts['na']} không áp dụng. {_t(visit.summary)}"
        ),
        _results_table(visit),
        Heading("III. TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT"),
        Table(
            headers=["TT", "Tồn tại, hạn chế", "Kiến nghị khắc phục", "Thời hạn"],
            rows=_findings_rows(visit) or [["", "Không phát hiện tồn tại, hạn chế", "", ""]],
            widths_cm=[1, 6.5, 6, 3],
        ),
    ]
    return render_docx(
        OfficialDocument(
            **_head(issuer),  # type: ignore[arg-type]
            **_frame(issuer, "BC", doc, visit.plan.year),  # type: ignore[arg-type]
            doc_type="BÁO CÁO",
            summary=f"Kết quả kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)}",
            body=body,
            recipients=[f"{_t(issuer.name)} (để báo cáo);", "Lưu: VT, Đoàn kiểm tra."],
            signer=Signer(authority="", title="TRƯỞNG ĐOÀN", name=_t(_leader(visit))),
        )
    )


def conclusion_docx(visit: Visit, doc: InspectionDocument | None) -> bytes:
    """Thông báo kết luận: basis, strengths, numbered shortcomings, requests with deadlines, report-back date."""
    issuer = visit.plan.issuer
    qd = InspectionDocument.objects.filter(visit=visit, kind="QD").select_related("issued").first()
    findings = list(visit.findings.all())
    rows = _findings_rows(visit)
    body: list[Block] = [
        Para(
            f"Thực hiện Quyết định {_ref(qd, '…')} của {_t(issuer.name)}, ngày {_d(visit.visit_date)} Đoàn kiểm tra "
            f"đã kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)}. Trên cơ sở báo cáo của Đoàn kiểm "
            f"tra, {_t(issuer.name)} thông báo kết luận như sau:"
        ),
        Heading("I. ƯU ĐIỂM"),
        Para(_t(visit.strengths)),
        Heading("II. TỒN TẠI, HẠN CHẾ"),
    ]
    if findings:
        body += [Para(f"{f.number}. {_t(f.text)}") for f in findings]
    else:
        body.append(Para("Không phát hiện tồn tại, hạn chế."))
    body.append(Heading("III. YÊU CẦU KHẮC PHỤC"))
    if findings:
        body += [Para(f"{r[0]}. {r[2]} Thời hạn hoàn thành: {r[3]}.") for r in rows]
        body.append(
            Para(
                f"{_t(visit.unit.name)} tổ chức khắc phục, báo cáo kết quả kèm minh chứng trên hệ thống và gửi báo "
                f"cáo kết quả thực hiện kết luận về {_t(visit.office.name)} trước ngày {_d(visit.report_back_date)}."
            )
        )
    else:
        body.append(Para("Tiếp tục duy trì, phát huy kết quả đạt được."))
    return render_docx(
        OfficialDocument(
            **_head(issuer),  # type: ignore[arg-type]
            **_frame(issuer, "TB", doc, visit.plan.year),  # type: ignore[arg-type]
            doc_type="THÔNG BÁO",
            summary=f"Kết luận kiểm tra công tác cải cách hành chính tại {_t(visit.unit.name)}",
            body=body,
            recipients=[
                f"{_t(visit.unit.name)} (để thực hiện);",
                f"{_t(visit.office.name)} (để theo dõi);",
                "Lưu: VT.",
            ],
            signer=default_signer(issuer),
        )
    )


BUILDERS = {"QD": decision_docx, "BB": record_docx, "BC": report_docx, "TB": conclusion_docx}
FILENAMES = {
    "KH": "ke-hoach-kiem-tra",
    "QD": "quyet-dinh-doan-kiem-tra",
    "BB": "bien-ban-kiem-tra",
    "BC": "bao-cao-kiem-tra",
    "TB": "thong-bao-ket-luan",
}
