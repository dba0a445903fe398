"""Pages of initiatives: thin — parse, fetch through the scoped getters, call a service, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.evidence import evidence_download
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for, units_with_data_access

from . import selectors, services, word
from .forms import AdoptionForm, ContestForm, CouncilForm, ProposalForm
from .models import Attachment, BonusProposal, Contest, Council, CouncilMember, Initiative, Review


def _problem(request: AuthedRequest, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        messages.error(request, exc.message)
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc))


def _year(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    qs = selectors.initiatives_visible_to(request.user).filter(kind=Initiative.Kind.INITIATIVE)
    text = request.GET.get("q", "").strip()
    year = _year(request.GET.get("year"))
    state = request.GET.get("state", "")
    if state not in Initiative.State.values:
        state = ""
    qs = selectors.search(qs, text=text, year=year, state=state).prefetch_related("authors")
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                i.pk,
                i.title,
                i.unit.name,
                ", ".join(f"{a.name} ({a.share}%)" for a in i.authors.all()),
                i.get_field_display(),
                i.get_state_display(),
                i.get_scope_display() if i.scope else "",
                i.year,
            ]
            for i in qs[:5000]
        ]
        headers = [
            _("Mã"),
            _("Tên sáng kiến"),
            _("Đơn vị"),
            _("Tác giả"),
            _("Lĩnh vực"),
            _("Trạng thái"),
            _("Cấp công nhận"),
            _("Năm"),
        ]
        return xlsx_response(write_sheet(_("Sáng kiến"), headers, rows), "sang-kien.xlsx")
    page, query = paginate(request, qs)
    scope = scope_for(request.user)
    return render(
        request,
        "initiatives/index.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "year": year or "",
            "state": state,
            "states": Initiative.State.choices,
            "can_propose": not scope.data.empty,
            "can_manage": scope.is_admin or not scope.manage.empty,
        },
    )


def _proposal_units(user: User) -> Any:
    return units_with_data_access(user).order_by("path")


@login_required
def proposal_new(request: AuthedRequest) -> HttpResponse:
    units = _proposal_units(request.user)
    form = ProposalForm(request.POST or None, initial={"requested_scope": "unit"})
    chosen = request.POST.get("unit") or (str(units[0].pk) if units else "")
    if request.method == "POST" and form.is_valid():
        unit = units.filter(pk=_year(chosen)).first()
        if unit is None:
            raise PermissionDenied(_("Bạn không có quyền lập hồ sơ sáng kiến cho đơn vị này."))
        try:
            initiative = services.initiative_create(
                actor=request.user, unit=unit, authors=form.authors(), **form.proposal()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu dự thảo sáng kiến."))
            return redirect("initiatives:detail", initiative.pk)
    return render(
        request,
        "initiatives/proposal_form.html",
        {"form": form, "units": units, "chosen": chosen, "initiative": None},
    )


@login_required
def proposal_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk, write=True)
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_for(initiative))
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative,
                actor=request.user,
                expected_version=form.loaded_version,
                authors=form.authors(),
                **form.proposal(),
            )
        except StaleEdit as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu hồ sơ sáng kiến."))
            return redirect("initiatives:detail", initiative.pk)
    return render(request, "initiatives/proposal_form.html", {"form": form, "initiative": initiative})


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk)
    user = request.user
    reviews = list(initiative.reviews.select_related("council__owner", "decision", "minutes").order_by("pk"))
    pending = next((r for r in reviews if r.outcome == Review.Outcome.PENDING), None)
    councils: Any = []
    if initiative.state == Initiative.State.SUBMITTED and selectors.can_receive(user, initiative):
        councils = selectors.councils_for_review(user, initiative, "unit") | selectors.councils_for_review(
            user, initiative, initiative.requested_scope
        )
    elif initiative.state == Initiative.State.RECOGNISED and initiative.scope:
        from .rules import next_scope

        wanted = next_scope(initiative.scope)
        councils = selectors.councils_for_review(user, initiative, wanted) if wanted else []
    adopt_units = (
        units_with_data_access(user)
        .exclude(pk=initiative.unit_id)
        .exclude(pk__in=initiative.adoptions.values("unit_id"))
    )
    return render(
        request,
        "initiatives/detail.html",
        {
            "i": initiative,
            "authors": initiative.authors.all(),
            "attachments": initiative.attachments.all(),
            "reviews": reviews,
            "pending": pending,
            "may_score": bool(pending) and not services.may_score(user, pending) if pending else False,
            "may_decide": bool(pending) and selectors.can_manage_council(user, pending.council)
            if pending
            else False,
            "can_edit": initiative.state in services.EDITABLE
            and selectors.can_edit_proposal(user, initiative),
            "can_withdraw": initiative.state in (*services.EDITABLE, Initiative.State.SUBMITTED)
            and selectors.can_edit_proposal(user, initiative),
            "can_receive": initiative.state == Initiative.State.SUBMITTED
            and selectors.can_receive(user, initiative),
            "councils": councils,
            "missing": services.missing_parts(initiative) if initiative.state in services.EDITABLE else [],
            "adoptions": initiative.adoptions.select_related("unit"),
            "adopt_form": AdoptionForm(initial={"since": timezone.localdate()}) if initiative.scope else None,
            "adopt_units": adopt_units if initiative.scope else [],
            "bonuses": _bonus_rows(user, initiative),
        },
    )


def _bonus_rows(user: User, initiative: Initiative) -> list[BonusProposal]:
    rows = list(initiative.bonus_proposals.select_related("unit", "decided_by"))
    for b in rows:  # who may decide, said to whoever may not
        blocker = selectors.bonus_blocker(user, b, selectors.bonus_assessment(b))
        b.blocker = blocker.text if blocker is not None else ""  # type: ignore[attr-defined]
    return rows


@login_required
@require_POST
def act(request: AuthedRequest, pk: int) -> HttpResponse:
    """One workflow step on an initiative: submit, withdraw, return (with reason), send to a council."""
    initiative = selectors.get_initiative_for_user(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            services.initiative_submit(initiative=initiative, actor=request.user)
            messages.success(request, _("Đã gửi hồ sơ sáng kiến."))
        elif action == "withdraw":
            services.initiative_withdraw(initiative=initiative, actor=request.user)
            messages.success(request, _("Đã rút hồ sơ sáng kiến."))
        elif action == "return":
            services.initiative_return(
                initiative=initiative, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã trả lại hồ sơ để bổ sung."))
        elif action == "review":
            council = selectors.get_council_for_user(request.user, _year(request.POST.get("council")) or 0)
            services.review_open(initiative=initiative, actor=request.user, council=council)
            messages.success(request, _("Đã trình hội đồng xét."))
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
    except (DomainError, ValidationError) as exc:
        _problem(request, exc)
    return redirect("initiatives:detail", initiative.pk)


@login_required
@require_POST
def attachment_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn tệp để tải lên."))
    else:
        try:
            services.attachment_add(
                initiative=initiative, actor=request.user, title=request.POST.get("title", ""), file=upload
            )
            messages.success(request, _("Đã tải lên tài liệu."))
        except (DomainError, ValidationError) as exc:
            _problem(request, exc)
    return redirect("initiatives:detail", initiative.pk)


@login_required
def attachment_file(request: AuthedRequest, pk: int) -> HttpResponseBase:
    ev = Attachment.objects.filter(pk=pk).first()
    return evidence_download(
        request, ev, may_see=lambda user, ev: selectors.get_initiative_for_user(user, ev.initiative_id)
    )


@login_required
@require_POST
def adopt(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk)
    form = AdoptionForm(request.POST)
    form.fields["unit"].queryset = units_with_data_access(request.user)  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, _("Chọn đơn vị và ngày áp dụng hợp lệ."))
    else:
        try:
            services.adoption_declare(
                initiative=initiative,
                actor=request.user,
                unit=form.cleaned_data["unit"],
                since=form.cleaned_data["since"],
                effect=form.cleaned_data["effect"],
            )
            messages.success(request, _("Đã khai báo áp dụng sáng kiến."))
        except (DomainError, ValidationError) as exc:
            _problem(request, exc)
    return redirect("initiatives:detail", initiative.pk)


@login_required
def request_word(request: AuthedRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk)
    return file_response(
        word.request_docx(initiative), f"don-sang-kien-{initiative.pk}.docx", DOCX_CONTENT_TYPE
    )


# ------------------------------------------------------------------------------------------------ reviews


@login_required
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk)
    user = request.user
    criteria = list(review.council.criteria.all())
    refusal = services.may_score(user, review)
    if request.method == "POST":
        action = request.POST.get("action", "score")
        try:
            if action == "score":
                services.scores_save(
                    review=review,
                    actor=user,
                    points={c.code: request.POST.get(f"points_{c.code}", "") for c in criteria},
                    comments={c.code: request.POST.get(f"comment_{c.code}", "") for c in criteria},
                )
                messages.success(request, _("Đã lưu điểm của bạn."))
            elif action in ("recognise", "reject"):
                services.review_decide(
                    review=review,
                    actor=user,
                    recognised=action == "recognise",
                    note=request.POST.get("note", ""),
                    award=request.POST.get("award", ""),
                )
                messages.success(request, _("Đã ghi kết luận của hội đồng."))
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except (DomainError, ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            _problem(request, exc)
        return redirect("initiatives:review", review.pk)
    scores = selectors.review_scores(review)
    members = list(review.council.members.select_related("user"))
    mine = scores.get(user.pk, {})
    table = [
        {
            "member": m,
            "points": [scores.get(m.user_id, {}).get(c.code) for c in criteria],
            "total": sum(scores.get(m.user_id, {}).values(), Decimal(0)) if m.user_id in scores else None,
        }
        for m in members
    ]
    return render(
        request,
        "initiatives/review.html",
        {
            "review": review,
            "i": review.initiative,
            "criteria": [(c, mine.get(c.code)) for c in criteria],
            "table": table,
            "refusal": refusal,
            "may_decide": review.outcome == Review.Outcome.PENDING
            and selectors.can_manage_council(user, review.council),
            "council_score": selectors.review_council_score(review),
        },
    )


@login_required
def minutes_word(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk)
    return file_response(word.minutes_docx(review), f"bien-ban-hoi-dong-{review.pk}.docx", DOCX_CONTENT_TYPE)


@login_required
def decision_word(request: AuthedRequest, pk: int) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, pk)
    if review.decision is None:
        messages.error(request, _("Chưa có quyết định công nhận."))
        return redirect("initiatives:review", review.pk)
    return file_response(
        word.decision_docx(review), f"quyet-dinh-cong-nhan-{review.pk}.docx", DOCX_CONTENT_TYPE
    )


# ------------------------------------------------------------------------------------------------ councils


@login_required
def councils(request: AuthedRequest) -> HttpResponse:
    qs = selectors.councils_visible_to(request.user).prefetch_related("members__user", "criteria")
    page, query = paginate(request, qs)
    scope = scope_for(request.user)
    return render(
        request,
        "initiatives/councils.html",
        {"page": page, "query": query, "can_create": scope.is_admin or not scope.manage.empty},
    )


def _managed_units(user: User) -> Any:
    scope = scope_for(user)
    qs = OrgUnit.objects.all() if scope.is_admin else OrgUnit.objects.filter(scope.manage.q())
    return qs.order_by("path")


@login_required
def council_new(request: AuthedRequest) -> HttpResponse:
    units = _managed_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("Bạn không quản lý đơn vị nào."))
    form = CouncilForm(
        request.POST or None,
        owners=units,
        initial={"year": timezone.localdate().year, "scope": "unit", "owner": units[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lập hội đồng."))
            return redirect("initiatives:council", council.pk)
    return render(request, "initiatives/council_form.html", {"form": form})


@login_required
def council_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    council = selectors.get_council_for_user(request.user, pk)
    reviews = council.reviews.select_related("initiative__unit").order_by("-pk")
    return render(
        request,
        "initiatives/council.html",
        {
            "council": council,
            "members": council.members.select_related("user"),
            "criteria": council.criteria.all(),
            "reviews": reviews,
        },
    )


# ------------------------------------------------------------------------------------------------ contests


@login_required
def contests(request: AuthedRequest) -> HttpResponse:
    qs = selectors.contests_visible_to(request.user).order_by("-year", "title")
    page, query = paginate(request, qs)
    scope = scope_for(request.user)
    return render(
        request,
        "initiatives/contests.html",
        {"page": page, "query": query, "can_create": scope.is_admin or not scope.manage.empty},
    )


@login_required
def contest_new(request: AuthedRequest) -> HttpResponse:
    units = _managed_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("Bạn không quản lý đơn vị nào."))
    juries = Council.objects.filter(owner__in=units).order_by("-year", "name")
    form = ContestForm(request.POST or None, initial={"year": timezone.localdate().year})
    form.fields["jury"].queryset = juries  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo cuộc thi."))
            return redirect("initiatives:contest", contest.pk)
    return render(request, "initiatives/contest_form.html", {"form": form})


@login_required
def contest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = selectors.contests_visible_to(request.user).filter(pk=pk).first()
    if contest is None:
        from django.http import Http404

        raise Http404(_("Không tìm thấy cuộc thi."))
    manages = selectors.can_manage_council(request.user, contest.jury)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(_("Bạn không tổ chức cuộc thi này."))
        try:
            if request.POST.get("action") == "close":
                services.contest_close(contest=contest, actor=request.user)
                messages.success(request, _("Đã khóa nhận bài; các bài dự thi chuyển ban giám khảo."))
            elif request.POST.get("action") == "next_round":
                services.contest_next_round(contest=contest, actor=request.user)
                messages.success(request, _("Đã chuyển các bài vào vòng chấm tiếp theo."))
            elif request.POST.get("action") == "publish":
                services.contest_publish(contest=contest, actor=request.user)
                messages.success(request, _("Đã công bố kết quả."))
        except (DomainError, ValidationError) as exc:
            _problem(request, exc)
        return redirect("initiatives:contest", contest.pk)
    visible = selectors.initiatives_visible_to(request.user).values("pk")
    entries = contest.entries.filter(pk__in=visible) if not manages else contest.entries.all()
    if contest.state != Contest.State.PUBLISHED and not manages:
        entries = entries.filter(scope_for(request.user).view.q("unit__"))
    entries = entries.select_related("unit").prefetch_related("reviews").order_by("-pk")
    return render(
        request,
        "initiatives/contest.html",
        {
            "contest": contest,
            "entries": entries,
            "manages": manages,
            "can_enter": contest.state == Contest.State.OPEN and not scope_for(request.user).data.empty,
        },
    )


@login_required
def contest_enter(request: AuthedRequest, pk: int) -> HttpResponse:
    contest = selectors.contests_visible_to(request.user).filter(pk=pk).first()
    if contest is None:
        from django.http import Http404

        raise Http404(_("Không tìm thấy cuộc thi."))
    units = _proposal_units(request.user)
    form = ProposalForm(request.POST or None, initial={"requested_scope": "unit"})
    chosen = request.POST.get("unit") or (str(units[0].pk) if units else "")
    if request.method == "POST" and form.is_valid():
        unit = units.filter(pk=_year(chosen)).first()
        if unit is None:
            raise PermissionDenied(_("Bạn không có quyền gửi bài dự thi cho đơn vị này."))
        try:
            entry = services.initiative_create(
                actor=request.user, unit=unit, authors=form.authors(), contest=contest, **form.proposal()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu bài dự thi; kiểm tra rồi bấm Gửi."))
            return redirect("initiatives:detail", entry.pk)
    return render(
        request,
        "initiatives/proposal_form.html",
        {"form": form, "units": units, "chosen": chosen, "initiative": None, "contest": contest},
    )


# ------------------------------------------------------------------------------------------------ PAR bonus


def _visible_bonuses(user: User) -> Any:
    units = OrgUnit.objects.filter(selectors.bonus_units_q(user)).values("pk")
    return BonusProposal.objects.select_related("initiative", "unit", "review", "decided_by").filter(
        unit__in=units
    )


@login_required
def bonuses(request: AuthedRequest) -> HttpResponse:
    page, query = paginate(request, _visible_bonuses(request.user).order_by("state", "-year", "pk"))
    for b in page.object_list:  # who may decide, said to whoever may not
        blocker = selectors.bonus_blocker(request.user, b, selectors.bonus_assessment(b))
        b.blocker = blocker.text if blocker is not None else ""
    return render(request, "initiatives/bonuses.html", {"page": page, "query": query})


@login_required
@require_POST
def bonus_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Accept or reject a proposed bonus; the service checks that the actor is the chair or secretary of the
    appraisal council of the round the bonus enters (403 otherwise)."""
    proposal = _visible_bonuses(request.user).filter(pk=pk).first()
    if proposal is None:
        from django.http import Http404

        raise Http404(_("Không tìm thấy đề xuất."))
    try:
        services.bonus_decide(
            proposal=proposal,
            actor=request.user,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Đã ghi quyết định về điểm thưởng."))
    except (DomainError, ValidationError) as exc:
        _problem(request, exc)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("initiatives:bonuses")


__all__ = ["CouncilMember"]
