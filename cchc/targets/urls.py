from __future__ import annotations

from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.target_list, name="list"),
    path("them/", views.target_create, name="create"),
    path("nhap/", views.target_import, name="import"),
    path("nhap/mau.xlsx", views.target_import_template, name="import_template"),
    path("<int:pk>/", views.target_edit, name="edit"),
    path("<int:pk>/so-lieu/", views.target_manual, name="manual"),
    path("<int:pk>/xoa/", views.target_delete, name="delete"),
]
