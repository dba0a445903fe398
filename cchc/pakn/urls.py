app_name = "pakn"
urlpatterns: list[object] = []
