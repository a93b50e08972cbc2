from django.urls import path

from jembatan.search import views

app_name = "search"
urlpatterns = [path("cari/", views.search_view, name="search")]
