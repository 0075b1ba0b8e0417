from django.urls import path

from monev.monitoring.views import answer, blangko, checklists, followup, offline, plan

app_name = "monitoring"

urlpatterns = [
    path("templat/", checklists.checklist_list, name="checklist_list"),
    path("templat/baru/", checklists.checklist_edit, name="checklist_create"),
    path("templat/<int:pk>/", checklists.checklist_edit, name="checklist_edit"),
    path("siklus/<int:pk>/rencana/", plan.plan, name="plan"),
    path("siklus/<int:pk>/jadwal.pdf", plan.jadwal_pdf, name="jadwal_pdf"),
    path("siklus/<int:pk>/", blangko.visits, name="visits"),
    path("siklus/<int:pk>/kompilasi/", followup.compilation, name="compilation"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("<int:pk>/", blangko.visit, name="visit"),
    path("<int:pk>/hapus/", plan.visit_delete, name="visit_delete"),
    path("<int:pk>/indikator/<int:line>/", blangko.indicator_save, name="indicator_save"),
    path("<int:pk>/jawaban/", blangko.answers_save, name="answers_save"),
    path("<int:pk>/sinkron/", offline.visit_sync, name="visit_sync"),
    path("<int:pk>/temuan/", blangko.finding_add, name="finding_add"),
    path("temuan/<int:pk>/hapus/", blangko.finding_delete, name="finding_delete"),
    path("<int:pk>/rekomendasi/", blangko.recommendation_add, name="recommendation_add"),
    path(
        "rekomendasi/<int:pk>/hapus/", blangko.recommendation_delete, name="recommendation_delete"
    ),
    path("<int:pk>/foto/", blangko.photo_add, name="photo_add"),
    path("foto/<int:pk>/", blangko.photo_download, name="photo_download"),
    path("<int:pk>/ajukan/", answer.visit_submit, name="visit_submit"),
    path("<int:pk>/tanggapan/", answer.visit_answer, name="visit_answer"),
    path("<int:pk>/kembalikan/", answer.visit_reopen, name="visit_reopen"),
    path("<int:pk>/berita-acara.pdf", answer.berita_acara, name="berita_acara"),
    path("koreksi/<int:pk>/", followup.correction_decide, name="correction_decide"),
    path("rekomendasi/", followup.register, name="register"),
    path("rekomendasi/xlsx/", followup.register_xlsx, name="register_xlsx"),
    path("rekomendasi/<int:pk>/", followup.recommendation_detail, name="recommendation"),
    path(
        "rekomendasi/<int:pk>/tindak-lanjut/",
        followup.follow_up_report,
        name="follow_up_report",
    ),
    path(
        "tindak-lanjut/<int:pk>/verifikasi/",
        followup.follow_up_verify,
        name="follow_up_verify",
    ),
    path(
        "tindak-lanjut/<int:pk>/bukti/",
        followup.follow_up_evidence,
        name="follow_up_evidence",
    ),
]
