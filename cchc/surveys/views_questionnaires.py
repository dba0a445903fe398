"""Questionnaire pages under /khao-sat/mau-phieu/: every version seen as the citizen sees it, drafts edited,
published versions frozen (a new version starts from the last one), copies for an organisation's own questionnaire.
Thin: the getter decides what the user sees, the services who may change what."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import manageable_units, scope_for

from . import catalog, selectors, services
from .models import QuestionnaireVersion, Survey
from .questionnaires import Questionnaire


def _parsed(row: QuestionnaireVersion) -> tuple[Questionnaire | None, str]:
    try:
        return catalog.from_row(row), ""
    except DomainError as exc:
        return None, exc.message


@login_required
def questionnaire_list(request: AuthedRequest) -> HttpResponse:
    rows = list(selectors.questionnaire_versions_for(request.user))
    families: dict[str, list[QuestionnaireVersion]] = {}
    for row in rows:
        families.setdefault(row.qid, []).append(row)
    return render(request, "surveys/questionnaire_list.html", {"families": families})


class CopyForm(forms.Form):
    qid = forms.CharField(
        label=gettext_lazy("Mã mẫu phiếu mới (chữ thường không dấu, vd. sipas_hp)"), max_length=64
    )
    title = forms.CharField(label=gettext_lazy("Tên mẫu phiếu"), max_length=255, required=False)
    owner: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị sở hữu"), queryset=OrgUnit.objects.none()
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units  # type: ignore[attr-defined]


@login_required
def questionnaire_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk)
    q, problem = _parsed(row)
    units = manageable_units(request.user).order_by("path")
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "row": row,
            "q": q,
            "problem": problem,
            "sections": q.sections() if q else (),
            "can_edit": services.may_edit_questionnaire(request.user, row.owner),
            "surveys": Survey.objects.filter(
                questionnaire_id=row.qid, questionnaire_version=row.version
            ).count(),
            "copy_form": CopyForm(units=units)
            if units.exists() or scope_for(request.user).is_admin
            else None,
        },
    )


class EditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tên mẫu phiếu"), max_length=255)
    intro = forms.CharField(
        label=gettext_lazy("Lời mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.CharField(
        label=gettext_lazy("Cấu trúc phiếu (JSON: tiêu chí, câu hỏi, lựa chọn, phần)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, row: QuestionnaireVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = row
        for item in row.document.get("questions", []):
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                self.fields[f"text_{item['key']}"] = forms.CharField(
                    label=item["key"],
                    initial=item.get("text", ""),
                    max_length=1000,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 1}),
                )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("text_")]

    def build(self) -> dict[str, Any]:
        """The document to save: the JSON structure, with the title, introduction and question texts typed in the
        simple fields wherever they were changed."""
        try:
            doc = json.loads(self.cleaned_data["document"])
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("Cấu trúc phiếu không phải JSON hợp lệ (dòng %(line)s, cột %(col)s).")
                % {"line": exc.lineno, "col": exc.colno}
            ) from exc
        if not isinstance(doc, dict):
            raise ValidationError(_("Cấu trúc phiếu phải là một đối tượng JSON."))
        doc["title"] = self.cleaned_data["title"]
        doc["intro"] = self.cleaned_data["intro"]
        stored = {
            item["key"]: item.get("text", "")
            for item in self.row.document.get("questions", [])
            if isinstance(item, dict) and isinstance(item.get("key"), str)
        }
        for item in doc.get("questions", []) if isinstance(doc.get("questions"), list) else []:
            if not isinstance(item, dict):
                continue
            typed = self.cleaned_data.get(f"text_{item.get('key')}")
            if typed is not None and typed.strip() and typed.strip() != stored.get(item.get("key"), ""):
                item["text"] = typed.strip()
        return doc


@login_required
def questionnaire_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk, write=True)
    if row.published:
        messages.error(request, _("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."))
        return redirect("surveys:questionnaire_detail", pk=row.pk)
    initial = {
        "title": row.document.get("title", ""),
        "intro": row.document.get("intro", ""),
        "document": json.dumps(row.document, ensure_ascii=False, indent=2),
        "edit_version": row.edit_version,
    }
    form = EditForm(request.POST or None, initial=initial, row=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(
                draft=row,
                document=form.build(),
                actor=request.user,
                expected_version=form.cleaned_data.get("edit_version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu bản nháp mẫu phiếu."))
            return redirect("surveys:questionnaire_detail", pk=row.pk)
    return render(
        request,
        "surveys/questionnaire_form.html",
        {"row": row, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def questionnaire_new_version(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk, write=True)
    draft = services.questionnaire_new_version(source=row, actor=request.user)
    messages.success(request, _("Đã tạo bản nháp phiên bản %(v)s.") % {"v": draft.version})
    return redirect("surveys:questionnaire_edit", pk=draft.pk)


@login_required
@require_POST
def questionnaire_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk)
    units = manageable_units(request.user).order_by("path")
    form = CopyForm(request.POST, units=units)
    if not form.is_valid():
        if "owner" in form.errors:
            raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("surveys:questionnaire_detail", pk=row.pk)
    try:
        copy = services.questionnaire_copy(
            source=row,
            qid=form.cleaned_data["qid"],
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:questionnaire_detail", pk=row.pk)
    messages.success(request, _("Đã tạo mẫu phiếu mới (bản nháp)."))
    return redirect("surveys:questionnaire_edit", pk=copy.pk)


@login_required
@require_POST
def questionnaire_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk, write=True)
    try:
        services.questionnaire_publish(draft=row, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã công bố; các đợt khảo sát mới có thể dùng phiên bản này."))
    return redirect("surveys:questionnaire_detail", pk=row.pk)


@login_required
@require_POST
def questionnaire_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    row = selectors.get_questionnaire_version_for_user(request.user, pk, write=True)
    try:
        services.questionnaire_draft_delete(draft=row, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:questionnaire_detail", pk=row.pk)
    messages.success(request, _("Đã xóa bản nháp."))
    return redirect("surveys:questionnaire_list")
