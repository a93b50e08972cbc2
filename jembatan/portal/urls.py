"""The portal's pages. They keep the ``core`` URL namespace they had before the portal existed."""

from django.urls import path

from jembatan.portal import downloads, leadership, sitemaps, views

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
    path("staf/pimpinan/", leadership.dashboard_view, name="leadership"),
    path("staf/unduhan/", downloads.downloads_view, name="downloads"),
    path("staf/unduhan/<slug:name>.<str:fmt>", downloads.download_view, name="download"),
    # Search engines (sitemaps.py)
    path("sitemap.xml", sitemaps.sitemap_index_view, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section_view, name="sitemap_section"),
    path("robots.txt", sitemaps.robots_view, name="robots"),
]
