from django.urls import path

from monev.evaluation import views, views_annual, views_consolidated

app_name = "evaluation"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("siklus/<int:pk>/olah-data/", views.processing, name="processing"),
    path("siklus/<int:pk>/olah-data/jelaskan/", views.resolve, name="resolve"),
    path("siklus/<int:pk>/olah-data/jelaskan-banyak/", views.resolve_many, name="resolve_many"),
    path("siklus/<int:pk>/olah-data/rekap.xlsx", views.rekap_xlsx, name="rekap_xlsx"),
    path("siklus/<int:pk>/olah-data/rekap.pdf", views.rekap_pdf, name="rekap_pdf"),
    path("siklus/<int:pk>/analisis/", views.analysis, name="analysis"),
    path("tahunan/<int:pk>/rekap/", views_annual.annual_recap, name="annual_recap"),
    path("tahunan/<int:pk>/analisis/", views_annual.annual_analysis, name="annual_analysis"),
    path("e81/", views.e81_table, name="e81"),
    path("e81/xlsx/", views.e81_xlsx, name="e81_xlsx"),
    path("kabupaten/", views_consolidated.consolidated_page, name="consolidated"),
    path("kabupaten/xlsx/", views_consolidated.consolidated_xlsx, name="consolidated_xlsx"),
    path("kabupaten/instansi/<int:pk>/e81/", views_consolidated.agency_e81, name="agency_e81"),
    path(
        "kabupaten/instansi/<int:pk>/e81/xlsx/",
        views_consolidated.agency_e81_xlsx,
        name="agency_e81_xlsx",
    ),
]
