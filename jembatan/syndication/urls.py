from django.urls import path

from jembatan.syndication import views

app_name = "syndication"
urlpatterns = [
    path("", views.feed_list_view, name="list"),
    path("baru/", views.feed_edit_view, name="create"),
    path("antrean/", views.queue_view, name="queue"),
    path("antrean/<int:pk>/terbitkan-ulang/", views.entry_republish_view, name="republish"),
    path("antrean/<int:pk>/abaikan/", views.entry_dismiss_view, name="dismiss"),
    path("<int:pk>/", views.feed_detail_view, name="detail"),
    path("<int:pk>/ubah/", views.feed_edit_view, name="edit"),
    path("<int:pk>/nonaktifkan/", views.feed_deactivate_view, name="deactivate"),
    path("<int:pk>/ambil/", views.feed_fetch_now_view, name="fetch"),
]
