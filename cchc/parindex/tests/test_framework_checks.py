"""Framework import lists every mistake: thresholds above the leaf's points, totals that do not add up."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.parindex import services
from cchc.parindex.framework_checks import FrameworkInvalid, framework_errors
from cchc.parindex.models import Framework

from .conftest import SMALL


def broken() -> Any:
    doc: Any = copy.deepcopy(SMALL)
    fw = doc["framework"]
    fw["total"] = 100  # the leaves add up to 10
    field = fw["criteria"][0]
    field["max"] = 8  # its children add up to 6
    field["children"][1]["thresholds"] = [{"min": 100, "points": 20}, {"min": 120, "points": 1}]  # leaf max 2
    fw["criteria"][1]["children"][0]["max"] = 0
    fw["criteria"][1]["children"].append({"code": "1.1", "title": "Trùng mã", "max": 1})
    return doc


def test_every_mistake_is_listed_by_the_pure_check():
    codes = sorted(e.code for e in framework_errors(broken()))
    assert codes == sorted(
        [
            "threshold_over_max",
            "invalid_threshold",
            "max_mismatch",
            "invalid_max",
            "duplicate_code",
            "total_mismatch",
        ]
    )
    assert framework_errors(SMALL) == []
    texts = " ".join(e.vi for e in framework_errors(broken()))
    assert "điểm 20 vượt khoảng 0–2" in texts and "điểm tối đa 8 khác tổng điểm các tiêu chí con 6" in texts


@pytest.mark.django_db
def test_the_import_refuses_and_the_page_lists_every_error(personas, login):
    with pytest.raises(FrameworkInvalid) as refused:
        services.framework_import(document=broken())
    assert len(refused.value.errors) == 6 and not Framework.objects.exists()
    upload = SimpleUploadedFile("bo.json", json.dumps(broken()).encode(), content_type="application/json")
    r = login(personas.coordinator).post(
        reverse("parindex:framework_import"), {"file": upload, "unit_kind": ""}
    )
    page = r.content.decode()
    assert r.status_code == 200 and not Framework.objects.exists()
    for text in ("vượt khoảng 0–2", "khác tổng điểm các tiêu chí con 6", "khác thang điểm 100", "bị trùng"):
        assert text in page, text
