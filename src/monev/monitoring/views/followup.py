"""Pages of step 6 (compilation and decisions on proposed corrections) and of the
recommendation register with follow-ups and their verification (SPEC §11)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import AGENCY_WIDE_ROLES, Role
from monev.core import files, xlsx
from monev.core.access import AuthedRequest, require_role
from monev.core.params import id_param, parse_id, year_param
from monev.core.views_helpers import show_errors
from monev.domain.monitoring_flow import RECOMMENDATION, RecommendationAction, RecommendationState
from monev.monitoring import followups, policies, selectors, services
from monev.monitoring.choices import RecommendationStatus
from monev.monitoring.models import FollowUp, VisitIndicator
from monev.organization.selectors import agency_of, units_visible_to
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle


@login_required
def compilation(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    require_role(request.user, *AGENCY_WIDE_ROLES)
    visits = selectors.visits_of_cycle(cycle)
    run = sop_selectors.current_run(cycle)
    is_kasubag = request.user.has_role(Role.KASUBAG_PROGRAM)
    parties = policies.recommendation_parties_of(request.user, cycle)
    awaiting = [
        (
            f,
            RECOMMENDATION.allows(
                RecommendationState(f.recommendation.status),
                RecommendationAction.VERIFY_SESUAI,
                parties(f.recommendation),
            ),
        )
        for f in selectors.follow_ups_awaiting(cycle)
    ]
    return render(
        request,
        "monitoring/compilation.html",
        {
            "cycle": cycle,
            "visits": visits,
            "blockers": selectors.compilation_blockers(cycle),
            "is_kasubag": is_kasubag,
            "run": run,
            "awaiting": awaiting,
            "verdicts_siptl": RecommendationStatus.choices,
        },
    )


@login_required
@require_POST
def correction_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        VisitIndicator.objects.filter(
            visit__in=selectors.visits_visible_to(request.user)
        ).select_related("visit__cycle", "visit__unit", "indicator"),
        pk=pk,
    )
    try:
        services.correction_decide(
            actor=request.user,
            line=line,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Keputusan koreksi disimpan."))
    return redirect("monitoring:compilation", pk=line.visit.cycle_id)


def _filters(request: AuthedRequest) -> dict[str, object]:
    return {
        "unit": id_param(request.GET, "unit"),
        "status": request.GET.get("status", "")
        if request.GET.get("status", "") in RecommendationStatus.values
        else "",
        "year": year_param(request.GET, "year"),
    }


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    rows = selectors.register(request.user, **filters)  # type: ignore[arg-type]
    today = timezone.localdate()
    agency = agency_of(request.user)
    return render(
        request,
        "monitoring/register.html",
        {
            "rows": [(r, selectors.age_days(r, today)) for r in rows],
            "filters": filters,
            "statuses": RecommendationStatus.choices,
            "units": units_visible_to(request.user).filter(is_active=True),
            "today": today,
            "completion": selectors.completion_rate(agency),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def register_xlsx(request: AuthedRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = selectors.register(request.user, **_filters(request))  # type: ignore[arg-type]
    today = timezone.localdate()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rekomendasi"
    headers = [
        "No", "Bidang", "Rekomendasi", "Asal", "Tanggal", "Batas waktu", "Umur (hari)",
        "Status", "Riwayat tindak lanjut",
    ]  # fmt: skip
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, rec in enumerate(rows, 1):
        history = "\n".join(
            f"{f.cycle}: {f.text}"
            + (f" → {f.get_status_display()} ({f.verified_by})" if f.status else "")
            for f in rec.follow_ups.all()
        )
        sheet.append(
            [
                n,
                rec.unit.name,
                rec.text,
                str(rec.cycle),
                xlsx.cell_value(timezone.localtime(rec.created_at).date()),
                rec.due_date,
                selectors.age_days(rec, today),
                rec.get_status_display(),
                xlsx.cell_value(history),
            ]
        )
    for column, width in zip("ABCDEFGHI", (5, 28, 60, 26, 12, 12, 10, 26, 60), strict=True):
        sheet.column_dimensions[column].width = width
    # the one writer of every export: a recommendation typed as "=HYPERLINK(…)" stays text
    response = HttpResponse(xlsx.workbook_bytes(book), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rekomendasi-{today:%Y%m%d}.xlsx"'
    return response


def _current_cycle(recommendation: object, agency_id: int) -> Cycle | None:
    return (
        Cycle.objects.filter(agency_id=agency_id, status="berjalan", quarter__isnull=False)
        .order_by("-year", "-quarter")
        .first()
    )


@login_required
def recommendation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        selectors.with_history(selectors.recommendations_visible_to(request.user)), pk=pk
    )
    cycle = _current_cycle(item, item.agency_id)
    parties = policies.recommendation_parties(request.user, item, cycle) if cycle else frozenset()
    return render(
        request,
        "monitoring/recommendation.html",
        {
            "item": item,
            "cycle": cycle,
            "may_report": "bidang" in parties
            and item.status not in {"sesuai", "tidak_dapat_ditindaklanjuti"},
            "verifier_parties": parties,
            "statuses": RecommendationStatus.choices,
            "age": selectors.age_days(item, timezone.localdate()),
        },
    )


def _back(request: AuthedRequest, recommendation_pk: int) -> HttpResponse:
    """Back to the page the form was posted from (`next`, on this host only), else to the
    recommendation."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("monitoring:recommendation", pk=recommendation_pk)


@login_required
@require_POST
def follow_up_report(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.recommendations_visible_to(request.user), pk=pk)
    posted = parse_id(request.POST.get("cycle"))
    cycle = (
        sop_selectors.quarterly_cycle_for(request.user, posted)
        if posted is not None
        else _current_cycle(item, item.agency_id)
    )
    if cycle is None:
        messages.error(request, _("Tidak ada siklus monev yang berjalan."))
        return redirect("monitoring:recommendation", pk=item.pk)
    try:
        followups.follow_up_report(
            actor=request.user,
            recommendation=item,
            cycle=cycle,
            text=request.POST.get("text", ""),
            upload=request.FILES.get("evidence"),
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Tindak lanjut dilaporkan."))
    return _back(request, item.pk)


@login_required
@require_POST
def follow_up_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.filter(
            recommendation__in=selectors.recommendations_visible_to(request.user)
        ).select_related("recommendation", "cycle"),
        pk=pk,
    )
    try:
        followups.follow_up_verify(
            actor=request.user,
            follow_up=follow_up,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Verifikasi tindak lanjut disimpan."))
    return _back(request, follow_up.recommendation_id)


@login_required
def follow_up_evidence(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The follow-up's evidence, after its SHA-256 check, as a download with `nosniff`."""
    follow_up = get_object_or_404(
        FollowUp.objects.filter(
            recommendation__in=selectors.recommendations_visible_to(request.user)
        ).exclude(evidence=""),
        pk=pk,
    )
    return files.download(
        request,
        name=follow_up.evidence.name,
        sha256=follow_up.evidence_sha256,
        content_type="application/octet-stream",
        filename=follow_up.evidence_name,
    )
