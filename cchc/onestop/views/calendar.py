"""The coordinator's screen for the working calendar (days off, worked days) and units' office hours, each with the
date from which it applies to receipts; stored appointments are never recomputed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cchc.core.dates import DATE_FORMATS
from cchc.core.errors import DomainError
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.widgets import DateInput
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for
from cchc.workdays import services as workdays
from cchc.workdays.models import CalendarOverride, UnitOfficeHours


class OverrideForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Ngày"), input_formats=DATE_FORMATS, widget=DateInput())
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=CalendarOverride.Kind.choices)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=255, required=False)
    source = forms.CharField(label=gettext_lazy("Văn bản"), max_length=255, required=False)
    valid_from = forms.DateField(
        label=gettext_lazy("Áp dụng cho hồ sơ tiếp nhận từ ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=gettext_lazy("Để trống: áp dụng cho mọi hồ sơ. Ngày hẹn đã lưu không bị tính lại."),
    )


class HoursForm(forms.Form):
    unit = forms.ModelChoiceField(OrgUnit.objects.none(), label=gettext_lazy("Đơn vị"))
    periods = forms.CharField(
        label=gettext_lazy("Giờ làm việc"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: 07:30-11:30,13:30-17:00"),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Áp dụng từ ngày"), input_formats=DATE_FORMATS, widget=DateInput()
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()


@login_required
@require_http_methods(["GET", "POST"])
def work_calendar(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    may_edit_days = workdays.may_edit_calendar(request.user)
    managed = OrgUnit.objects.filter(scope.manage.q()).order_by("path") if not scope.manage.empty else None
    if not may_edit_days and managed is None:
        raise PermissionDenied(_("Chỉ quản trị hoặc cán bộ đầu mối được sửa lịch làm việc."))
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    day_form = OverrideForm(request.POST if action == "day" else None)
    hours_form = HoursForm(
        request.POST if action == "hours" else None, units=managed, initial={"valid_from": today}
    )
    if action == "day" and may_edit_days and day_form.is_valid():
        try:
            workdays.calendar_override_add(actor=request.user, **day_form.cleaned_data)
        except DomainError as exc:
            day_form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("Đã thêm ngày vào lịch làm việc."))
            return redirect("onestop:work_calendar")
    if action == "hours" and managed is not None and hours_form.is_valid():
        try:
            workdays.office_hours_set(actor=request.user, **hours_form.cleaned_data)
        except DomainError as exc:
            hours_form.add_error("periods", exc.message)
        else:
            messages.success(request, _("Đã lưu giờ làm việc; ngày hẹn đã lưu không bị tính lại."))
            return redirect("onestop:work_calendar")
    days, days_query = paginate(request, CalendarOverride.objects.order_by("-day"))
    hours = (
        UnitOfficeHours.objects.filter(unit__in=managed)
        .select_related("unit")
        .order_by("unit__path", "-valid_from")
        if managed is not None
        else UnitOfficeHours.objects.none()
    )
    return render(
        request,
        "onestop/work_calendar.html",
        {
            "days": days,
            "days_query": days_query,
            "hours": hours[:200],
            "day_form": day_form if may_edit_days else None,
            "hours_form": hours_form if managed is not None else None,
        },
    )
