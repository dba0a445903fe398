"""PAR index evidence is handed out by the shared download check (cchc.core.evidence)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import assessment_of

pytestmark = pytest.mark.django_db


def test_evidence_download_names_the_file_and_keeps_the_scope(
    par_round, personas, login, org, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    a = assessment_of(par_round, org.pc06)
    client = login(personas.department_head)
    upload = SimpleUploadedFile("Kế hoạch CCHC.pdf", b"%PDF-1.4 kh", content_type="application/pdf")
    r = client.post(reverse("parindex:criterion", args=[a.pk, "1.1"]), {"title": "Kế hoạch", "file": upload})
    assert r.status_code == 302
    ev = a.evidence.get()
    url = reverse("parindex:evidence_download", args=[ev.pk])
    response = login(personas.department_head).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (  # the stored name (storage puts _ for spaces)
        "attachment; filename=\"ke_hoach_cchc.pdf\"; filename*=UTF-8''K%E1%BA%BF_ho%E1%BA%A1ch_CCHC.pdf"
    )
    assert login(personas.sibling_officer).get(url).status_code == 404
    link = a.evidence.create(criterion=ev.criterion, title="Trang web", url="https://example.gov.vn")
    assert (
        login(personas.department_head).get(reverse("parindex:evidence_download", args=[link.pk])).status_code
        == 404
    )
