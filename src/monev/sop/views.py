"""Pages of the SOP engine: cycles and their timeline, step actions, the SOP itself, the
working calendar, compliance, and notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest, require_role, role_required
from monev.core.forms import apply_errors
from monev.organization.selectors import agency_of
from monev.sop import handlers, selectors, services
from monev.sop.forms import (
    CalendarForm,
    CycleOpenForm,
    DayOffForm,
    DefinitionForm,
    DocumentForm,
    ReturnForm,
    StepFormSet,
    StepNoteForm,
)
from monev.sop.models import Notification, StepDocument, WorkCalendarSetting

admin_only = role_required(Role.ADMINISTRATOR)


# --- Cycles -----------------------------------------------------------------------------------


@login_required
def cycle_list(request: AuthedRequest) -> HttpResponse:
    """All cycles of the agency with their current step and lateness."""
    agency = agency_of(request.user)
    calendar = selectors.work_calendar(agency)
    rows = []
    for cycle in selectors.cycles_visible_to(request.user):
        run = selectors.current_run(cycle)
        runs = list(cycle.runs.all())
        late_runs = sum(1 for r in runs if r.completed_at and r.completed_at > r.due_at)
        rows.append(
            {
                "cycle": cycle,
                "run": run,
                "timing": selectors.run_timing(calendar, run) if run else None,
                "late_runs": late_runs,
                "done_steps": len({r.number for r in runs if r.status == "selesai"}),
                "total_steps": len(cycle.definition.steps.all()),
            }
        )
    return render(
        request,
        "sop/cycle_list.html",
        {
            "rows": rows,
            "calendar": calendar,
            "can_open": request.user.has_role(Role.SEKRETARIS),
        },
    )


@role_required(Role.SEKRETARIS)
def cycle_open(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    today = timezone.localdate()
    current = (today.month - 1) // 3 + 1  # offer the last quarter that has ended
    initial = (
        {"year": today.year - 1, "quarter": 4}
        if current == 1
        else {
            "year": today.year,
            "quarter": current - 1,
        }
    )
    form = CycleOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(
                actor=request.user,
                agency=agency,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"],
                disposition=form.cleaned_data["disposition"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Siklus monev dibuka. Langkah 1 menunggu Kasubag Program."))
            return redirect("sop:cycle_detail", pk=cycle.pk)
    return render(
        request,
        "sop/cycle_open.html",
        {"form": form, "title": _("Buka siklus monev")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The cycle's timeline: every step, standard vs actual, and the actions of its holder."""
    cycle = selectors.cycle_for(request.user, pk)
    calendar = selectors.work_calendar(cycle.agency)
    runs = list(cycle.runs.all())
    documents: dict[int, list[StepDocument]] = {}
    for document in StepDocument.objects.filter(run__cycle=cycle).select_related("uploaded_by"):
        documents.setdefault(document.run_id, []).append(document)
    steps = []
    for step in cycle.definition.steps.all():
        step_runs = [r for r in runs if r.number == step.number]
        steps.append(
            {
                "step": step,
                "standard": selectors.minutes_label(
                    calendar, selectors.standard_minutes(calendar, step)
                ),
                "runs": [
                    {
                        "run": r,
                        "timing": selectors.run_timing(calendar, r),
                        "used": selectors.minutes_label(
                            calendar, selectors.run_timing(calendar, r).used_minutes
                        ),
                        "documents": documents.get(r.pk, []),
                    }
                    for r in step_runs
                ],
                "handler": handlers.for_step(step),
            }
        )
    current = selectors.current_run(cycle)
    can_act = current is not None and request.user.has_role(current.holder_role)
    transitions = cycle.transitions.select_related("actor").order_by("at", "id")
    return render(
        request,
        "sop/cycle_detail.html",
        {
            "cycle": cycle,
            "steps": steps,
            "current": current,
            "current_timing": selectors.run_timing(calendar, current) if current else None,
            "current_late": (
                selectors.minutes_label(
                    calendar, selectors.run_timing(calendar, current).late_minutes
                )
                if current
                else ""
            ),
            "can_act": can_act,
            "holders": selectors.holders_of(current) if current else [],
            "document_form": DocumentForm(),
            "note_form": StepNoteForm(),
            "return_form": ReturnForm(),
            "transitions": transitions,
            "handler": handlers.for_run(current) if current else None,
            "handler_url": _handler_url(current),
        },
    )


