from django.urls import path

from . import views

app_name = "parindex"

urlpatterns = [
    path("", views.index, name="index"),
    path("so-sanh/", views.compare, name="compare"),
    path("bo-tieu-chi/", views.framework_list, name="framework_list"),
    path("bo-tieu-chi/nhap/", views.framework_import, name="framework_import"),
    path("bo-tieu-chi/mau/", views.framework_sample, name="framework_sample"),
    path("bo-tieu-chi/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("dot/moi/", views.round_create, name="round_create"),
    path("dot/<int:pk>/", views.round_detail, name="round_detail"),
    path("dot/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("dot/<int:pk>/chuyen-giai-doan/", views.round_advance, name="round_advance"),
    path("dot/<int:pk>/trinh-cong-bo/", views.round_submit, name="round_submit"),
    path("dot/<int:pk>/cong-bo/", views.round_publish, name="round_publish"),
    path("dot/<int:pk>/bien-ban/<int:round_no>/", views.minutes, name="minutes"),
    path("dot/<int:pk>/so-sanh-phien-ban/", views.version_diff, name="version_diff"),
    path("dot/<int:pk>/dinh-chinh/", views.round_reopen, name="round_reopen"),
    path("dot/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("dot/<int:pk>/thong-bao.docx", views.announcement, name="announcement"),
    path("dot/<int:pk>/du-lieu/", views.round_input, name="round_input"),
    path("danh-gia/<int:pk>/", views.assessment_detail, name="assessment"),
    path("danh-gia/<int:pk>/ket-qua/", views.scorecard, name="scorecard"),
    path("danh-gia/<int:pk>/thong-nhat/", views.consensus, name="consensus"),
    path("danh-gia/<int:pk>/tieu-chi/<str:code>/", views.criterion_detail, name="criterion"),
    path("danh-gia/<int:pk>/thuong-phat/", views.adjustment_add, name="adjustment_add"),
    path("thuong-phat/<int:pk>/xoa/", views.adjustment_delete, name="adjustment_delete"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_download"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
]
