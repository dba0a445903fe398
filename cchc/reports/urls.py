from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("quy-tac-ky-bao-cao/", views.presets, name="presets"),
    path("chu-ky/moi/", views.cycle_create, name="cycle_create"),
    path("chu-ky/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("chu-ky/<int:pk>/dot-xuat/", views.adhoc_create, name="adhoc_create"),
    path("chu-ky/<int:pk>/cap-nhat-don-vi/", views.cycle_sync, name="cycle_sync"),
    path("chu-ky/<int:pk>/don-vi/", views.cycle_coverage, name="cycle_coverage"),
    path("ky/<int:pk>/", views.period_detail, name="period_detail"),
    path("ky/<int:pk>/tong-hop/", views.synthesis_detail, name="synthesis"),
    path("nop/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("nop/<int:pk>/luu/", views.submission_autosave, name="submission_autosave"),
    path("nop/<int:pk>/van-ban/", views.submission_document, name="submission_document"),
    path("nop/<int:pk>/ban-da-ky/", views.submission_scan, name="submission_scan"),
]
