"""``/verifikasi/<token>/``: the page a certificate's QR code opens."""

from django.urls import path

from jembatan.literacy import views

app_name = "literacy_verify"
urlpatterns = [path("<str:token>/", views.verify_view, name="verify")]
