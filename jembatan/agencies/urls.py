from django.urls import path

from jembatan.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list_view, name="list"),
    path("baru/", views.agency_edit_view, name="create"),
    path("<int:pk>/", views.agency_edit_view, name="edit"),
]
