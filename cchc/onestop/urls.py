from django.urls import path

from . import views

app_name = "onestop"

urlpatterns = [
    path("", views.index, name="index"),
    path("thu-tuc/", views.procedure_list, name="procedure_list"),
    path("thu-tuc/nhap/", views.procedure_import, name="procedure_import"),
    path("thu-tuc/cua-don-vi/", views.unit_procedures, name="unit_procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/nhap/", views.dossier_import, name="dossier_import"),
    path("ho-so/so-theo-doi.xlsx", views.dossier_book, name="dossier_book"),
    path("ho-so/tiep-nhan/", views.dossier_desk, name="dossier_desk"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier_detail"),
    path("ho-so/<str:code>/xin-loi/", views.apology_create, name="apology_create"),
    path("ho-so/<str:code>/buoc/<str:step>/", views.dossier_step, name="dossier_step"),
    path("ho-so/<str:code>/mau-<str:form>.docx", views.dossier_form_docx, name="dossier_form_docx"),
    path("ho-so/<str:code>/phieu-xin-loi.docx", views.apology_download, name="apology_download"),
    path("tre-han/", views.late_list, name="late_list"),
    path("lich-lam-viec/", views.work_calendar, name="work_calendar"),
    path("chi-so/", views.indicators, name="indicators"),
    path("chi-so/bieu-06.xlsx", views.report06, name="report06"),
    path("chi-so/thoi-gian-giai-quyet/", views.processing_times, name="processing_times"),
    path("chi-so/so-lieu-cong/", views.portal_figures, name="portal_figures"),
    path("chi-so/so-lieu-cong/cho-duyet/", views.portal_figure_queue, name="portal_figure_queue"),
    path("chi-so/so-lieu-cong/<int:pk>/duyet/", views.portal_figure_decide, name="portal_figure_decide"),
    path("chi-so/cong-khai-766/", views.publication_manage, name="publication_manage"),
    # public (no login): the monthly 766 results as the coordinators approved them (seed 002 item 39)
    path("cong-khai/766/", views.public766, name="public766"),
]
