from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/tao/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("ke-hoach/<int:pk>/them-cuoc/", views.visit_add, name="visit_add"),
    path("ke-hoach/<int:pk>/van-ban/", views.plan_document, name="plan_document"),
    path("cuoc/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("cuoc/<int:pk>/doan/", views.visit_team, name="visit_team"),
    path("cuoc/<int:pk>/ket-qua/", views.visit_results, name="visit_results"),
    path("cuoc/<int:pk>/don-vi/", views.visit_self_report, name="visit_self_report"),
    path("cuoc/<int:pk>/bien-ban/", views.visit_record, name="visit_record"),
    path("cuoc/<int:pk>/kien-nghi/", views.finding_add, name="finding_add"),
    path("cuoc/<int:pk>/ket-luan/", views.visit_conclude, name="visit_conclude"),
    path("cuoc/<int:pk>/huy/", views.visit_cancel, name="visit_cancel"),
    path("cuoc/<int:pk>/van-ban/<str:kind>/", views.visit_document, name="visit_document"),
    path("cuoc/<int:pk>/du-lieu-he-thong/", views.visit_exceptions, name="visit_exceptions"),
    path("cuoc/<int:pk>/kiem-tra-lai/<int:finding_pk>/", views.finding_recheck, name="finding_recheck"),
    path("kien-nghi/", views.findings, name="findings"),
    path("kien-nghi/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("kien-nghi/<int:pk>/chap-nhan/", views.finding_close, name="finding_close"),
    path("kien-nghi/<int:pk>/xoa/", views.finding_delete, name="finding_delete"),
    path("bao-phu/", views.coverage, name="coverage"),
    path("danh-muc/", views.checklists, name="checklists"),
]
