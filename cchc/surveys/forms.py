from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core import dates
from cchc.core.versioning import VersionedForm
from cchc.core.widgets import DateTimeInput
from cchc.orgs.models import OrgUnit

from . import catalog
from .models import Survey

# A survey window may be given as a day alone (from 00:00).
DATETIME_FORMATS = [*dates.DATETIME_FORMATS, *dates.DATE_FORMATS]


class PeriodForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=dates.DATE_FORMATS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=dates.DATE_FORMATS)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt khảo sát"), max_length=255)
    questionnaire = forms.ChoiceField(label=_("Mẫu phiếu"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị tổ chức (áp dụng cho cả cấp dưới)"), queryset=OrgUnit.objects.none()
    )
    opens_at = forms.DateTimeField(
        label=_("Mở từ (dd/mm/yyyy hh:mm)"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    closes_at = forms.DateTimeField(
        label=_("Đóng lúc (dd/mm/yyyy hh:mm)"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = catalog.choices(owners)
        self.fields["unit"].queryset = units


class ServicePointForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Tên điểm lấy ý kiến (quầy, bộ phận một cửa)"), max_length=255)
    location = forms.CharField(label=_("Vị trí"), max_length=255, required=False)
    survey = forms.ModelChoiceField(
        label=_("Đợt khảo sát riêng (để trống: đợt đang mở của đơn vị)"),
        queryset=Survey.objects.none(),
        required=False,
    )
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    def __init__(self, *args, units=None, surveys=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["survey"].queryset = surveys if surveys is not None else Survey.objects.none()


class DossierTokenForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    dossier_code = forms.CharField(label=_("Mã hồ sơ"), max_length=64)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PaperImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiếu giấy (.csv hoặc .xlsx)"))
