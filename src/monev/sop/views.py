"""Pages of the SOP engine: cycles and their timeline, step actions, the SOP itself, the
working calendar, compliance, and notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.core import files
from monev.core.access import AuthedRequest, require_role, role_required
from monev.core.forms import apply_errors
from monev.core.params import year_param
from monev.domain.sop_flow import Action
from monev.organization.selectors import agency_of, logo_bytes
from monev.sop import handlers, policies, selectors, services
from monev.sop import notifications as notifications_service
from monev.sop.choices import StepKey, StepStatus, TransitionAction
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
from monev.sop.step_data import StepData, step_data

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
            "can_open": policies.may_open_cycle(request.user),
        },
    )


@role_required(Role.SEKRETARIS)
def cycle_open(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    today = timezone.localdate()
    year, quarter = selectors.next_openable_quarter(agency, today)
    form = CycleOpenForm(request.POST or None, initial={"year": year, "quarter": quarter})
    opens = selectors.opens_on(agency, year, quarter, today)
    if opens is not None:
        from monev.domain.periods import format_date_long_id, roman

        form.fields["quarter"].help_text = _(
            "Triwulan %(q)s %(y)s dapat dibuka mulai %(date)s; Administrator dapat "
            "mengizinkan pembukaan lebih awal pada pengaturan kalender kerja."
        ) % {"q": roman(quarter), "y": year, "date": format_date_long_id(opens)}
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
    return render(request, "sop/cycle_detail.html", _detail_context(request, cycle))


def _detail_context(
    request: AuthedRequest, cycle: Any, *, forms: dict[str, Any] | None = None
) -> dict[str, Any]:
    calendar = selectors.work_calendar(cycle.agency)
    runs = list(cycle.runs.all())
    documents: dict[int, list[StepDocument]] = {}
    for document in StepDocument.objects.filter(run__cycle=cycle).select_related("uploaded_by"):
        documents.setdefault(document.run_id, []).append(document)
    transitions = list(cycle.transitions.select_related("actor__official").order_by("at", "id"))
    returns: dict[int, list[Any]] = {}
    for t in transitions:
        if t.action in RETURN_ACTIONS and t.run_id is not None:
            returns.setdefault(t.run_id, []).append(t)
    steps = []
    for step in cycle.definition.steps.all():
        step_runs = [r for r in runs if r.step_id == step.pk]
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
                        "returns": returns.get(r.pk, []),
                    }
                    for r in step_runs
                ],
                "handler": handlers.for_step(step),
            }
        )
    current = selectors.current_run(cycle)
    actions = policies.run_actions(request.user, current) if current else []
    handler = handlers.for_run(current) if current else None
    forms = forms or {}
    return {
        "cycle": cycle,
        "steps": steps,
        "current": current,
        "current_timing": selectors.run_timing(calendar, current) if current else None,
        "current_late": (
            selectors.minutes_label(calendar, selectors.run_timing(calendar, current).late_minutes)
            if current
            else ""
        ),
        "can_act": bool(actions),
        "actions": actions,
        "blockers": (
            handlers.blockers(current) if current and {"complete", "submit"} & set(actions) else []
        ),
        "holders": selectors.holders_of(current) if current else [],
        "document_form": DocumentForm(),
        "note_form": forms.get("note") or StepNoteForm(),
        "approve_form": forms.get("approve") or StepNoteForm(prefix="approve"),
        "refuse_form": forms.get("refuse") or ReturnForm(prefix="refuse"),
        "return_form": forms.get("return") or ReturnForm(prefix="return"),
        "override_reason": forms.get("override_reason", ""),
        "transitions": transitions,
        "handler": handler,
        "handler_url": _handler_url(current),
        "is_ratification": bool(current and current.step.key == StepKey.PENYUSUNAN_DOKUMEN),
    }


#: Transitions that send work back, shown on the card of the run that must redo it.
RETURN_ACTIONS = frozenset({TransitionAction.RETURN, TransitionAction.RETURN_APPROVAL})


def _handler_url(run: Any) -> str:
    handler = handlers.for_run(run) if run is not None else None
    return handler.url(run) if handler is not None and handler.url is not None else ""


#: Each action's form: which form class and prefix carries its note, and the success message.
ACTION_FORMS: dict[str, tuple[str, type[Any], str | None]] = {
    Action.COMPLETE: ("note", StepNoteForm, None),
    Action.APPROVE: ("approve", StepNoteForm, "approve"),
    Action.RETURN_APPROVAL: ("refuse", ReturnForm, "refuse"),
    Action.RETURN: ("return", ReturnForm, "return"),
}


def _run_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Apply a step action named by the URL; a refusal re-renders the page with what the user
    typed and the reason (status 400)."""
    run = selectors.run_for(request.user, pk)
    target = reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"
    name, form_class, prefix = ACTION_FORMS[action]
    form = form_class(request.POST, prefix=prefix)
    form.is_valid()  # the service decides; the form only carries the typed note back
    note = request.POST.get(f"{prefix}-note" if prefix else "note", "")
    override = request.POST.get("override_reason", "")
    try:
        acted = services.step_act(
            actor=request.user, run=run, action=action, note=note, override_reason=override
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        cycle = selectors.cycle_for(request.user, run.cycle_id)
        context = _detail_context(request, cycle, forms={name: form, "override_reason": override})
        return render(request, "sop/cycle_detail.html", context, status=400)
    messages.success(request, _action_message(action, acted))
    return redirect(target)


def _action_message(action: str, run: Any) -> str:
    if action == Action.COMPLETE and run.status == StepStatus.MENUNGGU_PERSETUJUAN:
        return _("Langkah %(n)s diajukan untuk persetujuan.") % {"n": run.number}
    if action == Action.COMPLETE:
        return _("Langkah %(n)s selesai.") % {"n": run.number}
    if action == Action.APPROVE:
        return _("Langkah %(n)s disetujui.") % {"n": run.number}
    if action == Action.RETURN_APPROVAL:
        return _("Langkah %(n)s dikembalikan kepada pemegangnya dengan catatan.") % {
            "n": run.number
        }
    return _("Dikembalikan ke langkah %(n)s untuk diperbaiki.") % {"n": run.number}


@login_required
@require_POST
def run_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    require_role(request.user, run.holder_role)
    target = reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih berkas dokumen output yang akan dilampirkan."))
        services.document_attach(actor=request.user, run=run, upload=form.cleaned_data["file"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Dokumen output dilampirkan."))
    return redirect(target)


@login_required
@require_POST
def run_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.COMPLETE)


@login_required
@require_POST
def run_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.APPROVE)


@login_required
@require_POST
def run_return_approval(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.RETURN_APPROVAL)


@login_required
@require_POST
def run_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.RETURN)


@login_required
def document_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    return files.download(
        request,
        name=document.file.name,
        sha256=document.sha256,
        content_type=document.content_type,
        filename=document.original_name,
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
            "is_admin": policies.may_edit_definition(request.user),
        },
    )


@login_required
def definition_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from monev.sop.document import sop_document_from_dict
    from monev.sop.pdf import render_sop_pdf

    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    pdf = render_sop_pdf(
        sop_document_from_dict(selectors.definition_as_dict(definition)),
        logo=logo_bytes(definition.agency),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"SOP-monev-v{definition.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _steps_initial(definition: Any) -> list[StepData]:
    return [step_data(s) for s in definition.steps.all()]


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
    year = year_param(request.GET, "tahun") or timezone.localdate().year
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
            "suggestions": selectors.cuti_bersama_suggestions(agency, year),
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
    notifications_service.notification_mark_read(user=request.user, notification=notification)
    return redirect(notification.url or "sop:notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    notifications_service.notifications_mark_all_read(user=request.user)
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
