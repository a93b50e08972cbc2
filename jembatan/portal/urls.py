"""The portal's pages. They keep the ``core`` URL namespace they had before the portal existed."""

from django.urls import path

from jembatan.portal import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("hitung-tenggat/", views.deadline_calculator_view, name="deadline_calculator"),
    path("readyz", views.readyz, name="readyz"),
    path("bahasa/<str:code>/", views.set_language, name="set_language"),
    path("staf/audit/", views.audit_view, name="audit"),
    path("staf/kalender/", views.calendar_view, name="calendar"),
]
