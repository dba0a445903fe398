"""Forms of the documents module."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit

from . import doc_types, selectors


class ReserveForm(forms.Form):
    """Take the next number of an issuing body (sổ đăng ký văn bản đi)."""

    issuer = forms.ModelChoiceField(label=_("Cơ quan, đơn vị ban hành"), queryset=OrgUnit.objects.none())
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), initial="CV")
    symbol = forms.CharField(
        label=_("Ký hiệu cơ quan, đơn vị soạn thảo"),
        max_length=48,
        required=False,
        help_text=_(
            "Ví dụ: CAHP-PV01. Chữ viết tắt tên loại (KH, BC, QĐ…) được thêm tự động; để trống dùng mã ngắn."
        ),
    )
    summary = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)
    on_date = forms.DateField(label=_("Ngày văn bản"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["issuer"]).queryset = selectors.issuer_choices(user)
        cast(forms.ChoiceField, self.fields["doc_type"]).choices = [
            (t.code, f"{t.name} ({t.abbr})" if t.abbr else t.name)
            for t in doc_types.doc_types().values()
            if not t.copy
        ]
        self.fields["on_date"].initial = timezone.localdate().strftime("%d/%m/%Y")
        self.fields["on_date"].widget.attrs["placeholder"] = "dd/mm/yyyy"


class IssuerProfileForm(forms.Form):
    """How a unit writes itself on its documents: the agency ký hiệu and the place name."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    symbol = forms.CharField(
        label=_("Ký hiệu cơ quan"),
        max_length=32,
        required=False,
        help_text=_(
            "Phần tên cơ quan trong số, ký hiệu văn bản, ví dụ CAHP trong “Số: 12/BC-CAHP”. Để trống: đơn vị dùng "
            "ký hiệu của cơ quan cấp trên kèm mã ngắn của mình (CAHP-PC06)."
        ),
    )
    place = forms.CharField(
        label=_("Địa danh"),
        max_length=64,
        required=False,
        help_text=_("Ví dụ: Hải Phòng (trong dòng ngày tháng)."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from cchc.orgs.scope import manageable_units

        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = manageable_units(user).order_by("path")
