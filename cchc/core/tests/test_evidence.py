"""One evidence download check: the aggregate's getter decides, then the file is streamed with a safe name."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory

from cchc.core.evidence import evidence_download
from cchc.plans.models import Assignment, Evidence
from cchc.plans.tests.django.helpers import issued_plan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def plan_evidence(org, personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    upload = SimpleUploadedFile(
        "Biên bản họp.pdf", PDF, content_type="text/html"
    )  # the sender's type is ignored
    r = login(personas.ward_officer).post(
        f"/ke-hoach/phan-cong/{a.pk}/", {"status": "in_progress", "percent": 50, "text": "x", "files": upload}
    )
    assert r.status_code == 302
    return Evidence.objects.get()


@pytest.mark.django_db
def test_plan_evidence_is_streamed_with_its_vietnamese_name(plan_evidence, login, personas):
    response = login(personas.ward_officer).get(f"/ke-hoach/minh-chung/{plan_evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"bien-ban-hop.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"
    )
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
def test_plan_evidence_outside_the_scope_or_gone_is_404(plan_evidence, login, personas):
    assert login(personas.sibling_officer).get(f"/ke-hoach/minh-chung/{plan_evidence.pk}/").status_code == 404
    assert (
        login(personas.ward_officer).get(f"/ke-hoach/minh-chung/{plan_evidence.pk + 1}/").status_code == 404
    )
    plan_evidence.file.storage.delete(plan_evidence.file.name)  # lost from the disk: 404, not a server error
    assert login(personas.ward_officer).get(f"/ke-hoach/minh-chung/{plan_evidence.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_getter_is_asked_before_the_file_is_opened(plan_evidence, personas):
    request = RequestFactory().get("/")
    request.user = personas.outsider
    asked = []

    def refuse(user, ev):
        asked.append((user, ev))
        raise Http404

    with pytest.raises(Http404):
        evidence_download(request, plan_evidence, may_see=refuse)
    assert asked == [(personas.outsider, plan_evidence)]
    with pytest.raises(Http404):
        evidence_download(request, None, may_see=refuse)
    assert len(asked) == 1  # no evidence: nothing to ask
