from django.urls import path

from jembatan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("2fa/", views.two_factor_view, name="two_factor"),
    path("2fa/siapkan/", views.two_factor_setup_view, name="two_factor_setup"),
    path("konfirmasi/<str:token>/", views.confirm_email_view, name="confirm_email"),
    path("sandi/lupa/", views.password_reset_view, name="password_reset"),
    path("sandi/terkirim/", views.password_reset_sent_view, name="password_reset_sent"),
    path("sandi/atur/<uidb64>/<token>/", views.password_reset_confirm_view, name="password_reset_confirm"),
    path("sandi/selesai/", views.password_reset_done_view, name="password_reset_done"),
    path("sandi/ubah/", views.password_change_view, name="password_change"),
    path("2fa/kode-pemulihan/", views.recovery_codes_view, name="recovery_codes"),
    path("", views.account_view, name="account"),
]
staff_urlpatterns = [
    path("", views.staff_people_view, name="list"),
    path("<int:pk>/cabut/", views.staff_revoke_view, name="revoke"),
    path("<int:pk>/atur-ulang-2fa/", views.staff_two_factor_reset_view, name="two_factor_reset"),
]
