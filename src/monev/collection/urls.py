from django.urls import path

from monev.collection.views import actions, board, correction, evidence, form, workbook

app_name = "collection"

urlpatterns = [
    path("siklus/<int:pk>/", board.board, name="board"),
    path("siklus/<int:pk>/pratinjau/<int:unit>/", board.preview, name="preview"),
    path("laporan/<int:pk>/", form.form, name="form"),
    path("laporan/<int:pk>/xlsx/", workbook.form_xlsx, name="form_xlsx"),
    path("laporan/<int:pk>/unggah/", workbook.form_upload, name="form_upload"),
    path(
        "laporan/<int:pk>/unggah/terapkan/",
        workbook.form_upload_apply,
        name="form_upload_apply",
    ),
    path("laporan/<int:pk>/ajukan/", actions.submit, name="submit"),
    path("laporan/<int:pk>/periksa/", actions.review, name="review"),
    path("laporan/<int:pk>/ingatkan/", actions.remind, name="remind"),
    path("realisasi/<int:pk>/koreksi/", actions.correct, name="correct"),
    path(
        "siklus/<int:pk>/koreksi/<int:indicator>/",
        correction.correction,
        name="correction",
    ),
    path("laporan/<int:pk>/bukti/", evidence.evidence_upload, name="evidence_upload"),
    path("bukti/<int:pk>/", evidence.evidence_download, name="evidence_download"),
]
