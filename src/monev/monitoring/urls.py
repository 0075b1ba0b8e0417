from django.urls import path

from monev.monitoring import views, views_followup

app_name = "monitoring"

urlpatterns = [
    path("templat/", views.checklist_list, name="checklist_list"),
    path("templat/baru/", views.checklist_edit, name="checklist_create"),
    path("templat/<int:pk>/", views.checklist_edit, name="checklist_edit"),
    path("siklus/<int:pk>/rencana/", views.plan, name="plan"),
    path("siklus/<int:pk>/jadwal.pdf", views.jadwal_pdf, name="jadwal_pdf"),
    path("siklus/<int:pk>/", views.visits, name="visits"),
    path("siklus/<int:pk>/kompilasi/", views_followup.compilation, name="compilation"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("<int:pk>/", views.visit, name="visit"),
    path("<int:pk>/hapus/", views.visit_delete, name="visit_delete"),
    path("<int:pk>/indikator/<int:line>/", views.indicator_save, name="indicator_save"),
    path("<int:pk>/jawaban/", views.answers_save, name="answers_save"),
    path("<int:pk>/sinkron/", views.visit_sync, name="visit_sync"),
    path("<int:pk>/temuan/", views.finding_add, name="finding_add"),
    path("temuan/<int:pk>/hapus/", views.finding_delete, name="finding_delete"),
    path("<int:pk>/rekomendasi/", views.recommendation_add, name="recommendation_add"),
    path("rekomendasi/<int:pk>/hapus/", views.recommendation_delete, name="recommendation_delete"),
    path("<int:pk>/foto/", views.photo_add, name="photo_add"),
    path("foto/<int:pk>/", views.photo_download, name="photo_download"),
    path("<int:pk>/ajukan/", views.visit_submit, name="visit_submit"),
    path("<int:pk>/tanggapan/", views.visit_answer, name="visit_answer"),
    path("<int:pk>/kembalikan/", views.visit_reopen, name="visit_reopen"),
    path("<int:pk>/berita-acara.pdf", views.berita_acara, name="berita_acara"),
    path("koreksi/<int:pk>/", views_followup.correction_decide, name="correction_decide"),
    path("rekomendasi/", views_followup.register, name="register"),
    path("rekomendasi/xlsx/", views_followup.register_xlsx, name="register_xlsx"),
    path("rekomendasi/<int:pk>/", views_followup.recommendation_detail, name="recommendation"),
    path(
        "rekomendasi/<int:pk>/tindak-lanjut/",
        views_followup.follow_up_report,
        name="follow_up_report",
    ),
    path(
        "tindak-lanjut/<int:pk>/verifikasi/",
        views_followup.follow_up_verify,
        name="follow_up_verify",
    ),
    path(
        "tindak-lanjut/<int:pk>/bukti/",
        views_followup.follow_up_evidence,
        name="follow_up_evidence",
    ),
]
