from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.versioning import VersionedForm
from cchc.core.widgets import DateInput

from .models import Plan, Status
from .services.editing import PLAN_FIELDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif,.webp"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    issuer = forms.ChoiceField(label=_("Đơn vị ban hành"))
    year = forms.IntegerField(
        label=_("Năm kế hoạch (nếu văn bản không ghi)"), required=False, min_value=1990, max_value=2100
    )
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_("Word (.docx), Excel (.xlsx) hoặc văn bản (.txt, .md); tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.txt,.md"}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].choices = [(u.code, f"{u.name} ({u.code})") for u in units]

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return f


class PlanForm(VersionedForm, forms.ModelForm):
    implements = forms.ModelMultipleChoiceField(
        label=_("Thực hiện các kế hoạch cấp trên (căn cứ)"),
        queryset=Plan.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, visible=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible is not None:
            self.fields["implements"].queryset = visible.exclude(pk=self.instance.pk)
            if self.instance.pk:
                self.initial.setdefault(
                    "implements", list(self.instance.implements.values_list("pk", flat=True))
                )

    class Meta:
        model = Plan
        fields = list(PLAN_FIELDS)  # what ``plan_update`` may change: one list
        widgets = {
            "issue_date": DateInput(),
            "subplan_due": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }


class TaskForm(VersionedForm):
    code = forms.CharField(label=_("Số thứ tự"), required=False, max_length=32)
    section = forms.ChoiceField(label=_("Nhóm nhiệm vụ"), required=False)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.CharField(
        label=_("Đơn vị chủ trì"),
        required=False,
        help_text=_("Mỗi đơn vị một dòng hoặc cách nhau bằng dấu ;"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    coordinate = forms.CharField(
        label=_("Đơn vị phối hợp"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_text = forms.CharField(label=_("Thời hạn (như in)"), required=False, max_length=500)
    product = forms.CharField(label=_("Sản phẩm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.CharField(label=_("Chỉ tiêu đo lường"), required=False, max_length=500)
    measure = forms.ChoiceField(
        label=_("Chỉ tiêu trong sổ chỉ tiêu"),
        required=False,
        help_text=_("Nhiệm vụ đo được bằng một chỉ tiêu đã đặt: trang nhiệm vụ hiện số liệu và mức đạt."),
    )
    leader = forms.CharField(label=_("Lãnh đạo phụ trách"), required=False, max_length=255)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_assign = forms.BooleanField(
        label=_(
            "Kế hoạch đã ban hành: tôi xác nhận giao ngay nhiệm vụ cho các đơn vị trên và thông báo cho họ"
        ),
        required=False,
    )

    def __init__(self, *args, sections=(), measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "—")] + [(str(s.pk), str(s)) for s in sections]
        self.fields["measure"].choices = [("", "—")] + [
            (str(t.pk), f"{t.unit.code} · {t.title or t.code} {t.comparison} {t.value:g}") for t in measures
        ]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Status.choices)
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, required=False)
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành thực tế"),
        required=False,
        widget=DateInput(),
        help_text=_("Khi báo “Hoàn thành”: ngày đơn vị thực sự hoàn thành (mặc định hôm nay)."),
    )
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label=_("Lý do (nếu không thực hiện)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # A declared field: the form metaclass moves it into base_fields, and ``form.files`` stays the uploads.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("pdf, doc, docx, xls, xlsx hoặc ảnh; tối đa 10 MB mỗi tệp, 10 tệp."),
    )
    document_date = forms.DateField(
        label=_("Ngày văn bản minh chứng"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Ngày ban hành văn bản đính kèm (nếu là văn bản). Ngày hoàn thành không được trước ngày này."
        ),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ManualProgressForm(VersionedForm):
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Để trống để tính lại từ các đơn vị."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel tiến độ (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class ReminderLetterForm(forms.Form):
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=255)
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=255,
        required=False,
        help_text=_("Để trống: chức vụ thường dùng."),
    )
    recipients = forms.CharField(
        label=_("Nơi nhận khác (mỗi dòng một nơi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("“Như trên” và “Lưu: VT, …” được ghi sẵn."),
    )
    missing_subplan = forms.BooleanField(label=_("Đôn đốc ban hành kế hoạch thực hiện"), required=False)
