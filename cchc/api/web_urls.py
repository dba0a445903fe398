from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("tai-khoan/khoa-api/tao/", views.token_create, name="token_create"),
    path("tai-khoan/khoa-api/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
    path("nhat-ky-api/", views.call_log, name="call_log"),
]
