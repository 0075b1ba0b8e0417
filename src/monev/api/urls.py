from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from monev.api import views
from monev.reports import api as reports_api

app_name = "api"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("sop/definitions/", views.SopDefinitionListView.as_view(), name="sop_definitions"),
    path("sop/compliance/", views.ComplianceView.as_view(), name="sop_compliance"),
    path("cycles/", views.CycleListView.as_view(), name="cycles"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicators"),
    path("targets/", views.TargetListView.as_view(), name="targets"),
    path("plan/", views.PlanNodeListView.as_view(), name="plan"),
    path("realizations/", views.RealizationListView.as_view(), name="realizations"),
    path("results/", views.ResultListView.as_view(), name="results"),
    path("results/units/", views.UnitResultsView.as_view(), name="results_units"),
    path("reports/", reports_api.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports_api.ReportDetailView.as_view(), name="report_detail"),
    path(
        "reports/versions/<int:pk>/<str:kind>/",
        reports_api.ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
