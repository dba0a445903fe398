"""The round form: deadlines in order, the evidence window the right way round."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.parindex.models import Round


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


@pytest.mark.django_db
def test_round_form_rejects_deadlines_out_of_order_and_a_reversed_window(
    org, personas, login, small_framework
):
    client = login(personas.coordinator)
    data = {
        "name": "Đợt sai hạn", "framework": small_framework.pk, "owner_unit": org.city.pk, "units": [org.pc06.pk],
        "evidence_from": "15/09/2025", "evidence_to": "14/09/2025",
        "self_due": "10/12/2026", "round1_due": "01/12/2026", "explanation_due": "25/12/2026",
        "round2_due": "20/12/2026", "publish_due": "08/01/2027",
    }  # fmt: skip
    r = client.post(url("round_create"), data)
    assert r.status_code == 200
    page = r.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu thu thập tài liệu kiểm chứng." in page
    assert "Hạn này phải từ ngày 10/12/2026 (Hạn tự đánh giá) trở đi." in page  # round 1 before self
    assert "Hạn này phải từ ngày 25/12/2026 (Hạn giải trình) trở đi." in page  # round 2 before explanation
    assert not Round.objects.filter(name="Đợt sai hạn").exists()
    data.update(evidence_to="14/09/2026", round1_due="20/12/2026", round2_due="30/12/2026")
    assert client.post(url("round_create"), data).status_code == 302
    assert Round.objects.filter(name="Đợt sai hạn").exists()
