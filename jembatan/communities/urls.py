from django.urls import path

from jembatan.communities import views

app_name = "communities"
urlpatterns = [
    path("kim/", views.directory_view, name="directory"),
    path("kim/daftar/", views.apply_view, name="apply"),
    path("kim/daftar/terkirim/", views.apply_done_view, name="apply_done"),
    path("kim/<slug:slug>/", views.profile_view, name="profile"),
    path("kim/<slug:slug>/perbaiki/", views.application_edit_view, name="application_edit"),
    path("kim/<slug:slug>/hubungi/", views.contact_view, name="contact"),
    path("cakupan/", views.coverage_view, name="coverage"),
    path("staf/kim/", views.staff_list_view, name="staff_list"),
    path("staf/kim/aturan/", views.rules_view, name="rules"),
    path("staf/kim/<slug:slug>/", views.staff_detail_view, name="staff_detail"),
    path("staf/kim/<slug:slug>/sk/", views.staff_decree_view, name="staff_decree"),
    path("staf/kim/<slug:slug>/aksi/<str:action>/", views.staff_action_view, name="staff_action"),
    path("staf/kim/<slug:slug>/pengurus/<str:what>/", views.staff_officer_view, name="staff_officer"),
    path("staf/kim/<slug:slug>/kontak/", views.public_contact_view, name="public_contact"),
    path("staf/kim/<slug:slug>/anggota/", views.members_view, name="members"),
    path("staf/kim/<slug:slug>/anggota/baru/", views.member_edit_view, name="member_create"),
    path("staf/kim/<slug:slug>/anggota/<int:pk>/", views.member_edit_view, name="member_edit"),
    path("staf/kim/<slug:slug>/anggota/<int:pk>/hapus/", views.member_remove_view, name="member_remove"),
]
