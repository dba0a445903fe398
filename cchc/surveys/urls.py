from django.urls import path

from . import views, views_questionnaires

app_name = "surveys"

urlpatterns = [
    path("", views.results, name="index"),
    path("bao-cao/<int:form_no>/", views.report_word, name="report_word"),
    path("y-kien/", views.comment_list, name="comments"),
    path("do-phu/", views.coverage, name="coverage"),
    path("dot-khao-sat/", views.survey_list, name="survey_list"),
    path("dot-khao-sat/<int:pk>/dong/", views.survey_close, name="survey_close"),
    path("diem/", views.point_list, name="point_list"),
    path("diem/them/", views.point_edit, name="point_create"),
    path("diem/in-hang-loat/", views.point_batch, name="point_batch"),
    path("diem/<int:pk>/", views.point_detail, name="point_detail"),
    path("diem/<int:pk>/sua/", views.point_edit, name="point_edit"),
    path("diem/<int:pk>/ma-moi/", views.point_new_token, name="point_new_token"),
    path("diem/<int:pk>/poster/", views.point_poster, name="point_poster"),
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/<int:pk>/phieu-hen/", views.dossier_slip, name="dossier_slip"),
    path("xem-xet/", views.review_list, name="review"),
    path("xem-xet/<int:pk>/", views.review_decide, name="review_decide"),
    path("phieu-giay/", views.paper_entry, name="paper"),
    path("mau-phieu/", views_questionnaires.questionnaire_list, name="questionnaire_list"),
    path("mau-phieu/<int:pk>/", views_questionnaires.questionnaire_detail, name="questionnaire_detail"),
    path("mau-phieu/<int:pk>/sua/", views_questionnaires.questionnaire_edit, name="questionnaire_edit"),
    path(
        "mau-phieu/<int:pk>/phien-ban-moi/",
        views_questionnaires.questionnaire_new_version,
        name="questionnaire_new_version",
    ),
    path("mau-phieu/<int:pk>/sao-chep/", views_questionnaires.questionnaire_copy, name="questionnaire_copy"),
    path(
        "mau-phieu/<int:pk>/cong-bo/",
        views_questionnaires.questionnaire_publish,
        name="questionnaire_publish",
    ),
    path("mau-phieu/<int:pk>/xoa/", views_questionnaires.questionnaire_delete, name="questionnaire_delete"),
]
