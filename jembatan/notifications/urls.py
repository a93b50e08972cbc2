from django.urls import path

from jembatan.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.message_detail, name="message"),
    path("<int:pk>/kirim-ulang/", views.message_retry, name="retry"),
    path("<int:pk>/batalkan/", views.message_cancel, name="cancel"),
    path("siaran/", views.broadcast_list, name="broadcasts"),
    path("siaran/baru/", views.broadcast_new, name="broadcast_new"),
    path("siaran/<int:pk>/", views.broadcast_detail, name="broadcast"),
    path("siaran/<int:pk>/<str:action>/", views.broadcast_action, name="broadcast_action"),
    path("templat/", views.template_list, name="templates"),
    path("templat/<str:key>/<str:channel>/<str:language>/", views.template_edit, name="template"),
]
