"""The archive pages (SOP step 13): the cycle's step page (archive the ratified report), the
searchable archive, an entry's metadata with download and integrity check, and the public
verification page (no sign-in, rate-limited)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.archive import selectors, services
from monev.archive.models import ArchiveEntry
from monev.core import files, params, ratelimit
from monev.core.access import AuthedRequest
from monev.reports import selectors as report_selectors
from monev.signing import selectors as signing_selectors
from monev.signing import validate

#: The value of the list's period filter (`triwulan`) that lists the documents of a year.
YEARLY = "tahunan"
VERIFY_RULE = ratelimit.Rule("archive-verify", settings.MONEV_VERIFY_PER_MINUTE, 60)


@login_required
def archive_list(request: AuthedRequest) -> HttpResponse:
    year = params.year_param(request.GET, "tahun")
    # The period filter: a quarter (1–4), or «tahunan» for the documents of a year (the LKjIP).
    quarter, yearly = params.period_param(request.GET, "triwulan", yearly=YEARLY)
    text = request.GET.get("q", "")[:200]
    entries = selectors.search(request.user, year=year, quarter=quarter, yearly=yearly, text=text)
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "archive/list.html",
        {"page_obj": page, "entries": page.object_list, "years": selectors.years_of(request.user),
         "year": year, "quarter": quarter, "yearly": yearly, "q": text},
    )  # fmt: skip


def _detail(request: AuthedRequest, entry: ArchiveEntry, **extra: Any) -> HttpResponse:
    return render(
        request,
        "archive/detail.html",
        {"entry": entry, "verify_url": services.verify_url(entry.code), **extra},
    )


@login_required
def entry_detail(request: AuthedRequest, code: str) -> HttpResponse:
    return _detail(request, selectors.entry_for(request.user, code))


@login_required
@require_POST
def entry_check(request: AuthedRequest, code: str) -> HttpResponse:
    """Periksa keutuhan: recompute the stored file's SHA-256 and show intact or changed."""
    entry = selectors.entry_for(request.user, code)
    return _detail(request, entry, check=services.entry_check(entry))


@login_required
def download(request: AuthedRequest, code: str) -> HttpResponseBase:
    """The sealed PDF/A, served only while it matches the SHA-256 recorded when it was sealed
    (a changed file is refused with a message; «Periksa keutuhan» says the same)."""
    entry = selectors.entry_for(request.user, code)
    return files.download(request, **selectors.entry_file(entry))


def _cycle_context(request: AuthedRequest, cycle_id: int) -> dict[str, Any]:
    cycle = report_selectors.cycle_for(request.user, cycle_id)  # 404 outside the agency
    report = report_selectors.report_of(cycle)
    return {
        "cycle": cycle,
        "report": report,
        "entry": selectors.entry_of_cycle(cycle),
        "ratification": selectors.ratified(report) if report else None,
        "may_archive": selectors.may_archive(request.user),
    }


@login_required
def cycle_page(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """The page of SOP step 13 for one cycle: archive its ratified report."""
    return render(request, "archive/cycle.html", _cycle_context(request, cycle_id))


@login_required
@require_POST
def cycle_archive(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    context = _cycle_context(request, cycle_id)  # 404 out of scope, then the role
    if not context["may_archive"]:
        raise PermissionDenied
    report = context["report"]
    try:
        if report is None:
            raise ValidationError(_("Siklus ini belum memiliki laporan."))
        entry = services.archive_report(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("archive:cycle", cycle_id=cycle_id)
    messages.success(request, _("Laporan diarsipkan dengan kode %(kode)s.") % {"kode": entry.code})
    return redirect("archive:entry", code=entry.code)


def verification(code: str, upload: Any) -> dict[str, Any]:
    """Return the verification's answer for a typed code or an uploaded PDF (the file wins).
    Genuine: the entry (the page shows only its title, nomor, who ratified it and when)."""
    code = (code or "")[:40].strip()
    asked = bool(code or upload)
    entry = None
    error = ""
    signatures: list[dict[str, Any]] = []
    altered_after = False
    if upload is not None:
        if upload.size and upload.size > settings.MONEV_DOCUMENT_MAX_MB * 2**20 * 3:
            error = _("Berkas terlalu besar untuk diperiksa.")
        else:
            entry = selectors.entry_by_file(upload)
            upload.seek(0)
            checked = signing_selectors.check(upload.read())
            signatures = [signature_view(s) for s in checked.signatures]
            altered_after = checked.changed_after
    pending = None
    if code and upload is None:
        entry = selectors.entry_by_code(code)
        pending = None if entry else selectors.awaiting_archive_by_code(code)
    return {"asked": asked, "code": code, "by_file": upload is not None, "entry": entry,
            "pending": pending, "error": error, "signatures": signatures,
            "altered_after": altered_after}  # fmt: skip


def signature_view(found: validate.Found) -> dict[str, Any]:
    """One signature as the verification page and API show it (decision 0022)."""
    return {
        "signer": found.signer,
        "role": found.reason,
        "signed_at": found.signed_at,
        "intact": found.intact,
        "trusted": found.trusted,
        "provider": "segel" if found.seal else "tte",
        "provider_label": (
            _("Segel elektronik instansi (bukan TTE tersertifikasi)") if found.seal
            else _("Tanda tangan elektronik (TTE)")
        ),
        "kind": found.kind,
    }  # fmt: skip


@ratelimit.limited(VERIFY_RULE)
def verify(request: HttpRequest) -> HttpResponse:
    """The public verification page (`/verifikasi/`): no sign-in."""
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    code = request.POST.get("kode") or request.GET.get("kode") or ""
    return render(request, "archive/verify.html", verification(code, request.FILES.get("berkas")))
