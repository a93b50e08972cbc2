from django.urls import path

from jembatan.dissemination import views

app_name = "dissemination"
urlpatterns = [
    path("s/<str:code>", views.open_view, name="open"),
    path("kim/bagikan/", views.share_list_view, name="share_list"),
    path("kim/bagikan/<slug:slug>/", views.share_kit_view, name="share_kit"),
    path("kim/diseminasi/", views.list_view, name="list"),
    path("kim/diseminasi/baru/", views.record_view, name="record"),
    path("kim/diseminasi/<int:pk>/hapus/", views.delete_view, name="delete"),
    path("staf/jangkauan/", views.reach_view, name="reach"),
    path("staf/jangkauan/berita/<int:pk>/", views.reach_item_view, name="reach_item"),
    path("staf/jangkauan/berita/<int:pk>/catatan/", views.reach_records_view, name="reach_records"),
    path("staf/jangkauan/catatan/<int:pk>/foto/", views.record_photo_view, name="record_photo"),
]
