from django.contrib.auth import views as auth_views
from django.urls import path

from monev.accounts import views, views_profile, views_security

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views_profile.profile, name="profile"),
    path("kata-sandi/", views.password_change, name="password_change"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/tambah/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/ubah/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/kata-sandi/", views.user_set_password, name="user_set_password"),
    path("token/", views_security.tokens, name="tokens"),
    path("token/<str:key>/cabut/", views_security.token_revoke, name="token_revoke"),
    path("dua-langkah/", views_security.two_factor_setup, name="two_factor_setup"),
    path("dua-langkah/verifikasi/", views_security.two_factor_verify, name="two_factor_verify"),
    path(
        "pengguna/<int:pk>/dua-langkah/atur-ulang/",
        views_security.two_factor_reset,
        name="two_factor_reset",
    ),
]
