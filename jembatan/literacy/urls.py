from django.urls import path

from jembatan.literacy import views

app_name = "literacy"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("kalender.ics", views.calendar_view, name="calendar"),
    path("pendaftaran/<str:token>/", views.registration_view, name="registration"),
    path("pendaftaran/<str:token>/sertifikat.pdf", views.certificate_view, name="certificate"),
    path("<slug:slug>/", views.event_view, name="event"),
    path("<slug:slug>/daftar/", views.register_view, name="register"),
    path("<slug:slug>.ics", views.event_ics_view, name="event_ics"),
]
