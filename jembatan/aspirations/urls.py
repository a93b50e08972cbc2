from django.urls import path

from jembatan.aspirations import views

app_name = "aspirations"
urlpatterns = [
    path("aspirasi/", views.public_list_view, name="public_list"),
    path("aspirasi/kirim/", views.submit_view, name="submit"),
    path("aspirasi/terkirim/", views.submitted_view, name="submitted"),
    path("aspirasi/lacak/", views.track_view, name="track_form"),
    path("aspirasi/lacak/<str:code>/", views.track_code_view, name="track"),
    path("aspirasi/lacak/<str:code>/kirim-ulang/", views.resend_link_view, name="resend_link"),
    path("aspirasi/lacak/<str:code>/<str:secret>/", views.track_private_view, name="track_private"),
    path(
        "aspirasi/lacak/<str:code>/<str:secret>/lampiran/<int:pk>/",
        views.private_attachment_view,
        name="private_attachment",
    ),
    path("aspirasi/kinerja/", views.agency_figures_view, name="agency_figures"),
    path("aspirasi/ikuti/<str:token>/konfirmasi/", views.follow_confirm_view, name="follow_confirm"),
    path("aspirasi/ikuti/<str:token>/berhenti/", views.unfollow_view, name="unfollow"),
    path("aspirasi/peta/", views.public_map_view, name="public_map"),
    path("aspirasi/peta.geojson", views.public_map_points_view, name="public_map_points"),
    path("aspirasi/<str:code>/", views.public_detail_view, name="public_detail"),
    path("aspirasi/<str:code>/ikuti/", views.follow_view, name="follow"),
    path("aspirasi/<str:code>/foto/<int:event>/<str:name>", views.progress_photo_view, name="progress_photo"),
    path("staf/aspirasi/", views.staff_queue_view, name="staff_queue"),
    path("staf/aspirasi/<str:code>/", views.staff_detail_view, name="staff_detail"),
    path("staf/aspirasi/<str:code>/lampiran/<int:pk>/", views.staff_attachment_view, name="staff_attachment"),
    path("staf/aspirasi/<str:code>/aksi/<str:action>/", views.staff_action_view, name="staff_action"),
]
