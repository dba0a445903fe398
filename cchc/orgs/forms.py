from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.versioning import VersionedForm
from cchc.core.widgets import DateInput

from .models import OrgUnit, Role, Scope, UnitGroup, UnitKind

DATE_WIDGET = DateInput()


class UnitForm(VersionedForm):
    code = forms.CharField(
        label=_("Mã đơn vị"), max_length=64, help_text=_("Duy nhất trong hệ thống, ví dụ HP.PV01")
    )
    short_code = forms.CharField(label=_("Mã ngắn"), max_length=32, required=False)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên"), queryset=OrgUnit.objects.none(), required=False
    )
    aliases = forms.CharField(
        label=_("Tên gọi khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một tên, ví dụ: Phòng Tham mưu"),
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Hiệu lực đến ngày"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else OrgUnit.objects.none()
        self.fields["parent"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name} ({u.code})"

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]


class UnitImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return f


class GroupForm(VersionedForm):
    code = forms.CharField(label=_("Mã nhóm"), max_length=64)
    name = forms.CharField(label=_("Tên nhóm"), max_length=255)
    root = forms.ModelChoiceField(
        label=_("Trong phạm vi đơn vị"), queryset=OrgUnit.objects.none(), required=False
    )
    kinds = forms.MultipleChoiceField(
        label=_("Gồm các loại đơn vị"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Và các đơn vị cụ thể"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    aliases = forms.CharField(
        label=_("Tên gọi khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một cách viết mà kế hoạch dùng cho nhóm này"),
    )
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = units if units is not None else OrgUnit.objects.none()
        self.fields["root"].queryset = qs
        self.fields["members"].queryset = qs
        for name in ("root", "members"):
            self.fields[name].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name} ({u.code})"

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]


class MembershipForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    data_scope = forms.ChoiceField(
        label=_("Phạm vi nhập liệu"),
        choices=[("", _("Mặc định theo vai trò")), *Scope.choices],
        required=False,
    )
    view_scope = forms.ChoiceField(
        label=_("Phạm vi xem"),
        choices=[
            ("", _("Mặc định theo vai trò")),
            (Scope.UNIT, Scope.UNIT.label),
            (Scope.SUBTREE, Scope.SUBTREE.label),
        ],
        required=False,
    )
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), required=False, widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Hiệu lực đến ngày"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args, units=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name} ({u.code})"
        if roles is not None:
            self.fields["role"].choices = [(r.value, r.label) for r in roles]


class NewUserForm(MembershipForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Để trống nếu người dùng sẽ tự đặt mật khẩu qua thư điện tử."),
    )
    field_order = ["username", "full_name", "position", "email", "password", "unit", "role"]

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("email"):
            raise forms.ValidationError(
                _("Cần nhập mật khẩu ban đầu hoặc thư điện tử để người dùng tự đặt mật khẩu.")
            )
        return data


class EndMembershipForm(forms.Form):
    on = forms.DateField(label=_("Thu hồi từ ngày"), widget=DATE_WIDGET)


class UnitGroupChoice(forms.ModelChoiceField):
    queryset = UnitGroup.objects.all()


class ReorganiseForm(forms.Form):
    """Record that this unit was renamed, merged, split or had its duties transferred into another unit."""

    from .models import UnitLineage as _Lineage

    successor = forms.ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=_Lineage.Kind.choices)
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), widget=DATE_WIDGET)
    decision = forms.CharField(label=_("Văn bản"), max_length=255, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = units if units is not None else OrgUnit.objects.none()
        self.fields["successor"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name} ({u.code})"
