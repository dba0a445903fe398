from django.urls import path  # noqa: F401

# The public survey form (/s/<token>): no login.
urlpatterns: list = []
