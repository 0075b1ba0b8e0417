from django.urls import path

from monev.reports import signing_views, views

app_name = "reports"

urlpatterns = [
    path("<int:cycle_id>/", views.report_page, name="report"),
    path("<int:cycle_id>/buat/", views.generate, name="generate"),
    path("<int:cycle_id>/status/", views.job_status, name="status"),
    path("<int:cycle_id>/bagian/<slug:key>/", views.section_edit, name="section"),
    path("versi/<int:version_id>/<str:kind>/", views.download, name="download"),
    path("<int:cycle_id>/tindakan/<slug:action>/", views.act, name="act"),
    path("<int:cycle_id>/utas/", views.thread_new, name="thread_new"),
    path("utas/<int:thread_id>/balas/", views.thread_reply, name="thread_reply"),
    path("utas/<int:thread_id>/<slug:action>/", views.thread_status, name="thread_status"),
    path("<int:cycle_id>/notulen/", views.meeting_new, name="meeting"),
    path("<int:cycle_id>/unggah/", views.upload, name="upload"),
    path("<int:cycle_id>/dokumen-akhir/", views.final, name="final"),
    path("<int:cycle_id>/banding/", views.compare, name="compare"),
    path("<int:cycle_id>/sahkan/", views.ratify_confirm, name="ratify_confirm"),
    path("<int:cycle_id>/tanda-tangan/", signing_views.sign, name="sign"),
    path("<int:cycle_id>/tte/", signing_views.tte, name="tte"),
    path(
        "tanda-tangan/<int:signature_id>/unduh/",
        signing_views.signed_download,
        name="signed_download",
    ),
]
