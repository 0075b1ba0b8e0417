from django.urls import path

from monev.organization import views

app_name = "organization"

urlpatterns = [
    path("instansi/", views.agency_edit, name="agency"),
    path("instansi/pengaturan/", views.settings_edit, name="settings"),
    path("instansi/logo/", views.agency_logo, name="agency_logo"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/tambah/", views.unit_create, name="unit_create"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/hapus/", views.unit_delete, name="unit_delete"),
    path("pejabat/", views.official_list, name="official_list"),
    path("pejabat/tambah/", views.official_create, name="official_create"),
    path("pejabat/<int:pk>/ubah/", views.official_edit, name="official_edit"),
    path("pejabat/<int:pk>/hapus/", views.official_delete, name="official_delete"),
]
