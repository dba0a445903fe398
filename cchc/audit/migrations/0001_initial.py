import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, verbose_name="thời điểm")),
                ("table_name", models.CharField(max_length=100, verbose_name="bảng")),
                ("object_pk", models.CharField(max_length=64, verbose_name="mã bản ghi")),
                ("action", models.CharField(choices=[("I", "Tạo mới"), ("U", "Cập nhật"), ("D", "Xóa")], max_length=1, verbose_name="thao tác")),
                ("source", models.CharField(blank=True, max_length=100, verbose_name="nguồn")),
                ("old", models.JSONField(blank=True, null=True, verbose_name="trước")),
                ("new", models.JSONField(blank=True, null=True, verbose_name="sau")),
                ("changed", models.JSONField(blank=True, default=list, verbose_name="trường thay đổi")),
                ("actor", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="người thực hiện")),
            ],
            options={"verbose_name": "nhật ký thay đổi", "verbose_name_plural": "nhật ký thay đổi", "ordering": ["-at", "-id"],
                     "indexes": [models.Index(fields=["table_name", "object_pk", "-at"], name="audit_object_idx")]},
        ),
    ]
