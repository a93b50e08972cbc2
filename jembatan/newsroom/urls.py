from django.urls import path

from jembatan.newsroom import views_public, views_staff

app_name = "newsroom"
urlpatterns = [
    # Public reading (views_public.py)
    path("berita/", views_public.list_view, name="list"),
    path("berita/<slug:slug>/", views_public.detail_view, name="detail"),
    # Editorial work (views_staff.py)
    path("staf/berita/", views_staff.desk_view, name="desk"),
    path("staf/berita/baru/", views_staff.create_view, name="create"),
    path("staf/berita/pengaturan/", views_staff.settings_view, name="settings"),
    path("staf/berita/keterbacaan/", views_staff.readability_view, name="readability"),
    path("staf/berita/<int:pk>/", views_staff.item_view, name="item"),
    path("staf/berita/<int:pk>/ubah/", views_staff.edit_view, name="edit"),
    path("staf/berita/<int:pk>/aksi/<str:action>/", views_staff.action_view, name="action"),
    path("staf/berita/<int:pk>/revisi/<int:number>/", views_staff.revision_view, name="revision"),
    # Community news from a KIM
    path("kim/berita/", views_staff.community_list_view, name="community_list"),
    path("kim/berita/baru/", views_staff.community_create_view, name="community_create"),
    path("kim/berita/<int:pk>/ubah/", views_staff.community_edit_view, name="community_edit"),
]
