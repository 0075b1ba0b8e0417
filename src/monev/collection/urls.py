from django.urls import path

from monev.collection import views, views_correction, views_xlsx

app_name = "collection"

urlpatterns = [
    path("siklus/<int:pk>/", views.board, name="board"),
    path("siklus/<int:pk>/pratinjau/<int:unit>/", views.preview, name="preview"),
    path("laporan/<int:pk>/", views.form, name="form"),
    path("laporan/<int:pk>/xlsx/", views_xlsx.form_xlsx, name="form_xlsx"),
    path("laporan/<int:pk>/unggah/", views_xlsx.form_upload, name="form_upload"),
    path(
        "laporan/<int:pk>/unggah/terapkan/",
        views_xlsx.form_upload_apply,
        name="form_upload_apply",
    ),
    path("laporan/<int:pk>/ajukan/", views.submit, name="submit"),
    path("laporan/<int:pk>/periksa/", views.review, name="review"),
    path("laporan/<int:pk>/ingatkan/", views.remind, name="remind"),
    path("realisasi/<int:pk>/koreksi/", views.correct, name="correct"),
    path(
        "siklus/<int:pk>/koreksi/<int:indicator>/",
        views_correction.correction,
        name="correction",
    ),
    path("laporan/<int:pk>/bukti/", views.evidence_upload, name="evidence_upload"),
    path("bukti/<int:pk>/", views.evidence_download, name="evidence_download"),
]
