"""The surveys module's questionnaire pages in the URL scope sweep: a draft questionnaire owned by another
organisation (and one by the sibling ward's city) must stay out of reach of everyone outside it."""

from __future__ import annotations

from typing import Any


def _questionnaires(w: Any) -> list[Any]:
    return [({"pk": row.pk}, row.owner) for row in w.objects["surveys_questionnaires"]]


TARGETS = {
    "surveys:questionnaire_detail": _questionnaires,
    "surveys:questionnaire_edit": _questionnaires,
    "surveys:questionnaire_new_version": _questionnaires,
    "surveys:questionnaire_copy": _questionnaires,
    "surveys:questionnaire_publish": _questionnaires,
    "surveys:questionnaire_delete": _questionnaires,
}


def prepare(w: Any) -> None:
    from cchc.surveys.models import QuestionnaireVersion
    from tests.test_url_scope_sweep import OTHER_ORG, SIBLING, TOKENS

    base = QuestionnaireVersion.objects.get(qid="sipas_citizen", version=1).document
    rows = []
    for code in (SIBLING, OTHER_ORG):
        unit = w.units[code]
        qid = f"sweep_{code.lower().replace('.', '_')}"
        doc = {**base, "id": qid, "version": 1, "title": f"Phiếu riêng {TOKENS[code]}"}
        rows.append(QuestionnaireVersion.objects.create(qid=qid, version=1, document=doc, owner=unit))
    w.objects["surveys_questionnaires"] = rows
