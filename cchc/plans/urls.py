from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("", views.plan_list, name="index"),
    path("nhap/", views.import_upload, name="import_upload"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("nhiem-vu-cua-toi/", views.my_tasks, name="my_tasks"),
    path("nhiem-vu-cua-toi/excel/", views.bulk_upload, name="bulk_upload"),
    path("cho-duyet/", views.review_queue, name="review_queue"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("<int:pk>/ket-thuc/", views.plan_close, name="plan_close"),
    path("<int:pk>/xac-dinh-don-vi/", views.plan_map, name="plan_map"),
    path("<int:pk>/them-nhiem-vu/", views.task_edit, name="task_add"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/sua/", views.task_edit, name="task_edit"),
    path("<int:pk>/ma-tran/", views.plan_matrix, name="plan_matrix"),
    path("<int:pk>/trien-khai/", views.plan_cascade_status, name="plan_cascade_status"),
    path("<int:pk>/lap-ke-hoach/<str:unit_code>/", views.plan_cascade, name="plan_cascade"),
    path("<int:pk>/word/", views.plan_word, name="plan_word"),
    path("<int:pk>/tep-goc/", views.plan_source, name="plan_source"),
    path("<int:pk>/excel/", views.plan_excel, name="plan_excel"),
    path("<int:pk>/don-doc/<str:unit_code>/", views.reminder_letter, name="reminder_letter"),
    path("don-doc/<int:pk>/", views.reminder_letter_detail, name="reminder_letter_detail"),
    path("don-doc/<int:pk>/word/", views.reminder_letter_word, name="reminder_letter_word"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/tien-do/", views.task_progress, name="task_progress"),
    path("phan-cong/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("bao-cao/<int:pk>/xac-nhan/", views.update_confirm, name="update_confirm"),
    path("bao-cao/<int:pk>/tiep-nhan/", views.update_accept, name="update_accept"),
    path("bao-cao/<int:pk>/tra-lai/", views.update_return, name="update_return"),
    path("bao-cao/<int:pk>/thu-truong-tra-lai/", views.update_head_return, name="update_head_return"),
    path("bao-cao/<int:pk>/rut-lai/", views.update_withdraw, name="update_withdraw"),
    path("minh-chung/<int:pk>/", views.evidence_file, name="evidence_download"),
]
