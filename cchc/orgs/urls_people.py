from django.urls import path

from . import views_people as views

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("moi/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/mo-khoa-dang-nhap/", views.person_login_unlock, name="login_unlock"),
    path("<int:pk>/cap-quyen/", views.membership_add, name="membership_add"),
    path("phan-quyen/<int:pk>/sua/", views.membership_edit, name="membership_edit"),
    path("phan-quyen/<int:pk>/thu-hoi/", views.membership_end, name="membership_end"),
]
