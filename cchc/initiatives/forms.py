"""Forms of initiatives: the proposal (with up to five authors), a council, a contest, adoption."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.core.text import fold
from cchc.core.versioning import VersionedForm
from cchc.orgs.models import OrgUnit

from .models import Council, CouncilMember, Field, Initiative, Scope, SolutionKind

AUTHOR_ROWS = 5
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposalForm(VersionedForm, forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500)
    field = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=Field.choices)
    solution_kind = forms.ChoiceField(label=_("Loại giải pháp"), choices=SolutionKind.choices)
    situation_before = forms.CharField(
        label=_("Tình trạng trước khi có sáng kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    solution = forms.CharField(
        label=_("Nội dung giải pháp"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    novelty = forms.CharField(label=_("Tính mới"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    first_applied_on = forms.DateField(
        label=_("Ngày áp dụng lần đầu (hoặc áp dụng thử)"), required=False, widget=DATE_INPUT
    )
    effect_before = forms.CharField(
        label=_("Số liệu trước khi áp dụng"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    effect_after = forms.CharField(
        label=_("Hiệu quả sau khi áp dụng (số liệu đo được)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    requested_scope = forms.ChoiceField(label=_("Đề nghị công nhận"), choices=Scope.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(AUTHOR_ROWS):
            self.fields[f"author_name_{i}"] = forms.CharField(
                label=_("Họ tên tác giả"), required=False, max_length=255
            )
            self.fields[f"author_position_{i}"] = forms.CharField(
                label=_("Chức vụ, đơn vị"), required=False, max_length=255
            )
            self.fields[f"author_share_{i}"] = forms.IntegerField(
                label=_("Tỷ lệ đóng góp (%)"), required=False, min_value=1, max_value=100
            )

    def author_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"author_name_{i}"], self[f"author_position_{i}"], self[f"author_share_{i}"])
            for i in range(AUTHOR_ROWS)
        ]

    def authors(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        rows = []
        for i in range(AUTHOR_ROWS):
            name = (data.get(f"author_name_{i}") or "").strip()
            share = data.get(f"author_share_{i}")
            if not name and share is None:
                continue
            rows.append(
                {"name": name, "position": data.get(f"author_position_{i}") or "", "share": share or 0}
            )
        return rows

    def proposal(self) -> dict[str, Any]:
        keys = (
            "title",
            "field",
            "solution_kind",
            "situation_before",
            "solution",
            "novelty",
            "first_applied_on",
            "effect_before",
            "effect_after",
            "requested_scope",
        )
        return {k: self.cleaned_data[k] for k in keys}

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict[str, Any]:
        initial: dict[str, Any] = {
            k: getattr(initiative, k)
            for k in (
                "title",
                "field",
                "solution_kind",
                "situation_before",
                "solution",
                "novelty",
                "first_applied_on",
                "effect_before",
                "effect_after",
                "requested_scope",
            )
        }
        initial["edit_version"] = initiative.edit_version
        for i, a in enumerate(initiative.authors.all()[:AUTHOR_ROWS]):
            initial[f"author_name_{i}"] = a.name
            initial[f"author_position_{i}"] = a.position
            initial[f"author_share_{i}"] = a.share
        return initial


# The words a member line may give for the role (Vietnamese without accents, or the stored codes).
ROLE_WORDS: dict[str, str] = {
    "chu-tich": CouncilMember.Role.CHAIR,
    "thu-ky": CouncilMember.Role.SECRETARY,
    "uy-vien": CouncilMember.Role.MEMBER,
    "chair": CouncilMember.Role.CHAIR,
    "secretary": CouncilMember.Role.SECRETARY,
    "member": CouncilMember.Role.MEMBER,
}


class CouncilForm(forms.Form):
    """A council: the organising unit (those the user manages), its members one per line (``username | role``,
    active accounts of the organising unit or a unit under it) and its criteria (``code | title | max points``).
    Every bad line is named with its number; ``cleaned_data["members"]`` is ``[(User, role)]`` and
    ``cleaned_data["criteria"]`` is ``[(code, title, Decimal)]``."""

    owner: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Cơ quan thường trực"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Tên hội đồng"), max_length=255)
    scope = forms.ChoiceField(label=_("Cấp"), choices=Scope.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    decision = forms.CharField(label=_("Quyết định thành lập (số, ký hiệu)"), required=False, max_length=64)
    members = forms.CharField(
        label=_("Thành viên"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Mỗi dòng: tên đăng nhập | vai trò (chu-tich, thu-ky, uy-vien). Đúng một chủ tịch. Thành viên là tài "
            "khoản đang hoạt động của cơ quan thường trực hoặc đơn vị trực thuộc."
        ),
    )
    criteria = forms.CharField(
        label=_("Tiêu chí chấm điểm"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng: mã | tiêu chí | điểm tối đa. Ví dụ: 1 | Tính mới | 30"),
    )

    def __init__(self, *args: Any, owners: QuerySet[OrgUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        owner = data.get("owner")
        if isinstance(data.get("members"), str):
            members, errors = parse_members(data["members"], owner)
            if errors:
                self.add_error("members", errors)
            else:
                data["members"] = members
        if isinstance(data.get("criteria"), str):
            criteria, errors = parse_criteria(data["criteria"])
            if errors:
                self.add_error("criteria", errors)
            else:
                data["criteria"] = criteria
        return data


def parse_members(text: str, owner: OrgUnit | None) -> tuple[list[tuple[Any, str]], list[str]]:
    """``username | role`` lines → ``[(user, role)]`` and the errors, one per bad line (its number named)."""
    from . import selectors

    rows: list[tuple[int, str, str]] = []
    errors: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        username, _sep, role_word = (p.strip() for p in line.partition("|"))
        role = ROLE_WORDS.get(fold(role_word).replace(" ", "-") or "uy-vien")
        if not username:
            errors.append(gettext("Dòng %(n)s: thiếu tên đăng nhập.") % {"n": n})
        elif role is None:
            errors.append(
                gettext("Dòng %(n)s: vai trò “%(r)s” không hợp lệ (chu-tich, thu-ky hoặc uy-vien).")
                % {"n": n, "r": role_word}
            )
        else:
            rows.append((n, username, role))
    eligible = selectors.council_candidates(owner, [u for _n, u, _r in rows]) if owner is not None else {}
    out: list[tuple[Any, str]] = []
    seen: dict[int, int] = {}
    for n, username, code in rows:
        user = eligible.get(username.lower())
        if owner is None:
            continue
        if user is None:  # unknown, inactive or outside the organisation: one message (no account probing)
            errors.append(
                gettext(
                    "Dòng %(n)s: “%(u)s” không phải tài khoản đang hoạt động của %(unit)s hoặc đơn vị trực "
                    "thuộc, nên không thể là thành viên hội đồng này."
                )
                % {"n": n, "u": username, "unit": owner.name}
            )
        elif user.pk in seen:
            errors.append(
                gettext("Dòng %(n)s: %(u)s đã có ở dòng %(m)s.") % {"n": n, "u": username, "m": seen[user.pk]}
            )
        else:
            seen[user.pk] = n
            out.append((user, code))
    if not errors and owner is not None:
        chairs = sum(1 for _u, role in out if role == CouncilMember.Role.CHAIR)
        if chairs != 1:
            errors.append(gettext("Hội đồng phải có đúng một chủ tịch (hiện có %(n)s).") % {"n": chairs})
    return out, errors


def parse_criteria(text: str) -> tuple[list[tuple[str, str, Decimal]], list[str]]:
    """``code | title | max points`` lines → ``[(code, title, max)]`` and the errors, one per bad line."""
    out: list[tuple[str, str, Decimal]] = []
    errors: list[str] = []
    codes: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            errors.append(gettext("Dòng %(n)s: cần “mã | tiêu chí | điểm tối đa”.") % {"n": n})
            continue
        code, title, raw = parts
        try:
            maximum = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            errors.append(gettext("Dòng %(n)s: điểm tối đa “%(v)s” không phải là số.") % {"n": n, "v": raw})
            continue
        if not maximum.is_finite() or maximum <= 0 or maximum > 1000:
            errors.append(gettext("Dòng %(n)s: điểm tối đa phải lớn hơn 0 và không quá 1000.") % {"n": n})
        elif len(code) > 16 or len(title) > 255:
            errors.append(gettext("Dòng %(n)s: mã tối đa 16 ký tự, tiêu chí tối đa 255 ký tự.") % {"n": n})
        elif code in codes:
            errors.append(
                gettext("Dòng %(n)s: mã “%(c)s” đã dùng ở dòng %(m)s.")
                % {"n": n, "c": code, "m": codes[code]}
            )
        else:
            codes[code] = n
            out.append((code, title, maximum.quantize(Decimal("0.01"))))
    if not out and not errors:
        errors.append(gettext("Nhập ít nhất một tiêu chí chấm điểm."))
    return out, errors


class ContestForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    rules = forms.CharField(label=_("Thể lệ"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    opens_on = forms.DateField(label=_("Ngày bắt đầu nhận bài"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Hạn nộp bài"), widget=DATE_INPUT)
    rounds = forms.IntegerField(
        label=_("Số vòng chấm"),
        min_value=1,
        max_value=3,
        initial=1,
        help_text=_("Ví dụ: 2 vòng — sơ khảo, chung khảo."),
    )
    jury: forms.ModelChoiceField[Council] = forms.ModelChoiceField(
        label=_("Ban giám khảo (hội đồng)"), queryset=Council.objects.none()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Hạn nộp bài phải sau ngày bắt đầu."))
        return data


class AdoptionForm(forms.Form):
    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Đơn vị áp dụng"), queryset=OrgUnit.objects.none()
    )
    since = forms.DateField(label=_("Áp dụng từ ngày"), widget=DATE_INPUT)
    effect = forms.CharField(
        label=_("Hiệu quả đo được"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
