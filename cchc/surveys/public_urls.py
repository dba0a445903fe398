from django.urls import path

from . import views_public

# The public survey form (/s/<token>): no login.
urlpatterns = [
    path("s/<str:token>/", views_public.public_form, name="survey_public"),
    path("s/<str:token>", views_public.public_form),
    path("s/<str:token>/cam-on/", views_public.thanks, name="survey_thanks"),
]
