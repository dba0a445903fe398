from django.urls import path

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.proposal_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.proposal_edit, name="edit"),
    path("<int:pk>/thao-tac/", views.act, name="act"),
    path("<int:pk>/tai-lieu/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/nhan-rong/", views.adopt, name="adopt"),
    path("<int:pk>/don.docx", views.request_word, name="request_word"),
    path("tai-lieu/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("xet/<int:pk>/", views.review_detail, name="review"),
    path("xet/<int:pk>/bien-ban.docx", views.minutes_word, name="minutes_word"),
    path("xet/<int:pk>/quyet-dinh.docx", views.decision_word, name="decision_word"),
    path("hoi-dong/", views.councils, name="councils"),
    path("hoi-dong/moi/", views.council_new, name="council_new"),
    path("hoi-dong/<int:pk>/", views.council_detail, name="council"),
    path("cuoc-thi/", views.contests, name="contests"),
    path("cuoc-thi/moi/", views.contest_new, name="contest_new"),
    path("cuoc-thi/<int:pk>/", views.contest_detail, name="contest"),
    path("cuoc-thi/<int:pk>/du-thi/", views.contest_enter, name="contest_enter"),
    path("diem-thuong/", views.bonuses, name="bonuses"),
    path("diem-thuong/<int:pk>/", views.bonus_decide, name="bonus_decide"),
]
