from django.urls import path

from monev.archive import views

app_name = "archive"

urlpatterns = [
    path("", views.archive_list, name="list"),
    path("siklus/<int:cycle_id>/", views.cycle_page, name="cycle"),
    path("siklus/<int:cycle_id>/arsipkan/", views.cycle_archive, name="archive"),
    path("<str:code>/", views.entry_detail, name="entry"),
    path("<str:code>/periksa/", views.entry_check, name="check"),
    path("<str:code>/unduh/", views.download, name="download"),
]
