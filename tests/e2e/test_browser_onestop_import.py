"""Browser (issue 16): the coordinator uploads a one-stop export as it comes — title rows above the header,
Vietnamese headings and values — maps its columns and its one unknown value once, under a source name; the ward's
officer then imports the next month's export with that source unattended."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from cchc.onestop.models import Dossier, ImportSource
from cchc.onestop.tests.helpers import load_procedures
from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = [
    "STT",
    "Số hồ sơ",
    "Mã đơn vị tiếp nhận",
    "Mã thủ tục",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
    "Đã số hóa",
]


def export(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND THÀNH PHỐ HẢI PHÒNG"])
    ws.append(["DANH SÁCH HỒ SƠ ĐÃ TIẾP NHẬN"])
    ws.append([])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return str(path)


def row(n, status="Đã trả kết quả", finished="20/02/2026 09:00"):
    return [
        str(n),
        f"BR-{n}",
        "HP.CAP.A",
        "1.001",
        "Trực tuyến",
        "13/02/2026 10:00",
        finished,
        "23/02/2026 09:00",
        status,
        "Có",
    ]


def test_map_once_then_import_unattended(page, live_server, org, personas, tmp_path):
    load_procedures()
    base = live_server.url
    sign_in(page, base, "daumoi")
    page.goto(f"{base}/mot-cua/ho-so/nhap/")
    first = export(
        tmp_path / "igate-02.xlsx", [row(1), row(2, "Chờ trả qua bưu điện"), row(3, "Đang xử lý", "")]
    )
    page.get_by_label("Tệp .csv, .xlsx hoặc .xls").set_input_files(first)
    page.get_by_label("Hoặc đặt tên nguồn mới").fill("iGate tỉnh")
    page.get_by_role("button", name="Tải lên").click()
    # The mapping step: the header was found below the title rows and the columns are guessed.
    expect(page.get_by_role("heading", name="Chọn cột tương ứng")).to_be_visible()
    expect(page.get_by_label("Mã hồ sơ (code)")).to_have_value("Số hồ sơ")
    expect(page.get_by_label("Ngày có kết quả (finished_at)")).to_have_value("Ngày có kết quả")
    expect(page.get_by_test_id("value-mapping")).to_be_visible()
    page.get_by_label("Trạng thái: “Chờ trả qua bưu điện”").select_option("done")
    page.get_by_role("button", name="Nhập hồ sơ").click()
    expect(page.get_by_text("Đã nhập 3 hồ sơ: 3 mới, 0 cập nhật.")).to_be_visible()
    assert Dossier.objects.get(code="BR-2").status == "done"
    assert Dossier.objects.get(code="BR-1").status == "returned"
    assert ImportSource.objects.get(name="iGate tỉnh").value_mapping == {
        "status": {"Chờ trả qua bưu điện": "done"}
    }
    page.goto(f"{base}/")
    sign_out(page)

    # The next month's export: same layout, the same unusual value, one row finished since — imported at once.
    sign_in(page, base, "canbo.a")
    page.goto(f"{base}/mot-cua/ho-so/nhap/")
    nxt = export(tmp_path / "igate-03.xlsx", [row(3), row(4, "Chờ trả qua bưu điện")])
    page.get_by_label("Tệp .csv, .xlsx hoặc .xls").set_input_files(nxt)
    page.get_by_label("Nguồn (ánh xạ cột đã lưu)").select_option(label="iGate tỉnh")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã nhập 2 hồ sơ: 1 mới, 1 cập nhật.")).to_be_visible()
    assert Dossier.objects.get(code="BR-3").status == "returned"
    assert Dossier.objects.get(code="BR-4").status == "done"