def _handler_url(run: Any) -> str:
    handler = handlers.for_run(run) if run is not None else None
    return handler.url(run) if handler is not None and handler.url is not None else ""


def _run_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    require_role(request.user, run.holder_role)
    target = reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"
    try:
        if action == "upload":
            form = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Pilih berkas dokumen output yang akan dilampirkan."))
            services.document_attach(actor=request.user, run=run, upload=form.cleaned_data["file"])
            messages.success(request, _("Dokumen output dilampirkan."))
        elif action == "complete":
            run = services.step_complete(
                actor=request.user,
                run=run,
                note=request.POST.get("note", ""),
                override_reason=request.POST.get("override_reason", ""),
            )
            if run.status == "selesai":
                messages.success(request, _("Langkah %(n)s selesai.") % {"n": run.number})
            else:
                messages.success(
                    request, _("Langkah %(n)s diajukan untuk persetujuan.") % {"n": run.number}
                )
        elif action == "approve":
            services.step_approve(actor=request.user, run=run, note=request.POST.get("note", ""))
            messages.success(request, _("Langkah %(n)s disetujui.") % {"n": run.number})
        elif action == "return":
            back = services.step_return(
                actor=request.user, run=run, note=request.POST.get("note", "")
            )
            messages.warning(
                request, _("Dikembalikan ke langkah %(n)s untuk diperbaiki.") % {"n": back.number}
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(target)


@login_required
@require_POST
def run_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, "upload")


@login_required
@require_POST
def run_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, "complete")


@login_required
@require_POST
def run_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, "approve")


@login_required
@require_POST
def run_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, "return")


@login_required
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


# --- SOP definitions --------------------------------------------------------------------------


@login_required
def definition_list(request: AuthedRequest) -> HttpResponse:
    definitions = selectors.definitions_visible_to(request.user)
    return render(request, "sop/definition_list.html", {"definitions": definitions})


@login_required
def definition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    calendar = selectors.work_calendar(definition.agency)
    return render(
        request,
        "sop/definition_detail.html",
        {
            "definition": definition,
            "data": selectors.definition_as_dict(definition),
            "calendar": calendar,
            "is_admin": request.user.has_role(Role.ADMINISTRATOR),
        },
    )


@login_required
def definition_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from monev.sop.document import sop_document_from_dict
    from monev.sop.pdf import render_sop_pdf

    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    pdf = render_sop_pdf(sop_document_from_dict(selectors.definition_as_dict(definition)))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"SOP-monev-v{definition.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _steps_initial(definition: Any) -> list[dict[str, Any]]:
    return [
        {
            "number": s.number,
            "key": s.key,
            "description": s.description,
            "actor": s.actor,
            "approver": s.approver,
            "lanes": s.lanes,
            "symbol": s.symbol,
            "no_goto": s.no_goto,
            "inputs": s.inputs,
            "time_value": s.time_value,
            "time_unit": s.time_unit,
            "output": s.output,
            "notes": s.notes,
        }
        for s in definition.steps.all()
    ]


