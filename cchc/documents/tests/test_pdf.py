"""PDF output (WeasyPrint) and the HTML it prints."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cchc.documents.official import render_html, render_pdf
from cchc.documents.sample import sample_letter, sample_plan

weasyprint = pytest.importorskip("weasyprint")


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return render_pdf(sample_plan())


def _pdftotext(data: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8")


def test_pdf_bytes(plan_pdf):
    assert plan_pdf.startswith(b"%PDF")
    assert len(plan_pdf) > 5_000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_and_pages(plan_pdf):
    text = _pdftotext(plan_pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 447/KH-CAHP-PV01",
        "Hải Phòng, ngày 19 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn A",
        "Phụ lục",
    ):
        assert expected in text, expected
    pages = text.split("\f")
    assert not pages[0].lstrip().startswith("1")  # no page number on page 1
    assert pages[1].strip().startswith("2")  # centred number at the top of page 2


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdf_page_sizes(plan_pdf):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(plan_pdf)
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, check=True)
    sizes = [line for line in info.stdout.decode().splitlines() if "size" in line and "Page" in line]
    assert "595.276 x 841.89" in sizes[0] or "595.28 x 841.89" in sizes[0]  # A4 portrait
    assert "841.89 x 595.276" in sizes[-1] or "841.89 x 595.28" in sizes[-1]  # landscape appendix


def test_html_has_the_nd30_layout():
    html = render_html(sample_plan())
    assert "size: A4 portrait" in html and "margin: 20.0mm 15.0mm 20.0mm 30.0mm" in html
    assert '"Times New Roman", "Liberation Serif"' in html
    assert "@page :first" in html and "counter(page)" in html
    assert "Số: 447/KH-CAHP-PV01" in html
    assert "<thead>" in html and "table-header-group" in html
    assert 'class="appendix landscape"' in html
    assert "http://" not in html and "https://" not in html


def test_html_escapes_text():
    doc = sample_letter()
    doc.summary = "Về việc <script> & “ngoặc”"
    html = render_html(doc)
    assert "<script>" not in html and "&lt;script&gt; &amp;" in html


def test_cong_van_pdf():
    data = render_pdf(sample_letter())
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = _pdftotext(data)
        assert "V/v Báo cáo kết quả công tác cải" in text
        assert "Kính gửi: Công an các đơn vị, địa phương" in text
