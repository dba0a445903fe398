from __future__ import annotations

from django.urls import URLPattern, path

from . import views, views_public

app_name = "pakn"

urlpatterns: list[URLPattern] = [
    # public (no login)
    path("", views_public.public_form, name="public_form"),
    path("da-gui/", views_public.public_sent, name="public_sent"),
    path("tra-cuu/", views_public.follow, name="follow"),
    path("cong-khai/", views_public.published, name="published"),
    path("cong-khai/<str:code>/", views_public.published_detail, name="published_detail"),
    path("cong-khai/<str:code>/danh-gia/", views_public.vote, name="vote"),
    # officers
    path("so-tiep-nhan/", views.index, name="index"),
    path("so-tiep-nhan/moi/", views.entry, name="entry"),
    path("ho-so/<int:pk>/", views.detail, name="detail"),
    path("ho-so/<int:pk>/tra-loi.docx", views.answer_letter, name="answer_letter"),
    path("ho-so/<int:pk>/<slug:name>/", views.action, name="action"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("chi-so/", views.indicators, name="indicators"),
    path("nhap/", views.import_records, name="import"),
    path("thoi-han/", views.clock_rules, name="clock_rules"),
    path("tru-diem/", views.penalties, name="penalties"),
    path("tru-diem/<int:pk>/", views.penalty_decide, name="penalty_decide"),
]
