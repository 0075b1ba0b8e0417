from django.urls import path

from monev.api import agencies, annual, auth_views, monitoring, plan_stages, realizations, views
from monev.archive import api as archive_api
from monev.reports import api as reports_api

app_name = "api"

urlpatterns = [
    path("auth/token/", auth_views.TokenView.as_view(), name="token"),
    path("auth/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.MeView.as_view(), name="me"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("sop/definitions/", views.SopDefinitionListView.as_view(), name="sop_definitions"),
    path("sop/compliance/", views.ComplianceView.as_view(), name="sop_compliance"),
    path("cycles/", views.CycleListView.as_view(), name="cycles"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("targets/", views.TargetListView.as_view(), name="targets"),
    path("plan/", views.PlanNodeListView.as_view(), name="plan"),
    path("plan/stages/", plan_stages.PlanStageListView.as_view(), name="plan_stages"),
    path("realizations/", realizations.RealizationListView.as_view(), name="realizations"),
    path(
        "realizations/<int:indicator>/<int:year>/<int:quarter>/",
        realizations.RealizationDetailView.as_view(),
        name="realization_detail",
    ),
    path("results/", views.ResultListView.as_view(), name="results"),
    path("results/units/", views.UnitResultsView.as_view(), name="results_units"),
    path("agencies/results/", agencies.AgencyResultListView.as_view(), name="agency_results"),
    path("visits/", monitoring.VisitListView.as_view(), name="visits"),
    path(
        "visits/<int:pk>/berita-acara/",
        monitoring.VisitBeritaAcaraView.as_view(),
        name="visit_berita_acara",
    ),
    path("recommendations/", monitoring.RecommendationListView.as_view(), name="recommendations"),
    path("reports/", reports_api.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports_api.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/versions/<int:pk>/<str:kind>/",
        reports_api.ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("annual/", annual.AnnualView.as_view(), name="annual"),
    path("annual/<int:pk>/pk/<str:kind>/", annual.AnnualPkView.as_view(), name="annual_pk"),
    path(
        "annual/<int:pk>/lkjip/<str:kind>/", annual.AnnualLkjipView.as_view(), name="annual_lkjip"
    ),
    path(
        "annual/pk/versions/<int:pk>/<str:kind>/",
        annual.AnnualPkVersionView.as_view(),
        name="annual_pk_version",
    ),
    path("archive/", archive_api.ArchiveListView.as_view(), name="archive"),
    path("archive/verify/", archive_api.VerifyView.as_view(), name="archive_verify"),
    path(
        "archive/<str:code>/download/",
        archive_api.ArchiveDownloadView.as_view(),
        name="archive_download",
    ),
    path("schema/", views.SchemaView.as_view(), name="schema"),
]
