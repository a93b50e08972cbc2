from django.urls import path

from jembatan.clarifications import views

app_name = "clarifications"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("cek/", views.check_view, name="check"),
    path("<slug:slug>/", views.claim_view, name="claim"),
    path("<slug:slug>/gambar/", views.image_view, name="image"),
]
