from django.urls import path

from monev.sop import views

app_name = "sop"

urlpatterns = [
    path("siklus/", views.cycle_list, name="cycle_list"),
    path("siklus/buka/", views.cycle_open, name="cycle_open"),
    path("siklus/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("siklus/<int:pk>/disposisi.pdf", views.cycle_disposition_pdf, name="cycle_disposition"),
    path("langkah/<int:pk>/lampirkan/", views.run_upload, name="run_upload"),
    path("langkah/<int:pk>/selesai/", views.run_complete, name="run_complete"),
    path("langkah/<int:pk>/setujui/", views.run_approve, name="run_approve"),
    path("langkah/<int:pk>/kembalikan/", views.run_return, name="run_return"),
    path(
        "langkah/<int:pk>/tolak-persetujuan/",
        views.run_return_approval,
        name="run_return_approval",
    ),
    path("dokumen/<int:pk>/", views.document_download, name="document_download"),
    path("sop/", views.definition_list, name="definition_list"),
    path("sop/<int:pk>/", views.definition_detail, name="definition_detail"),
    path("sop/<int:pk>/pdf/", views.definition_pdf, name="definition_pdf"),
    path("sop/<int:pk>/ubah/", views.definition_edit, name="definition_edit"),
    path("kalender/", views.calendar_edit, name="calendar"),
    path("kalender/libur/<int:pk>/hapus/", views.day_off_delete, name="day_off_delete"),
    path("kepatuhan/", views.compliance, name="compliance"),
    path("notifikasi/", views.notification_list, name="notification_list"),
    path("notifikasi/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifikasi/baca-semua/", views.notification_read_all, name="notification_read_all"),
]
