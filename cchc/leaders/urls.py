from django.urls import path

from . import views

app_name = "leaders"

urlpatterns = [
    path("", views.index, name="index"),
    path("ban-in.pdf", views.summary_pdf, name="summary_pdf"),
    path("ban-tin/", views.digest_settings, name="digest_settings"),
]
