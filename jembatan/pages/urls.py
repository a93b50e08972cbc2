from django.urls import path

from jembatan.pages import views
from jembatan.pages.models import PageSlug

app_name = "pages"
urlpatterns = [
    path("staf/halaman/", views.staff_list_view, name="staff_list"),
    path("staf/halaman/<slug:slug>/", views.staff_edit_view, name="staff_edit"),
    # One path per page, never a catch-all: these are mounted at the root beside every other capability.
    *(path(f"{slug}/", views.page_view, {"slug": slug}, name=slug) for slug in PageSlug.values),
]
