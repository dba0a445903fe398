"""Request parsing shared by several one-stop pages: the period and the unit asked for; a service's refusal shown
on its form."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.dates import parse_day
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import get_unit_for_user
from cchc.workdays.calendar import VN_TZ

from .. import selectors
from ..ontime import Period, period


def _parse_day(request: AuthedRequest, name: str) -> date | None:
    """``from``/``to`` typed as dd/mm/yyyy (or ISO, as in links); an unreadable date is reported, then ignored."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        messages.error(
            request, _("Ngày không hợp lệ: %(text)s — hãy nhập theo dạng dd/mm/yyyy.") % {"text": text}
        )
        return None


def _period_from_request(request: AuthedRequest) -> tuple[date, date, Period]:
    today = timezone.now().astimezone(VN_TZ).date()
    default_from, default_to = selectors.quarter_of(today)
    date_from = _parse_day(request, "from") or default_from
    date_to = _parse_day(request, "to") or default_to
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = datetime.fromisoformat(request.GET["as_of"])
            if as_of.tzinfo is None:
                as_of = as_of.replace(tzinfo=VN_TZ)
        except ValueError:
            as_of = None
    return date_from, date_to, period(date_from, date_to, as_of)


def acting_unit(request: AuthedRequest) -> OrgUnit | None:
    """The unit of the role the user switched to in the header (None until they switch): the one-stop pages open on
    it, so a coordinator who also works at a ward's desk sees the ward when acting as its officer."""
    from cchc.orgs.selectors import active_membership

    if request.session.get("active_membership_id") is None:
        return None
    membership = active_membership(request)
    return membership.unit if membership is not None else None


def _unit_from_request(request: AuthedRequest, param: str = "unit") -> OrgUnit:
    code = request.GET.get(param)
    if code:
        return get_unit_for_user(request.user, code)
    unit = acting_unit(request) or selectors.default_unit(request.user)
    if unit is None:
        raise PermissionDenied(_("Bạn chưa được phân quyền xem đơn vị nào."))
    return unit


def _form_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: each message on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            for e in errs:
                form.add_error(field if field in form.fields else None, e)
    else:
        for m in exc.messages:
            form.add_error(None, m)
