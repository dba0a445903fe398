from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person. What they may do comes from their memberships (cchc.orgs.models.Membership)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when an administrator lifts a login lockout (cchc.accounts.services.user_login_unlock): the audit
    # trigger on this table records who did it and when.
    login_unlocked_at = models.DateTimeField(
        _("mở khóa đăng nhập lúc"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
