from django.urls import path

from jembatan.information import views

app_name = "information"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("dokumen/<int:pk>/", views.document_view, name="document"),
    path("minta/", views.request_view, name="request"),
    path("minta/terkirim/", views.submitted_view, name="submitted"),
    path("minta/terkirim/bukti.pdf", views.receipt_view, name="receipt"),
    path("permohonan/", views.register_view, name="register"),
    path("permohonan/<str:number>/", views.register_entry_view, name="register_entry"),
    path("permohonan/<str:number>/<str:secret>/", views.private_view, name="private"),
    path(
        "permohonan/<str:number>/<str:secret>/dokumen/<int:pk>/", views.private_document_view, name="private_document"
    ),
    path("permohonan/<str:number>/<str:secret>/surat/<str:kind>.pdf", views.private_letter_view, name="private_letter"),
]
