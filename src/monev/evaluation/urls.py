from django.urls import path

from monev.evaluation.views import analysis, annual, consolidated, dashboard, e81, processing

app_name = "evaluation"

urlpatterns = [
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("siklus/<int:pk>/olah-data/", processing.processing, name="processing"),
    path("siklus/<int:pk>/olah-data/jelaskan/", processing.resolve, name="resolve"),
    path(
        "siklus/<int:pk>/olah-data/jelaskan-banyak/", processing.resolve_many, name="resolve_many"
    ),
    path("siklus/<int:pk>/olah-data/rekap.xlsx", processing.rekap_xlsx, name="rekap_xlsx"),
    path("siklus/<int:pk>/olah-data/rekap.pdf", processing.rekap_pdf, name="rekap_pdf"),
    path("siklus/<int:pk>/analisis/", analysis.analysis, name="analysis"),
    path("tahunan/<int:pk>/rekap/", annual.annual_recap, name="annual_recap"),
    path("tahunan/<int:pk>/analisis/", annual.annual_analysis, name="annual_analysis"),
    path("e81/", e81.e81_table, name="e81"),
    path("e81/xlsx/", e81.e81_xlsx, name="e81_xlsx"),
    path("kabupaten/", consolidated.consolidated_page, name="consolidated"),
    path("kabupaten/xlsx/", consolidated.consolidated_xlsx, name="consolidated_xlsx"),
    path("kabupaten/instansi/<int:pk>/e81/", consolidated.agency_e81, name="agency_e81"),
    path(
        "kabupaten/instansi/<int:pk>/e81/xlsx/",
        consolidated.agency_e81_xlsx,
        name="agency_e81_xlsx",
    ),
]
