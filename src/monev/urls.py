"""The project's URLs. Every app mounts its own `urls.py` here."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from monev.accounts import views as account_views
from monev.archive import views as archive_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("monev.accounts.urls")),
    path("organisasi/", include("monev.organization.urls")),
    path("audit/", include("monev.core.urls")),
    path("monev/", include("monev.sop.urls")),
    path("rencana/", include("monev.planning.urls")),
    path("data/", include("monev.collection.urls")),
    path("hasil/", include("monev.evaluation.urls")),
    path("kunjungan/", include("monev.monitoring.urls")),
    path("laporan/", include("monev.reports.urls")),
    path("tahunan/", include("monev.annual.urls")),
    path("arsip/", include("monev.archive.urls")),
    path("tanda-tangan/", include("monev.signing.urls")),
    path("verifikasi/", archive_views.verify, name="verify"),
    path("api/v1/", include("monev.api.urls")),
    path("notifikasi/", include("monev.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "monev/favicon.svg")),
]

handler400 = "monev.core.errors.bad_request"
handler403 = "monev.core.errors.permission_denied"
handler404 = "monev.core.errors.page_not_found"
handler500 = "monev.core.errors.server_error_page"
