from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.orgs.scope import scope_for


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"memberships": scope_for(request.user).memberships})


@login_required
@require_POST
def switch_membership(request):
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
