from django.urls import path

from monev.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_tree, name="tree"),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikator/<int:pk>/ubah/", views.indicator_edit, name="indicator_edit"),
    path("tahap/", views.plan_stages, name="stages"),
    path("unduh/", views.plan_export, name="export"),
    path("templat/", views.plan_template, name="template"),
    path("unggah/", views.plan_import, name="import"),
    path("unggah/terapkan/", views.plan_import_apply, name="import_apply"),
]
