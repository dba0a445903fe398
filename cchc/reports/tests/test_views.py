"""Views: scope through the personas (403/404), autosave, the coordinator's page, the synthesis exports."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.reports import services
from cchc.reports.models import ReportingCycle, Status

from .support import FakePlanTasks, FixedClock, approve, at, make_cycle, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(org, personas):
    return make_period(org, due=date(2026, 9, 10))


def url_sub(sub):
    return f"/bao-cao/nop/{sub.pk}/"


def test_ward_cannot_read_the_siblings_report(org, personas, period, login):
    sibling_sub = period.submissions.get(unit=org.sibling)
    ward_sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    assert client.get(url_sub(sibling_sub)).status_code == 404
    assert client.post(f"/bao-cao/nop/{sibling_sub.pk}/luu/", {"v:staff_trained": "1"}).status_code == 404
    assert client.get(url_sub(ward_sub)).status_code == 200
    assert client.get(f"/bao-cao/ky/{period.pk}/").status_code == 404  # the city's page
    assert client.get(f"/bao-cao/ky/{period.pk}/tong-hop/").status_code == 404
    page = client.get("/bao-cao/").content.decode()
    assert "Hồng Bàng" in page and "Lê Chân" not in page


def test_coordinator_sees_the_subtree(org, personas, period, login):
    client = login(personas.coordinator)
    for sub in period.submissions.all():
        assert client.get(url_sub(sub)).status_code == 200
    assert client.get(f"/bao-cao/ky/{period.pk}/").status_code == 200
    assert client.get(f"/bao-cao/chu-ky/{period.cycle.pk}/").status_code == 200
    other = login(personas.other_coordinator)
    assert other.get(f"/bao-cao/ky/{period.pk}/").status_code == 404
    assert other.get(url_sub(period.submissions.first())).status_code == 404


def test_leader_reads_but_cannot_synthesise(personas, period, login):
    client = login(personas.leader)
    assert client.get(f"/bao-cao/ky/{period.pk}/").status_code == 200
    assert client.get(f"/bao-cao/ky/{period.pk}/tong-hop/").status_code == 403


def test_head_approves_only_their_unit(org, personas, period, login):
    ward_sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=ward_sub, actor=personas.ward_officer)
    # the PC06 head does not even see the ward's report; the ward's staff may not approve
    assert login(personas.department_head).post(url_sub(ward_sub), {"action": "approve"}).status_code == 404
    assert login(personas.ward_officer).post(url_sub(ward_sub), {"action": "approve"}).status_code == 403
    response = login(personas.ward_head).post(url_sub(ward_sub), {"action": "approve"})
    assert response.status_code == 302
    ward_sub.refresh_from_db()
    assert ward_sub.status == Status.APPROVED


def test_coordinator_returns_with_a_comment_the_unit_then_sees(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    coord = login(personas.coordinator)
    coord.post(url_sub(sub), {"action": "return", "comment": ""})
    sub.refresh_from_db()
    assert sub.status == Status.SUBMITTED
    coord.post(url_sub(sub), {"action": "return", "comment": "Bổ sung phần Đề án 06"})
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED
    page = login(personas.ward_officer).get(url_sub(sub)).content.decode()
    assert "Bổ sung phần Đề án 06" in page and 'name="action" value="submit"' in page


def test_staff_cannot_accept_or_reopen(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    services.submission_approve(submission=sub, actor=personas.ward_head)
    client = login(personas.ward_head)
    assert client.post(url_sub(sub), {"action": "accept"}).status_code == 403
    login(personas.coordinator).post(url_sub(sub), {"action": "accept"})
    sub.refresh_from_db()
    assert sub.status == Status.ACCEPTED
    client = login(personas.ward_head)  # the fixture shares one client
    assert client.post(url_sub(sub), {"action": "reopen", "comment": "x"}).status_code == 403
    page = login(personas.ward_officer).get(url_sub(sub)).content.decode()
    assert "<textarea" not in page  # locked: read-only


def test_autosave_as_one_types_and_plain_save_without_js(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    response = client.post(
        f"/bao-cao/nop/{sub.pk}/luu/", {"n:chi_dao.ke_hoach": "Đang viết"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Đã lưu" in response.content.decode()
    sub.refresh_from_db()
    assert sub.narratives["chi_dao.ke_hoach"] == "Đang viết" and sub.status == Status.DRAFT
    response = client.post(
        url_sub(sub), {"action": "save", "v:staff_trained": "2", "n:tthc.noi_dung": "TTHC"}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.numbers["staff_trained"] == "2" and sub.narratives["tthc.noi_dung"] == "TTHC"
    assert sub.narratives["chi_dao.ke_hoach"] == "Đang viết"


def test_failed_submit_through_the_form_keeps_the_typed_text(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    response = client.post(
        url_sub(sub), {"action": "submit", "v:staff_trained": "hai", "n:tthc.noi_dung": "Nội dung"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "không phải là số" in page and "bản nháp vẫn được lưu" in page
    sub.refresh_from_db()
    assert sub.status == Status.DRAFT and sub.narratives["tthc.noi_dung"] == "Nội dung"


def test_numbers_without_a_source_show_no_data_and_an_override_note_stays_visible(
    org, personas, period, login
):
    sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    assert "chưa có dữ liệu" in client.get(url_sub(sub)).content.decode()
    with FakePlanTasks({org.ward.pk: {"due": 4, "done_on_time": 4, "done_late": 0, "overdue": 0}}):
        page = client.get(url_sub(sub)).content.decode()
        assert 'data-field="tasks_due">4' in page.replace("\n", "").replace("  ", "")
        client.post(
            url_sub(sub), {"action": "submit", "o:tasks_due": "5", "on:tasks_due": "Một nhiệm vụ phát sinh"}
        )
    sub.refresh_from_db()
    assert sub.status == Status.SUBMITTED
    coord = login(personas.coordinator)
    assert "Một nhiệm vụ phát sinh" in coord.get(url_sub(sub)).content.decode()
    # once the head approved it, in the synthesis: on the page and in the Excel annex
    services.submission_approve(submission=sub, actor=personas.ward_head)
    assert "Một nhiệm vụ phát sinh" in coord.get(f"/bao-cao/ky/{period.pk}/tong-hop/").content.decode()
    ws = load_workbook(io.BytesIO(coord.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=xlsx").content)).active
    assert any("Một nhiệm vụ phát sinh" in str(c) for row in ws.iter_rows(values_only=True) for c in row)


def test_coordinator_page_rates_missing_units_and_tree(org, personas, period, login, monkeypatch):
    clock = FixedClock(monkeypatch)
    clock.set(at(2026, 9, 9))
    services.submission_submit(submission=period.submissions.get(unit=org.ward), actor=personas.ward_officer)
    client = login(personas.coordinator)
    page = client.get(f"/bao-cao/ky/{period.pk}/").content.decode()
    assert 'data-testid="on-time-rate">0%' in page  # sent, but its head has not approved it yet
    approve(period.submissions.get(unit=org.ward), personas)
    page = client.get(f"/bao-cao/ky/{period.pk}/").content.decode()
    assert 'data-testid="on-time-rate">50%' in page
    assert (
        'data-testid="missing-units"' in page
        and "Lê Chân" in page.split('data-testid="missing-units"')[1][:300]
    )
    # down the tree: the branch of ward B only
    page = client.get(f"/bao-cao/ky/{period.pk}/?under=HP.CAP.B").content.decode()
    assert 'data-testid="expected">1<' in page and 'data-testid="on-time-rate">0%' in page
    missing = client.get(f"/bao-cao/ky/{period.pk}/?only=missing").content.decode()
    assert "Lê Chân" in missing
    xlsx = client.get(f"/bao-cao/ky/{period.pk}/?export=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ["HP.CAP.A", "HP.CAP.B"]


def test_synthesis_word_and_excel_hold_the_summed_figures(org, personas, period, login):
    for unit, user, n in (
        (org.ward, personas.ward_officer, "2"),
        (org.sibling, personas.sibling_officer, "1.250"),
    ):
        sub = period.submissions.get(unit=unit)
        services.submission_save(
            submission=sub,
            actor=user,
            numbers={"staff_trained": n},
            narratives={"tthc.noi_dung": f"Kết quả {unit.code}"},
        )
        services.submission_submit(submission=sub, actor=user)
        approve(sub, personas)
    client = login(personas.coordinator)
    page = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/").content.decode()
    assert "Kết quả HP.CAP.A" in page and "Kết quả HP.CAP.B" in page  # gathered for editing
    client.post(
        f"/bao-cao/ky/{period.pk}/tong-hop/",
        {
            "action": "save",
            "n:danh_gia.uu_diem": "Các đơn vị hoàn thành tốt.",
            "signer_authority": "KT. GIÁM ĐỐC",
            "signer_title": "Phó Giám đốc",
            "signer_name": "Ngô Quang Vinh",
            "place": "Hải Phòng",
            "recipients": "Bộ Công an;\nLưu: VT, PV01.",
            "symbol": "BC-CAHP-PV01",
        },
    )
    response = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "BÁO CÁO" in text and "Các đơn vị hoàn thành tốt." in text
    assert "1.252" in cells  # 2 + 1.250 officers trained (a typed figure)
    assert "Nơi nhận:" in "\n".join(cells) and "Ngô Quang Vinh" in "\n".join(cells)
    assert any("BC-CAHP-PV01" in c for c in cells)
    response = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/?export=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[3]]
    col = header.index("Lượt cán bộ được bồi dưỡng")
    total_row = next(r for r in ws.iter_rows(values_only=True) if r[2] == "Tổng cộng")
    assert total_row[col] == 1252


def test_cycle_and_adhoc_through_the_ui(org, personas, login):
    client = login(personas.coordinator)
    assert client.get("/bao-cao/chu-ky/moi/").status_code == 200
    response = client.post(
        "/bao-cao/chu-ky/moi/",
        {
            "office": org.city.pk,
            "name": "CCHC 2026",
            "year": 2026,
            "preset": "catinh-soctrang",
            "template": "cchc-cong-an",
            "unit_codes": "HP.CAP.A\ncong an phuong le chan",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle = ReportingCycle.objects.get(name="CCHC 2026")
    assert sorted(cycle.periods.values_list("due", flat=True)) == [
        date(2026, 3, 15),
        date(2026, 6, 15),
        date(2026, 9, 15),
        date(2026, 12, 15),
    ]
    page = client.get(f"/bao-cao/chu-ky/{cycle.pk}/").content.decode()
    assert "15/03/2026" in page and "ngày làm việc cuối" in page  # 15/3/2026 is a Sunday → 13/03
    assert "13/03/2026" in page
    response = client.post(
        f"/bao-cao/chu-ky/{cycle.pk}/dot-xuat/",
        {
            "title": "Báo cáo đột xuất Đề án 06",
            "content": "Số tài khoản kích hoạt",
            "data_from": "2026-10-01",
            "data_to": "2026-11-15",
            "due": "2026-11-20",
        },
    )
    assert response.status_code == 302
    assert cycle.periods.filter(kind="adhoc", due=date(2026, 11, 20)).exists()
    # custom rules
    response = client.post(
        "/bao-cao/chu-ky/moi/",
        {
            "office": org.city.pk,
            "name": "Riêng",
            "year": 2026,
            "preset": "custom",
            "template": "cchc-dinh-ky",
            "unit_codes": "HP.CAP.A",
            "due_month": "5",
        },
    )
    assert response.status_code == 302
    assert ReportingCycle.objects.get(name="Riêng").periods.count() == 12


def test_staff_cannot_create_cycles(personas, login, org):
    client = login(personas.ward_officer)
    assert client.get("/bao-cao/chu-ky/moi/").status_code == 403
    cycle = make_cycle(org)
    assert client.get(f"/bao-cao/chu-ky/{cycle.pk}/dot-xuat/").status_code == 404
    assert login(personas.leader).get(f"/bao-cao/chu-ky/{cycle.pk}/dot-xuat/").status_code == 403


def test_index_export_and_home_items(org, personas, login):
    make_period(org, due=date.today())
    client = login(personas.ward_officer)
    response = client.get("/bao-cao/?export=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert {r[1] for r in ws.iter_rows(min_row=2, values_only=True)} == {"HP.CAP.A"}
    home = client.get("/").content.decode()
    assert "Sắp đến hạn gửi" in home
    assert "Báo cáo" in home  # navigation entry


def test_presets_page_shows_the_periods_of_a_preset(personas, login):
    client = login(personas.ward_officer)
    page = client.get("/bao-cao/quy-tac-ky-bao-cao/?preset=hanoi-phuong&year=2026").content.decode()
    assert "Báo cáo quý I năm 2026" in page and "18/03/2026" in page
    page = client.get("/bao-cao/quy-tac-ky-bao-cao/?preset=bnv&year=2026").content.decode()
    assert "20/06/2026" in page and "19/06/2026" in page  # Saturday → Friday
    assert client.get("/bao-cao/quy-tac-ky-bao-cao/?preset=nope&year=abc").status_code == 200


def test_submission_page_shows_its_history(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    client = login(personas.ward_officer)
    client.post(url_sub(sub), {"action": "save", "v:staff_trained": "2"})
    assert "Lịch sử thay đổi" in client.get(url_sub(sub)).content.decode()


def test_home_items_for_the_coordinator_and_the_head(org, personas, login):
    from datetime import timedelta

    past = make_period(org, due=date.today() - timedelta(days=3))
    services.submission_submit(submission=past.submissions.get(unit=org.ward), actor=personas.ward_officer)
    home = login(personas.coordinator).get("/").content.decode()
    assert (
        "2 đơn vị chưa gửi" in home and "Sắp đến hạn gửi" not in home
    )  # ward A waits for its head: not sent
    home = login(personas.ward_head).get("/").content.decode()
    assert "Báo cáo chờ thủ trưởng duyệt" in home
    home = login(personas.sibling_officer).get("/").content.decode()
    assert "Quá hạn gửi" in home


def test_index_search_ignores_accents(org, personas, login):
    make_period(org, due=date(2026, 9, 10), title="Báo cáo đột xuất về Đề án 06")
    client = login(personas.ward_officer)
    for text in ("dot xuat", "de an 06", "hong bang", "Đề án"):
        page = client.get("/bao-cao/", {"q": text}).content.decode()
        assert "Báo cáo đột xuất về Đề án 06" in page, text
    page = client.get("/bao-cao/", {"q": "khong co"}).content.decode()
    assert "Báo cáo đột xuất về Đề án 06" not in page


def test_period_page_searches_units_and_exports_what_it_shows(org, personas, login):
    period = make_period(org, due=date(2026, 9, 10))
    client = login(personas.coordinator)
    page = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "le chan"}).content.decode()
    rows = page.split('class="list units-status"')[1]
    assert "Công an phường Lê Chân" in rows and "Công an phường Hồng Bàng" not in rows
    response = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "le chan", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Công an phường Lê Chân"]
    page = client.get(f"/bao-cao/ky/{period.pk}/", {"q": "zzz"}).content.decode()
    assert "Không có đơn vị nào khớp bộ lọc." in page


def test_cycle_page_names_its_rule_set(org, personas, login):
    cycle = make_cycle(org, preset="hanoi-phuong")
    page = login(personas.coordinator).get(f"/bao-cao/chu-ky/{cycle.pk}/").content.decode()
    assert "Hà Nội — cấp phường" in page


def test_cycle_form_starts_at_the_coordinators_office(org, personas, login):
    page = login(personas.coordinator).get("/bao-cao/chu-ky/moi/").content.decode()
    assert f'<option value="{org.city.pk}" selected>' in page


def test_each_synthesis_total_opens_the_reports_it_adds_up(org, personas, period, login):
    """The drill-down of a synthesis total is built by the same query: its rows are the sent reports, the values
    listed add up to the total shown, and only who may synthesise opens it."""
    import re
    from decimal import Decimal

    from cchc.core import drill
    from cchc.reports.drilldown import KEY
    from cchc.reports.selectors import synthesis_table

    for unit, user, n in (
        (org.ward, personas.ward_officer, "2"),
        (org.sibling, personas.sibling_officer, "1.250"),
    ):
        sub = period.submissions.get(unit=unit)
        services.submission_save(submission=sub, actor=user, numbers={"staff_trained": n})
        services.submission_submit(submission=sub, actor=user)
        approve(sub, personas)
    client = login(personas.coordinator)
    page = client.get(f"/bao-cao/ky/{period.pk}/tong-hop/").content.decode()
    links = {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(r'<a href="([^"]+)" data-records="([^"]+)"', page)
    }
    assert links["staff_trained"].startswith("/so-lieu/?ds=report_synthesis")
    rows, totals = synthesis_table(period)
    assert totals["staff_trained"] == Decimal("1252")
    response = client.get(links["staff_trained"])
    assert response.status_code == 200
    listing = response.context["listing"]
    assert listing.count == len(rows) == 2  # the reports added up
    assert (
        sum(Decimal(r.cells[1].replace(".", "").replace(",", ".")) for r in listing.rows)
        == totals["staff_trained"]
    )
    subs = {period.submissions.get(unit=u).pk for u in (org.ward, org.sibling)}
    assert {int(r.url.rstrip("/").split("/")[-1]) for r in listing.rows} == subs
    assert "1.252" in page and "Hồng Bàng" in response.content.decode()
    # the same listing through the registry
    same = drill.listing(
        personas.coordinator,
        KEY,
        org.city,
        period.data_from,
        period.data_to,
        {"period": str(period.pk), "field": "staff_trained"},
    )
    assert same.count == listing.count
    # who may not synthesise does not get the list; a wrong field or period is a 404
    assert login(personas.leader).get(links["staff_trained"]).status_code == 403
    assert login(personas.ward_officer).get(links["staff_trained"]).status_code == 404
    assert client.get(links["staff_trained"].replace("field=staff_trained", "field=nope")).status_code == 404
    assert client.get(links["staff_trained"].replace(f"period={period.pk}", "period=x")).status_code == 404
