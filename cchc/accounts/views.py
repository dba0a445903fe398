import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.client_ip import client_ip
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import scope_for

from . import throttle

logger = logging.getLogger("cchc.security")


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"memberships": scope_for(request.user).memberships})


@login_required
@require_POST
def switch_membership(request: AuthedRequest) -> HttpResponse:
    """Choose which of one's memberships to act under (shown in the header)."""
    wanted = request.POST.get("membership")
    ids = {str(m.pk) for m in scope_for(request.user).memberships}
    if wanted in ids:
        request.session["active_membership_id"] = int(wanted)
    else:
        messages.error(request, _("Vai trò không hợp lệ."))
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, refused (429, nothing sent) past the per-address and per-e-mail limits."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        address = client_ip(self.request)
        if not throttle.password_reset_allowed(email=form.cleaned_data["email"], ip=address):
            logger.warning("password reset refused (limit): address=%s", address or "-")
            form.add_error(
                None,
                _("Đã có quá nhiều yêu cầu đặt lại mật khẩu. Xin thử lại sau %(n)d phút.")
                % {"n": settings.PASSWORD_RESET_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
