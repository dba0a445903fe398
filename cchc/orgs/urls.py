from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("moi/", views.unit_create, name="unit_create"),
    path("nhap-excel/", views.unit_import, name="unit_import"),
    path("nhap-excel/mau.xlsx", views.unit_import_template, name="unit_import_template"),
    path("nhom/", views.group_list, name="group_list"),
    path("nhom/moi/", views.group_edit, name="group_create"),
    path("nhom/<str:code>/", views.group_detail, name="group_detail"),
    path("nhom/<str:code>/sua/", views.group_edit, name="group_edit"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
    path("<str:code>/sua/", views.unit_edit, name="unit_edit"),
    path("<str:code>/sap-xep/", views.unit_reorganise, name="unit_reorganise"),
]
