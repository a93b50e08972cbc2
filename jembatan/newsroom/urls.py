from django.urls import path

from jembatan.newsroom import feeds, views_public, views_staff

app_name = "newsroom"
urlpatterns = [
    # Public reading (views_public.py)
    path("berita/", views_public.list_view, name="list"),
    path("berita/gambar/<int:pk>/<str:name>", views_public.image_view, name="image"),
    path("berita/<slug:slug>/", views_public.detail_view, name="detail"),
    path("berita/<slug:slug>/koreksi/<int:pk>/", views_public.correction_view, name="correction"),
    path("kelurahan/", views_public.village_pick_view, name="village_pick"),
    path("kelurahan/<str:code>/", views_public.village_home_view, name="village_home"),
    # Feeds out (feeds.py)
    path("feeds/", feeds.feeds_page_view, name="feeds_page"),
    path("feeds/berita.rss", feeds.rss_view, name="feed_rss"),
    path("feeds/berita.atom", feeds.atom_view, name="feed_atom"),
    path("feeds/berita.json", feeds.json_view, name="feed_json"),
    path("feeds/topik/<slug:slug>.rss", feeds.rss_view, name="topic_feed_rss"),
    path("feeds/topik/<slug:slug>.atom", feeds.atom_view, name="topic_feed_atom"),
    path("feeds/topik/<slug:slug>.json", feeds.json_view, name="topic_feed_json"),
    path("feeds/kecamatan/<str:code>.rss", feeds.rss_view, name="district_feed_rss"),
    path("feeds/kecamatan/<str:code>.atom", feeds.atom_view, name="district_feed_atom"),
    path("feeds/kecamatan/<str:code>.json", feeds.json_view, name="district_feed_json"),
    # Editorial work (views_staff.py)
    path("staf/berita/", views_staff.desk_view, name="desk"),
    path("staf/berita/baru/", views_staff.create_view, name="create"),
    path("staf/berita/pengaturan/", views_staff.settings_view, name="settings"),
    path("staf/berita/keterbacaan/", views_staff.readability_view, name="readability"),
    path("staf/berita/<int:pk>/", views_staff.item_view, name="item"),
    path("staf/berita/<int:pk>/ubah/", views_staff.edit_view, name="edit"),
    path("staf/berita/<int:pk>/aksi/<str:action>/", views_staff.action_view, name="action"),
    path("staf/berita/<int:pk>/revisi/<int:number>/", views_staff.revision_view, name="revision"),
    path("staf/berita/<int:pk>/koreksi/", views_staff.correction_propose_view, name="correction_propose"),
    path(
        "staf/berita/<int:pk>/koreksi/<int:correction_pk>/<str:decision>/",
        views_staff.correction_review_view,
        name="correction_review",
    ),
    path("staf/berita/<int:pk>/foto/", views_staff.photo_add_view, name="photo_add"),
    path("staf/berita/<int:pk>/foto/<int:photo_pk>/hapus/", views_staff.photo_remove_view, name="photo_remove"),
    path("staf/berita/<int:pk>/gambar/<str:name>", views_staff.staff_image_view, name="staff_image"),
    # Community news from a KIM
    path("kim/berita/", views_staff.community_list_view, name="community_list"),
    path("kim/berita/baru/", views_staff.community_create_view, name="community_create"),
    path("kim/berita/<int:pk>/ubah/", views_staff.community_edit_view, name="community_edit"),
]
