from django.urls import path

from jembatan.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.regency_settings_view, name="settings"),
]
