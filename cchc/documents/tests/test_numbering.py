"""Document numbers per issuing body and calendar year (NĐ 30/2020 Điều 15), also under concurrency."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from cchc.audit.models import AuditEvent
from cchc.documents.doc_types import doc_type, doc_types
from cchc.documents.models import IssuedDocument
from cchc.documents.services import document_number_reserve


def _reserve(unit, on: date, code: str = "KH", symbol: str = "CAHP-PV01", user=None):
    return document_number_reserve(
        issuer=unit, doc_type_code=code, symbol=symbol, summary="Thực hiện CCHC", on_date=on, user=user
    )


@pytest.mark.django_db
def test_numbers_run_per_issuer_and_year(org, personas):
    a = _reserve(org.city, date(2026, 1, 2), user=personas.coordinator)
    b = _reserve(org.city, date(2026, 1, 19), code="BC")
    c = _reserve(org.city, date(2026, 3, 1), code="CV")
    other = _reserve(org.ward, date(2026, 1, 19), symbol="CAP")
    assert [a.number, b.number, c.number] == [1, 2, 3]
    assert other.number == 1
    assert a.number_line == "Số: 01/KH-CAHP-PV01"
    assert b.number_text == "02/BC-CAHP-PV01"
    assert c.symbol == "CAHP-PV01" and c.number_line == "Số: 03/CAHP-PV01"
    assert a.year == 2026 and a.created_by == personas.coordinator and a.doc_type == "KH"
    assert a.doc_type_name == "Kế hoạch"


@pytest.mark.django_db
def test_numbering_restarts_on_a_new_year(org):
    _reserve(org.city, date(2025, 12, 30))
    last = _reserve(org.city, date(2025, 12, 31))
    first = _reserve(org.city, date(2026, 1, 1))
    again = _reserve(org.city, date(2025, 12, 31))  # a late entry for last year continues last year's run
    assert last.number == 2 and first.number == 1 and again.number == 3
    assert first.year == 2026 and again.year == 2025


@pytest.mark.django_db
def test_symbol_and_type_rules(org):
    qd = _reserve(org.city, date(2026, 5, 5), code="QĐ", symbol="CAHP")
    assert qd.symbol == "QĐ-CAHP" and qd.doc_type == "QD"
    kept = _reserve(org.city, date(2026, 5, 5), code="KH", symbol="KH-CAHP-PV01")
    assert kept.symbol == "KH-CAHP-PV01"
    default = _reserve(org.pv01, date(2026, 5, 5), code="TB", symbol="")
    assert default.symbol == "TB-PV01"  # the unit's short code when no symbol is given
    with pytest.raises(ValidationError):
        _reserve(org.city, date(2026, 5, 5), code="XYZ")


@pytest.mark.django_db
def test_issuer_year_number_is_unique(org):
    doc = _reserve(org.city, date(2026, 1, 2))
    with pytest.raises(IntegrityError):
        IssuedDocument.objects.create(
            issuer=org.city,
            year=2026,
            number=doc.number,
            symbol="X",
            doc_type="KH",
            issued_on=date(2026, 1, 2),
        )


@pytest.mark.django_db
def test_the_register_is_audited(org):
    doc = _reserve(org.city, date(2026, 1, 2))
    events = AuditEvent.objects.filter(table_name="documents_issueddocument", object_pk=str(doc.pk))
    assert events.filter(action="I").exists()


def test_doc_types_of_phu_luc_iii():
    types = doc_types()
    assert doc_type("KH").abbr == "KH"
    assert doc_type("QĐ").code == "QD" and doc_type("qd").abbr == "QĐ"
    assert doc_type("CV").abbr == "" and doc_type("CV").title == ""
    assert doc_type("QyĐ").name == "Quy định"
    assert doc_type("HĐ").name == "Hợp đồng" and doc_type("HD").name == "Hướng dẫn"
    assert doc_type("TTr").name == "Tờ trình" and doc_type("CTr").name == "Chương trình"
    assert doc_type("BC").title == "BÁO CÁO"
    assert len({t.code for t in types.values()}) == len(types) >= 30
    with pytest.raises(KeyError):
        doc_type("ZZ")


@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_never_share_a_number(org):
    threads_n, each = 8, 5
    barrier = threading.Barrier(threads_n)
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                doc = _reserve(org.city, date(2026, 6, 1))
                with lock:
                    got.append(doc.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got) == list(range(1, threads_n * each + 1))
    assert IssuedDocument.objects.filter(issuer=org.city, year=2026).count() == threads_n * each


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_numbers_of_a_new_year(org):
    """The counter row does not exist yet: creating it must not race either."""
    threads_n = 6
    barrier = threading.Barrier(threads_n)
    got: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            got.append(_reserve(org.ward, date(2027, 1, 1), symbol="CAP").number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got) == list(range(1, threads_n + 1))


@pytest.mark.django_db
def test_issued_number_feeds_an_official_document(org):
    import io

    import docx

    from cchc.documents.official import OfficialDocument, render_docx

    issued = _reserve(org.city, date(2026, 2, 3), code="KH")
    doc = OfficialDocument(issuer=org.city.name, place="Hải Phòng", summary="Thử", **issued.official_fields())
    d = docx.Document(io.BytesIO(render_docx(doc)))
    assert d.tables[0].cell(1, 0).paragraphs[0].text == "Số: 01/KH-CAHP-PV01"
    assert d.tables[0].cell(1, 1).paragraphs[0].text == "Hải Phòng, ngày 03 tháng 02 năm 2026"
    assert "KẾ HOẠCH" in [p.text for p in d.paragraphs]
    cv = _reserve(org.city, date(2026, 2, 3), code="CV")
    assert cv.official_fields()["doc_type"] == ""
