from django.urls import path

from jembatan.clarifications import views

app_name = "clarification_feeds"
urlpatterns = [
    path("cek-fakta.rss", views.rss_view, name="rss"),
    path("cek-fakta.atom", views.atom_view, name="atom"),
    path("cek-fakta.json", views.json_view, name="json"),
]
