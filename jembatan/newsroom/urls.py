from django.urls import path

from jembatan.newsroom import views_public, views_staff

app_name = "newsroom"
urlpatterns = [
    # Public reading (views_public.py)
    path("berita/", views_public.list_view, name="list"),
    path("berita/<slug:slug>/", views_public.detail_view, name="detail"),
    # Editorial work (views_staff.py)
    path("staf/berita/", views_staff.desk_view, name="desk"),
]
