"""The report page of a cycle (SOP step 8): versions and downloads, narrative sections to
edit, and generation in the background with progress polled by htmx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.core.access import AuthedRequest
from monev.reports import sections, selectors, services


def _context(request: AuthedRequest, cycle_id: int) -> dict[str, object]:
    cycle = selectors.cycle_for(request.user, cycle_id)
    report = selectors.report_of(cycle)
    edited = services.edited_sections(report) if report else {}
    texts = sections.resolve(services.snapshot_of(report), edited) if report else []
    return {
        "cycle": cycle,
        "report": report,
        "versions": selectors.versions_of(report),
        "job": selectors.latest_job(report),
        "sections": texts,
        "may_write": selectors.may_write(request.user),
    }


@login_required
def report_page(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    return render(request, "reports/report.html", _context(request, cycle_id))


@login_required
@require_POST
def generate(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for(request.user, cycle_id)  # 404 out of scope, then the role
    if not selectors.may_write(request.user):
        raise PermissionDenied
    services.generate_request(actor=request.user, cycle=cycle)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_job.html", {**_context(request, cycle_id), "oob": True})
    return redirect("reports:report", cycle_id=cycle_id)


@login_required
def job_status(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """The progress region the page polls; a job whose worker died is swept here."""
    services.sweep_stale_jobs()
    return render(request, "reports/_job.html", {**_context(request, cycle_id), "oob": True})


@login_required
@require_POST
def section_edit(request: AuthedRequest, cycle_id: int, key: str) -> HttpResponse:
    cycle = selectors.cycle_for(request.user, cycle_id)  # 404 out of scope, then the role
    if not selectors.may_write(request.user):
        raise PermissionDenied
    report = selectors.report_of(cycle)
    if report is None:
        raise Http404
    try:
        services.section_save(
            actor=request.user, report=report, key=key, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bagian laporan disimpan. Buat versi baru untuk memakainya."))
    return redirect("reports:report", cycle_id=cycle_id)


@login_required
def download(request: AuthedRequest, version_id: int, kind: str) -> FileResponse:
    version = selectors.version_for(request.user, version_id)
    if kind not in ("pdf", "docx"):
        raise Http404
    field = version.pdf if kind == "pdf" else version.docx
    cycle = version.report.cycle
    name = f"laporan-monev-{cycle.year}-tw{cycle.quarter}-v{version.number}.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)
