from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row changed in an audited table, written by the ``cchc_audit`` trigger (never by Python code).

    Triggers catch every write, bulk updates and raw SQL included; the acting user and the source come from the
    connection settings ``cchc.actor_id`` and ``cchc.source`` that :mod:`cchc.audit.context` sets.
    """

    class Action(models.TextChoices):
        INSERT = "I", _("Tạo mới")
        UPDATE = "U", _("Cập nhật")
        DELETE = "D", _("Xóa")

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    table_name = models.CharField(_("bảng"), max_length=100)
    object_pk = models.CharField(_("mã bản ghi"), max_length=64)
    action = models.CharField(_("thao tác"), max_length=1, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    source = models.CharField(_("nguồn"), max_length=100, blank=True)
    old = models.JSONField(_("trước"), null=True, blank=True)
    new = models.JSONField(_("sau"), null=True, blank=True)
    changed = models.JSONField(_("trường thay đổi"), default=list, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["table_name", "object_pk", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.table_name}#{self.object_pk} {self.action} {self.at:%d/%m/%Y %H:%M}"
