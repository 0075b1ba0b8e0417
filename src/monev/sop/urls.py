from django.urls import path

from monev.sop.views import cycles, definitions, notifications, steps, work_calendar

app_name = "sop"

urlpatterns = [
    path("siklus/", cycles.cycle_list, name="cycle_list"),
    path("siklus/buka/", cycles.cycle_open, name="cycle_open"),
    path("siklus/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("siklus/<int:pk>/disposisi.pdf", cycles.cycle_disposition_pdf, name="cycle_disposition"),
    path("langkah/<int:pk>/lampirkan/", steps.run_upload, name="run_upload"),
    path("langkah/<int:pk>/selesai/", steps.run_complete, name="run_complete"),
    path("langkah/<int:pk>/setujui/", steps.run_approve, name="run_approve"),
    path("langkah/<int:pk>/kembalikan/", steps.run_return, name="run_return"),
    path(
        "langkah/<int:pk>/tolak-persetujuan/",
        steps.run_return_approval,
        name="run_return_approval",
    ),
    path("dokumen/<int:pk>/", steps.document_download, name="document_download"),
    path("sop/", definitions.definition_list, name="definition_list"),
    path("sop/baru/", definitions.definition_create, name="definition_create"),
    path("sop/<int:pk>/", definitions.definition_detail, name="definition_detail"),
    path("sop/<int:pk>/pdf/", definitions.definition_pdf, name="definition_pdf"),
    path("sop/<int:pk>/ubah/", definitions.definition_edit, name="definition_edit"),
    path("kalender/", work_calendar.calendar_edit, name="calendar"),
    path("kalender/libur/<int:pk>/hapus/", work_calendar.day_off_delete, name="day_off_delete"),
    path("kepatuhan/", notifications.compliance, name="compliance"),
    path("notifikasi/", notifications.notification_list, name="notification_list"),
    path("notifikasi/<int:pk>/", notifications.notification_open, name="notification_open"),
    path(
        "notifikasi/baca-semua/", notifications.notification_read_all, name="notification_read_all"
    ),
]
