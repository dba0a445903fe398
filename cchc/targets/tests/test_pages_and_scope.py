"""The register's pages and writes through the org scope: who sees, who sets targets, cross-unit refusals, the
import's preview and all-or-nothing confirm, validation, no lost update, and the plan task naming a target."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from cchc.core.errors import DomainError
from cchc.targets import services
from cchc.targets.models import Target
from cchc.targets.services import TargetData

pytestmark = pytest.mark.django_db

YEAR = date.today().year


def _data(unit, code="onestop.DOSSIER_ON_TIME", value=95, **kw):
    return TargetData(unit=unit, year=YEAR, code=code, comparison=">=", value=Decimal(value), **kw)


def _post(unit_code, code="onestop.DOSSIER_ON_TIME", value="95", **extra):
    return {"unit": unit_code, "year": YEAR, "code": code, "comparison": ">=", "value": value, **extra}


# --- the services ---------------------------------------------------------------------------------------------


def test_coordinator_sets_targets_in_their_subtree_only(org, personas):
    t = services.target_create(data=_data(org.ward), actor=personas.coordinator)
    assert t.created_by == personas.coordinator
    with pytest.raises(PermissionDenied):
        services.target_create(data=_data(org.other_dept), actor=personas.coordinator)
    for actor in (personas.ward_head, personas.ward_officer, personas.leader, personas.appraiser):
        with pytest.raises(PermissionDenied):
            services.target_create(data=_data(org.sibling), actor=actor)


def test_an_edit_cannot_move_a_target_out_of_the_editors_scope(org, personas):
    t = services.target_create(data=_data(org.ward), actor=personas.coordinator)
    with pytest.raises(PermissionDenied):
        services.target_update(target=t, data=_data(org.other_dept), actor=personas.coordinator)
    with pytest.raises(PermissionDenied):
        services.target_update(target=t, data=_data(org.ward, value=50), actor=personas.other_coordinator)
    t.refresh_from_db()
    assert t.unit == org.ward and t.value == 95


@pytest.mark.parametrize(
    ("code", "value", "error"),
    [
        ("manual.DOSSIER_ON_TIME", 90, "platform_measure"),  # the platform computes it: never typed
        ("onestop.NOPE", 90, "unknown_measure"),
        ("onestop.DOSSIER_ON_TIME", 101, "value_out_of_range"),
        ("onestop.DOSSIER_ON_TIME", -1, "value_out_of_range"),
        ("manual.bad key", 90, "bad_manual_key"),
    ],
)
def test_validation(org, personas, code, value, error):
    with pytest.raises(DomainError) as exc:
        services.target_create(
            data=_data(org.ward, code=code, value=value, title="T"), actor=personas.coordinator
        )
    assert exc.value.code == error
    assert not Target.objects.exists()


def test_a_score_may_exceed_a_hundred_and_a_manual_target_needs_a_title(org, personas):
    services.target_create(
        data=_data(org.ward, code="onestop.766_TOTAL", value=120), actor=personas.coordinator
    )
    with pytest.raises(DomainError) as exc:
        services.target_create(data=_data(org.ward, code="manual.STAFF_TRAINED"), actor=personas.coordinator)
    assert exc.value.code == "title_required"


def test_duplicate_target_is_refused(org, personas):
    services.target_create(data=_data(org.ward), actor=personas.coordinator)
    with pytest.raises(DomainError) as exc:
        services.target_create(data=_data(org.ward, value=50), actor=personas.coordinator)
    assert exc.value.code == "duplicate_target"


def test_manual_figure_records_who_and_when_and_only_for_manual_targets(org, personas):
    t = services.target_create(
        data=_data(org.ward, code="manual.STAFF_TRAINED", title="Cán bộ được đào tạo"),
        actor=personas.coordinator,
    )
    services.manual_value_enter(target=t, value=Decimal(97), actor=personas.ward_officer)
    t.refresh_from_db()
    assert t.manual_value == 97 and t.manual_by == personas.ward_officer and t.manual_at is not None
    with pytest.raises(PermissionDenied):
        services.manual_value_enter(target=t, value=Decimal(1), actor=personas.sibling_officer)
    computed = services.target_create(data=_data(org.ward), actor=personas.coordinator)
    with pytest.raises(DomainError):
        services.manual_value_enter(target=computed, value=Decimal(1), actor=personas.coordinator)


def test_no_silent_lost_update(org, personas, login):
    t = services.target_create(data=_data(org.ward), actor=personas.coordinator)
    c = login(personas.coordinator)
    loaded = t.edit_version
    services.target_update(target=t, data=_data(org.ward, value=90), actor=personas.admin, version=loaded)
    r = c.post(f"/chi-tieu/{t.pk}/", _post(org.ward.code, value="80", edit_version=loaded))
    assert r.status_code == 200  # the form again, with who changed what
    t.refresh_from_db()
    assert t.value == 90


# --- the pages ------------------------------------------------------------------------------------------------


def test_list_shows_only_the_users_scope_with_status_text_and_records_link(org, personas, login):
    services.target_create(data=_data(org.ward), actor=personas.coordinator)
    services.target_create(data=_data(org.sibling, title="Chỉ tiêu phường B"), actor=personas.coordinator)
    page = login(personas.ward_officer).get("/chi-tieu/").content.decode()
    assert "Công an phường Hồng Bàng" in page and "Lê Chân" not in page
    assert "Chưa có số liệu" in page  # the status in words, not a colour only
    other = login(personas.other_coordinator).get("/chi-tieu/").content.decode()
    assert "Hồng Bàng" not in other and "Chưa có chỉ tiêu nào" in other


def test_list_filters_and_export(org, personas, login):
    services.target_create(data=_data(org.ward), actor=personas.coordinator)
    services.target_create(
        data=_data(org.sibling, code="pakn.PETITION_PROCESSING_ON_TIME"), actor=personas.coordinator
    )
    c = login(personas.coordinator)
    page = c.get("/chi-tieu/", {"chi_so": "pakn.PETITION_PROCESSING_ON_TIME"}).content.decode()
    assert "Lê Chân" in page and "Hồng Bàng" not in page
    assert "Lê Chân" not in c.get("/chi-tieu/", {"don_vi": org.ward.code}).content.decode()
    assert "Lê Chân" not in c.get("/chi-tieu/", {"tt": "met"}).content.decode()
    r = c.get("/chi-tieu/", {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws.max_row == 3
    assert c.get("/chi-tieu/", {"don_vi": org.other_dept.code}).status_code == 404


def test_pages_refuse_cross_unit_create_and_edit(org, personas, login):
    c = login(personas.coordinator)
    r = c.post("/chi-tieu/them/", _post(org.other_dept.code))
    assert r.status_code == 200 and not Target.objects.exists()
    assert "trong phạm vi bạn điều phối" in r.content.decode()
    r = c.post("/chi-tieu/them/", _post(org.ward.code, applies_to_subtree="on"))
    t = Target.objects.get()
    assert r.status_code == 302 and t.applies_to_subtree
    other = login(personas.other_coordinator)
    assert other.get(f"/chi-tieu/{t.pk}/").status_code == 404
    assert other.post(f"/chi-tieu/{t.pk}/", _post(org.ward.code, value="1")).status_code == 404
    assert other.post(f"/chi-tieu/{t.pk}/xoa/").status_code == 404
    head = login(personas.ward_head)
    assert head.get(f"/chi-tieu/{t.pk}/").status_code == 200  # sees its target…
    assert (
        head.post(f"/chi-tieu/{t.pk}/", _post(org.ward.code, value="1")).status_code == 403
    )  # …cannot set it
    assert head.post(f"/chi-tieu/{t.pk}/xoa/").status_code == 403
    assert head.get("/chi-tieu/them/").status_code == 403
    t.refresh_from_db()
    assert t.value == 95


# --- the import -----------------------------------------------------------------------------------------------


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Mã đơn vị",
            "Năm",
            "Mã chỉ số",
            "So sánh",
            "Giá trị",
            "Áp dụng cho cấp dưới",
            "Tên chỉ tiêu",
            "Căn cứ",
        ]
    )
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "chi-tieu.xlsx"
    return buf


def test_import_preview_then_confirm(org, personas, login):
    existing = services.target_create(data=_data(org.ward, value=90), actor=personas.coordinator)
    c = login(personas.coordinator)
    f = _xlsx(
        [
            [org.ward.code, YEAR, "onestop.DOSSIER_ON_TIME", "≥", 100, "", "", "KH 2026"],
            [org.city.code, YEAR, "surveys.INDEX", ">=", 90, "x", "", "KH 2026"],
        ]
    )
    r = c.post("/chi-tieu/nhap/", {"file": f})
    assert r.status_code == 200
    assert r.context["counts"] == {"create": 1, "update": 1, "error": 0}
    assert Target.objects.count() == 1  # a preview writes nothing
    r = c.post("/chi-tieu/nhap/", {"token": r.context["token"], "confirm": "1"})
    assert r.status_code == 302
    existing.refresh_from_db()
    assert existing.value == 100 and existing.source == "KH 2026"
    assert Target.objects.get(unit=org.city, code="surveys.INDEX").applies_to_subtree


def test_import_is_all_or_nothing_and_never_touches_units_outside_the_scope(org, personas, login):
    c = login(personas.coordinator)
    f = _xlsx(
        [
            [org.ward.code, YEAR, "onestop.DOSSIER_ON_TIME", ">=", 100, "", "", ""],
            [org.other_dept.code, YEAR, "onestop.DOSSIER_ON_TIME", ">=", 100, "", "", ""],
            [org.sibling.code, YEAR, "manual.DOSSIER_ON_TIME", ">=", 100, "", "Nhập tay", ""],
            [org.sibling.code, "năm", "onestop.DOSSIER_ON_TIME", ">=", 100, "", "", ""],
            [org.sibling.code, YEAR, "onestop.DOSSIER_ON_TIME", "~", 100, "", "", ""],
        ]
    )
    r = c.post("/chi-tieu/nhap/", {"file": f})
    plan = r.context["plan"]
    assert plan.has_errors and r.context["counts"]["error"] == 4
    errors = [e for row in plan.rows for e in row.errors]
    assert any("Dòng 3" in e and "phạm vi" in e for e in errors)
    assert any("Dòng 4" in e and "không được nhập tay" in e for e in errors)
    token = r.context["token"]
    r = c.post("/chi-tieu/nhap/", {"token": token, "confirm": "1"})
    assert not Target.objects.exists()
    # another user cannot confirm the staged file
    r = login(personas.other_coordinator).post("/chi-tieu/nhap/", {"token": token, "confirm": "1"})
    assert r.status_code == 302 and not Target.objects.exists()


def test_import_refuses_a_file_without_headings(org, personas, login):
    wb = Workbook()
    wb.active.append(["x", "y"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "x.xlsx"
    r = login(personas.coordinator).post("/chi-tieu/nhap/", {"file": buf})
    assert "Không tìm thấy dòng tiêu đề" in r.content.decode()


def test_import_template_downloads(personas, login):
    r = login(personas.coordinator).get("/chi-tieu/nhap/mau.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert ws["A1"].value == "Mã đơn vị"


# --- plans ------------------------------------------------------------------------------------------------------


def test_a_plan_task_names_a_target_and_shows_its_status(org, personas, login):
    from cchc.plans.services import task_save
    from cchc.plans.tests.django.helpers import issued_plan

    plan = issued_plan(org, personas)
    data = _data(org.pc06)
    data.year = plan.year
    t = services.target_create(data=data, actor=personas.coordinator)
    task = task_save(plan=plan, user=personas.coordinator, content="Giải quyết hồ sơ đúng hạn", measure=t)
    assert task.measure == t
    page = login(personas.coordinator).get(f"/ke-hoach/nhiem-vu/{task.pk}/").content.decode()
    assert "Chỉ tiêu trong sổ chỉ tiêu" in page and "Chưa có số liệu" in page
    other = Target.objects.create(unit=org.other_dept, year=plan.year, code="manual.X", title="X", value=1)
    with pytest.raises(PermissionDenied):
        task_save(plan=plan, user=personas.coordinator, task=task, content="x", measure=other)


def test_list_below_a_unit_measures_each_unit_against_the_target_in_force(org, personas, login):
    services.target_create(
        data=_data(org.city, applies_to_subtree=True, source="KH thành phố"), actor=personas.coordinator
    )
    services.target_create(data=_data(org.ward, value=80), actor=personas.coordinator)
    c = login(personas.coordinator)
    page = c.get("/chi-tieu/", {"don_vi": org.city.code, "cap_duoi": "1"})
    rows = {(s.unit.code, s.value, s.inherited) for s in page.context["page"].object_list}
    assert (org.ward.code, 80, False) in rows  # the ward's own target wins
    assert (org.sibling.code, 95, True) in rows  # the city's, for the sibling ward
    assert (org.city.code, 95, False) in rows
    assert not any(code == org.other_dept.code for code, _v, _i in rows)
    # the ward's officer sees the target in force at the ward only
    mine = login(personas.ward_officer).get("/chi-tieu/", {"don_vi": org.ward.code, "cap_duoi": "1"})
    assert {(s.unit.code, s.value) for s in mine.context["page"].object_list} == {(org.ward.code, 80)}


def test_the_task_form_offers_the_plans_targets_and_saves_the_choice(org, personas, login):
    from cchc.plans.tests.django.helpers import issued_plan

    plan = issued_plan(org, personas)
    data = _data(org.pc06)
    data.year = plan.year
    t = services.target_create(data=data, actor=personas.coordinator)
    foreign = Target.objects.create(unit=org.other_dept, year=plan.year, code="manual.X", title="X", value=1)
    task = plan.tasks.order_by("order").first()
    c = login(personas.coordinator)
    url = f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/sua/"
    form = c.get(url).context["form"]
    offered = {v for v, _label in form.fields["measure"].choices}
    assert str(t.pk) in offered and str(foreign.pk) not in offered
    post = {k: v for k, v in form.initial.items() if v is not None}
    post["measure"] = str(t.pk)
    r = c.post(url, post)
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    task.refresh_from_db()
    assert task.measure == t
    post["measure"] = str(foreign.pk)  # a forged choice outside the list is refused by the form
    r = c.post(url, {**post, "edit_version": task.edit_version})
    assert r.status_code == 200
    task.refresh_from_db()
    assert task.measure == t