@admin_only
def definition_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Edit an SOP; saving makes a new version (running cycles keep theirs)."""
    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    form = DefinitionForm(request.POST or None, instance=definition, prefix="sop")
    formset = StepFormSet(request.POST or None, initial=_steps_initial(definition), prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        steps = [
            {**f.cleaned_data, "lanes": f.cleaned_data.get("lanes") or [f.cleaned_data["actor"]]}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        data = {**selectors.definition_as_dict(definition), **_identity(form.cleaned_data)}
        data["steps"] = sorted(steps, key=lambda s: s["number"])
        try:
            with transaction.atomic():
                new = services.definition_new_version(
                    actor=request.user,
                    definition=definition,
                    data=data,
                    note=form.cleaned_data["change_note"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("SOP disimpan sebagai versi %(v)s.") % {"v": new.version})
            return redirect("sop:definition_detail", pk=new.pk)
    return render(
        request,
        "sop/definition_form.html",
        {"definition": definition, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def _identity(data: dict[str, Any]) -> dict[str, Any]:
    def split(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    return {
        "name": data["name"],
        "created_on": data.get("created_on"),
        "revised_on": data.get("revised_on"),
        "effective_on": data.get("effective_on"),
        "ratified_by": {
            "jabatan": data["ratified_by_position"],
            "nama": data.get("ratified_by_name", ""),
            "pangkat": data.get("ratified_by_pangkat", ""),
            "golongan": data.get("ratified_by_golongan", ""),
            "nip": data.get("ratified_by_nip", ""),
        },
        **{
            key: split(data.get(key, ""))
            for key in (
                "legal_basis",
                "related_sops",
                "warnings",
                "qualifications",
                "equipment",
                "records",
            )
        },
    }


# --- Working calendar -------------------------------------------------------------------------


@admin_only
def calendar_edit(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    setting = WorkCalendarSetting.objects.filter(agency=agency).first() or WorkCalendarSetting(
        agency=agency,
        workdays=selectors.DEFAULT_WORKDAYS,
        day_start=selectors.DEFAULT_DAY_START,
        day_end=selectors.DEFAULT_DAY_END,
    )
    year = int(request.GET.get("tahun") or timezone.localdate().year)
    form = CalendarForm(request.POST or None, instance=setting, prefix="cal")
    day_form = DayOffForm(prefix="day")
    if request.method == "POST" and "cal-day_start" in request.POST and form.is_valid():
        services.calendar_update(actor=request.user, agency=agency, **form.cleaned_data)
        messages.success(request, _("Kalender kerja disimpan."))
        return redirect(reverse("sop:calendar") + f"?tahun={year}")
    if request.method == "POST" and "day-date" in request.POST:
        day_form = DayOffForm(request.POST, prefix="day")
        if day_form.is_valid():
            try:
                services.day_off_add(actor=request.user, agency=agency, **day_form.cleaned_data)
            except ValidationError as error:
                apply_errors(day_form, error)
            else:
                messages.success(request, _("Hari libur ditambahkan."))
                return redirect(reverse("sop:calendar") + f"?tahun={year}")
    return render(
        request,
        "sop/calendar.html",
        {
            "form": form,
            "day_form": day_form,
            "year": year,
            "days": selectors.days_off_for_year(agency, year),
            "suggestions": services.cuti_bersama_suggestions(agency, year),
        },
        status=400 if request.method == "POST" else 200,
    )


@admin_only
@require_POST
def day_off_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    day = get_object_or_404(selectors.days_off_visible_to(request.user), pk=pk)
    year = day.date.year
    services.day_off_delete(actor=request.user, day=day)
    messages.success(request, _("Hari libur dihapus."))
    return redirect(reverse("sop:calendar") + f"?tahun={year}")


# --- Compliance and notifications -------------------------------------------------------------


@login_required
def compliance(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    calendar = selectors.work_calendar(agency)
    rows = [
        {
            "row": row,
            "median": (
                selectors.minutes_label(calendar, int(row.median_minutes))
                if row.median_minutes is not None
                else None
            ),
        }
        for row in selectors.compliance(agency)
    ]
    return render(request, "sop/compliance.html", {"rows": rows})


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)[:100]
    return render(request, "sop/notification_list.html", {"notifications": notifications})


@login_required
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.filter(user=request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "sop:notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("sop:notification_list")


@login_required
def cycle_disposition_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The cycle's Lembar Disposisi (PDF), generated from the Sekretaris' disposition."""
    from monev.sop.disposition import render_disposition_pdf

    cycle = selectors.cycle_for(request.user, pk)
    response = HttpResponse(render_disposition_pdf(cycle), content_type="application/pdf")
    name = f"lembar-disposisi-{cycle.year}-tw{cycle.quarter}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
