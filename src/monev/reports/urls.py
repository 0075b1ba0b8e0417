from django.urls import path

from monev.reports import views

app_name = "reports"

urlpatterns = [
    path("<int:cycle_id>/", views.report_page, name="report"),
    path("<int:cycle_id>/buat/", views.generate, name="generate"),
    path("<int:cycle_id>/status/", views.job_status, name="status"),
    path("<int:cycle_id>/bagian/<slug:key>/", views.section_edit, name="section"),
    path("versi/<int:version_id>/<str:kind>/", views.download, name="download"),
]
