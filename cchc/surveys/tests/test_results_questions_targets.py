"""Results per question, the respondent profile and procedure, targets per unit and the coverage list, Mẫu 02."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.surveys import answering, reports, selectors, services
from cchc.surveys.catalog import get_questionnaire
from cchc.surveys.models import Origin, ResponseTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey2(org):
    return services.survey_create(
        title="Khảo sát 2026 (phiếu v2)",
        questionnaire="sipas_citizen:2",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=30),
    )


def answer(survey, unit, data, point=None):
    reading = answering.read_answers(survey.questionnaire, data)
    assert not reading.errors, reading.errors
    return services.response_record(
        survey=survey,
        unit_id=unit.pk,
        origin=Origin.QR,
        reading=reading,
        service_point_id=point.pk if point else None,
    )


def _period():
    today = timezone.localdate()
    return today - timedelta(days=10), today


def test_v2_questionnaire_has_profile_and_procedure_first(survey2):
    q = get_questionnaire("sipas_citizen", 2)
    sections = q.sections()
    assert sections[0].title.startswith("Thông tin chung")
    assert [x.key for x in sections[0].questions] == ["linh_vuc", "doi_tuong", "gioi_tinh", "do_tuoi"]
    assert [s.title for s in sections[1:4]] == [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Công chức giải quyết công việc",
    ]
    assert q.estimate_minutes() == 2  # 16 scales + 4 choices at 5 s each: 100 s


def test_results_per_question_and_profile(org, survey2):
    answer(survey2, org.pc06, {"linh_vuc": "cu_tru", "gioi_tinh": "nu", "q1": "5", "q2": "4", "q5": "2"})
    answer(survey2, org.pc06, {"linh_vuc": "cu_tru", "gioi_tinh": "nam", "q1": "3", "q5": "1"})
    answer(survey2, org.ward, {"linh_vuc": "dang_ky_xe", "q1": "5", "q5": "5"})
    date_from, date_to = _period()
    rows = {
        r.question.key: r
        for r in selectors.question_results(root=org.city, date_from=date_from, date_to=date_to)
    }
    q1 = rows["q1"]
    assert q1.answered == 3 and {o.value: o.count for o in q1.options} == {1: 0, 2: 0, 3: 1, 4: 0, 5: 2}
    assert q1.satisfied_percent == Decimal("66.67") and q1.mean == Decimal("4.33")
    assert rows["q2"].answered == 1 and rows["q3"].answered == 0 and rows["q3"].satisfied_percent is None
    field = {o.value: (o.count, o.percent) for o in rows["linh_vuc"].options}
    assert field["cu_tru"] == (2, Decimal("66.67")) and field["dang_ky_xe"] == (1, Decimal("33.33"))
    assert {o.value: o.count for o in rows["gioi_tinh"].options} == {"nam": 1, "nu": 1}
    by_field = {
        g.value: g
        for g in selectors.results_by_answer(
            key="linh_vuc", root=org.city, date_from=date_from, date_to=date_to
        )
    }
    # cư trú: tiếp cận 2 of 3 answers satisfied (5, 4 | 3) = 66.67; thủ tục 0 of 2 = 0 → index 33.33
    assert by_field["cu_tru"].result.responses == 2 and by_field["cu_tru"].result.index == Decimal("33.33")
    assert by_field["dang_ky_xe"].result.index == Decimal("100.00")
    # only the ward's own subtree when the ward is the root
    ward_rows = {
        r.question.key: r
        for r in selectors.question_results(root=org.ward, date_from=date_from, date_to=date_to)
    }
    assert ward_rows["q1"].answered == 1


def test_results_page_shows_questions_profile_and_procedure(org, personas, login, survey2):
    answer(survey2, org.pc06, {"linh_vuc": "xuat_nhap_canh", "do_tuoi": "duoi_30", "q1": "5"})
    html = login(personas.coordinator).get("/khao-sat/?unit=HP").content.decode()
    assert 'data-testid="by-question"' in html and "Nơi làm thủ tục dễ tìm" in html
    assert 'data-testid="profile-do_tuoi"' in html and "Dưới 30" in html
    assert 'data-testid="by-linh_vuc"' in html and "Xuất nhập cảnh" in html


def test_targets_by_coordinators_of_the_subtree_only(org, personas, survey):
    year = timezone.localdate().year
    services.response_target_set(unit=org.ward, year=year, responses=150, actor=personas.coordinator)
    assert ResponseTarget.objects.get(unit=org.ward, year=year).responses == 150
    for outsider, unit in (
        (personas.ward_officer, org.ward),  # staff of the unit itself
        (personas.ward_head, org.ward),
        (personas.other_coordinator, org.ward),  # another organisation's coordinator
        (personas.coordinator, org.other_dept),
    ):
        with pytest.raises(PermissionDenied):
            services.response_target_set(unit=unit, year=year, responses=1, actor=outsider)
    assert ResponseTarget.objects.get(unit=org.ward, year=year).responses == 150
    assert not ResponseTarget.objects.filter(unit=org.other_dept).exists()


def test_coverage_page_lists_missing_units_and_saves_targets(org, personas, login, survey, point):
    year = timezone.localdate().year
    answer(survey, org.pc06, {"q1": "5"}, point=point)
    client = login(personas.coordinator)
    html = client.get("/khao-sat/do-phu/?unit=HP&missing=answers").content.decode()
    assert org.ward.name in html and org.pc06.name not in html  # PC06 has an answer
    html = client.get("/khao-sat/do-phu/?unit=HP&missing=point").content.decode()
    assert org.ward.name in html and org.pc06.name not in html  # PC06 has a QR point
    resp = client.post(
        f"/khao-sat/do-phu/?unit=HP&year={year}",
        {"year": year, f"t-{org.pc06.pk}": "2", f"t-{org.ward.pk}": "150"},
    )
    assert resp.status_code == 302
    assert dict(ResponseTarget.objects.values_list("unit__code", "responses")) == {
        org.pc06.code: 2,
        org.ward.code: 150,
    }
    rows = {
        r.unit.code: r
        for r in selectors.coverage(
            personas.coordinator, root=org.city, year=year, until=timezone.localdate()
        )
    }
    assert rows[org.pc06.code].percent == Decimal("50.00") and rows[org.pc06.code].below_target
    assert rows[org.city.code].responses == 1  # sub-units counted
    # a write aimed at another organisation's unit is refused and nothing is saved
    bad = client.post(
        "/khao-sat/do-phu/", {"year": year, f"t-{org.pc06.pk}": "9", f"t-{org.other_dept.pk}": "5"}
    )
    assert bad.status_code in (403, 404)
    assert ResponseTarget.objects.get(unit=org.pc06).responses == 2
    # unit staff see the list but cannot set
    officer = login(personas.ward_officer)
    assert f'name="t-{org.ward.pk}"' not in officer.get("/khao-sat/do-phu/").content.decode()
    assert officer.post("/khao-sat/do-phu/", {"year": year, f"t-{org.ward.pk}": "1"}).status_code == 403
    export = client.get("/khao-sat/do-phu/?unit=HP&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxml")


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_form_02_has_a_per_unit_table_and_forms_a_place(org, personas, survey, point):

    org_survey = services.survey_create(
        title="Phiếu 02",
        questionnaire="org_survey_phieu02:1",
        unit=org.city,
        opens_at=timezone.now() - timedelta(days=5),
    )
    q = org_survey.questionnaire
    likert = [x.key for x in q.questions if x.type == "likert"][:2]
    answer(org_survey, org.pc06, dict.fromkeys(likert, "5"))
    answer(org_survey, org.ward, dict.fromkeys(likert, "2"))
    today = timezone.localdate()
    for form_no in (1, 2):
        text = _docx_text(
            reports.report_docx(personas.coordinator, org.city, today - timedelta(days=9), today, form_no)
        )
        assert "Hải Phòng, ngày" in text
    text = _docx_text(
        reports.report_docx(personas.coordinator, org.city, today - timedelta(days=9), today, 2)
    )
    assert "KẾT QUẢ THEO ĐƠN VỊ" in text and org.pc06.name in text and org.ward.name in text
    assert "KẾT QUẢ THEO CÂU HỎI" in text
    assert reports.place_of(org.ward) == "Hồng Bàng"  # a ward's report is dated at the ward
