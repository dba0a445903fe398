from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # The public survey form (/s/…): the busiest URL, matched first.
    path("", include("cchc.surveys.public_urls")),
    path("quan-tri-he-thong/", admin.site.urls),
    path("", include("cchc.accounts.urls")),
    path("", include("cchc.core.urls")),
    path("don-vi/", include("cchc.orgs.urls")),
    path("nguoi-dung/", include("cchc.orgs.urls_people")),
    path("nhat-ky/", include("cchc.audit.urls")),
    path("ke-hoach/", include("cchc.plans.urls")),
    path("bao-cao/", include("cchc.reports.urls")),
    path("chi-so-cchc/", include("cchc.parindex.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
    path("mot-cua/", include("cchc.onestop.urls")),
    path("sang-kien/", include("cchc.initiatives.urls")),
    path("van-ban/", include("cchc.documents.urls")),
    path("pakn/", include("cchc.pakn.urls")),
    path("kiem-tra/", include("cchc.inspections.urls")),
    path("chi-tieu/", include("cchc.targets.urls")),
    path("api/v1/", include("cchc.api.urls")),
    path("", include("cchc.api.web_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
