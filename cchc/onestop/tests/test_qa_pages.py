"""QA pass on issue 7's pages: the column-mapping step speaks Vietnamese and pre-selects the usual headings of
one-stop exports (applicant columns included); targets and ranking groups are shown by name, not by code; a
rejected file names every bad row; the module CSS stays clear of the base header's classes."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cchc.onestop.importing import ImportRejected, dossier_create_at_desk, import_dossiers
from cchc.onestop.models import Dossier, Procedure, Target
from cchc.onestop.tables import read_table

from .helpers import TZ, csv_bytes, dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db

APP = Path(__file__).resolve().parents[1]


def test_mapping_step_labels_in_vietnamese_and_guesses_usual_headings(login, personas, org):
    load_procedures()
    c = login(personas.ward_officer)
    header = [
        "Số hồ sơ",
        "Mã đơn vị tiếp nhận",
        "Mã thủ tục",
        "Ngày tiếp nhận",
        "Hình thức nộp",
        "Họ tên người nộp",
    ]
    body = csv_bytes(header, [["V-1", "HP.CAP.A", "1.001", "2026-02-13T10:00", "online", "Phạm Thị Dung"]])
    r = c.post(
        "/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("khac.csv", body), "new_source": "Hệ thống Y"}
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "Mã hồ sơ (code)" in page and "Ngày tiếp nhận (received_at)" in page
    form = r.context["form"]
    guessed = {name: form[name].value() for name in form.fields if name not in ("token", "source_name")}
    assert guessed["code"] == "Số hồ sơ"
    assert guessed["unit_code"] == "Mã đơn vị tiếp nhận"
    assert guessed["procedure_code"] == "Mã thủ tục"
    assert guessed["received_at"] == "Ngày tiếp nhận"
    assert guessed["channel"] == "Hình thức nộp"
    assert guessed["applicant_name"] == "Họ tên người nộp"
    # Submitting the guessed mapping imports the file, the applicant included.
    posted = {k: v for k, v in guessed.items() if v}
    r = c.post(
        "/mot-cua/ho-so/nhap/",
        {**posted, "token": form.initial["token"], "source_name": "Hệ thống Y", "file_name": "khac.csv"},
    )
    assert r.status_code == 302
    d = Dossier.objects.get(code="V-1")
    assert d.channel == "online" and d.applicant_name == "Phạm Thị Dung"


def test_a_rejected_file_names_every_bad_row(org):
    load_procedures()
    now = timezone.now().astimezone(TZ)
    good = {
        "unit_code": "HP.CAP.A",
        "procedure_code": "1.001",
        "received_at": now.isoformat(timespec="minutes"),
        "status": "processing",
    }
    rows = [
        {**good, "code": "R-1"},
        {**good, "code": "R-2", "unit_code": "NOPE"},
        {**good, "code": "R-3"},
        {**good, "code": "R-4", "channel": "fax"},
        {**good, "code": "R-5", "procedure_code": "NOPE"},
    ]
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(dossiers_csv(rows), "x.csv"))
    assert "dòng 3" in exc.value.vi and "ở dòng 5, 6" in exc.value.vi
    assert "in rows 5, 6" in exc.value.en
    assert "\n" not in exc.value.vi
    assert not Dossier.objects.exists()


@pytest.fixture
def late_ward(org, personas):
    load_procedures()
    proc = Procedure.objects.get(code="1.001")
    now = timezone.now()
    dossier_create_at_desk(unit=org.ward, procedure=proc, received_at=now - timedelta(days=30), code="Q-LATE")
    dossier_create_at_desk(
        unit=org.sibling, procedure=proc, received_at=now - timedelta(hours=2), code="Q-NEW"
    )
    Target.objects.create(unit=org.city, year=now.year, code="DOSSIER_ON_TIME", min_ratio=98, source="KH")


def test_targets_and_ranking_groups_are_named_not_coded(login, personas, org, late_ward):
    c = login(personas.coordinator)
    today = timezone.now().astimezone(TZ).date()
    q = f"unit={org.city.code}&from={today - timedelta(days=40):%Y-%m-%d}&to={today:%Y-%m-%d}"
    page = c.get(f"/mot-cua/chi-so/?{q}").content.decode()
    targets = page.split('class="list targets"')[1].split("</table>")[0]
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in targets  # the indicator's title beside its code
    assert 'aria-label="Chưa đạt"' in targets and 'aria-label="red"' not in targets
    ranking = page.split('class="list ranking"')[1].split("</table>")[0]
    assert "COMMUNE" not in ranking and "AGENCY" not in ranking
    assert "cấp xã" in ranking
    assert 'class="ratio-bar"' in page and 'class="bar"' not in page


def test_module_css_has_no_bar_class_and_wraps_codes():
    css = (APP / "static" / "onestop" / "onestop.css").read_text()
    assert ".bar " not in css and ".bar{" not in css  # the base header's classes are not redefined here
    assert "overflow-wrap: anywhere" in css  # long indicator codes wrap on a phone
    figures = (APP / "templates" / "onestop" / "portal_figures.html").read_text()
    assert "onestop/onestop.css" in figures


def test_demo_dossiers_have_nothing_after_the_moment_they_are_generated():
    from datetime import datetime

    from django.db.models import Q

    from cchc.onestop import demo
    from tests.factories import UnitFactory

    UnitFactory(code="HP.PC07", short_code="PC07", name="Phòng Cảnh sát PCCC", kind="police_department")
    demo._procedures()
    now = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)
    last_day = now.date() - timedelta(days=1)
    demo._dossiers(last_day - timedelta(days=365), last_day, now)
    qs = Dossier.objects.all()
    assert qs.count() == 250
    future = Q(finished_at__gt=now) | Q(supplement_requested_at__gt=now) | Q(supplement_completed_at__gt=now)
    assert not qs.filter(future).exists()
    assert not qs.filter(
        finished_at__isnull=True, status__in=["done", "returned", "rejected", "withdrawn"]
    ).exists()
    assert qs.filter(finished_at__isnull=True).exists()  # still some open dossiers at the end of the year


def test_late_list_is_searchable_and_filters_dossiers_without_a_letter(login, personas, org, late_ward):

    proc = Procedure.objects.get(code="1.001")
    dossier_create_at_desk(
        unit=org.ward,
        procedure=proc,
        received_at=timezone.now() - timedelta(days=30),
        code="Q-LATE-2",
        applicant_name="Nguyễn Thị Hoa",
    )
    c = login(personas.ward_officer)
    page = c.get("/mot-cua/tre-han/").content.decode()
    assert 'name="q"' in page and "Q-LATE" in page and "Q-LATE-2" in page
    page = c.get("/mot-cua/tre-han/?q=Hoa").content.decode()
    assert "Q-LATE-2" in page and "Q-LATE<" not in page.replace("Q-LATE-2", "")
    for typed in ("nguyen thi hoa", "NGUYỄN hoa", "thi  HOA"):  # accents, case and spaces ignored
        page = c.get("/mot-cua/tre-han/", {"q": typed}).content.decode()
        assert "Q-LATE-2" in page and "Q-LATE<" not in page.replace("Q-LATE-2", ""), typed
        page = c.get("/mot-cua/ho-so/", {"q": typed}).content.decode()
        assert "Q-LATE-2" in page and "Q-LATE<" not in page.replace("Q-LATE-2", ""), typed
    page = c.get("/mot-cua/ho-so/", {"q": "q-late-2"}).content.decode()
    assert "Q-LATE-2" in page and "Nguyễn Thị Hoa" in page  # the applicant is shown with the procedure
    page = c.get("/mot-cua/ho-so/", {"q": "nguyen van hoa"}).content.decode()
    assert "Q-LATE-2" not in page
    new_due = (timezone.now() + timedelta(days=5)).astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
    r = c.post("/mot-cua/ho-so/Q-LATE/xin-loi/", {"reason": "Cần xác minh", "new_due_at": new_due})
    assert r.status_code == 302
    page = c.get("/mot-cua/tre-han/?no_letter=1").content.decode()
    assert "Q-LATE-2" in page and "/mot-cua/ho-so/Q-LATE/" not in page
    r = c.get("/mot-cua/tre-han/?no_letter=1&q=Hoa&export=xlsx")
    assert r.status_code == 200
