from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="index"),
    path("lay-so/", views.reserve, name="reserve"),
    path("the-thuc/", views.profiles, name="profiles"),
]
