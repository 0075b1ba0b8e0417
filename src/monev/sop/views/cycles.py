"""Cycles: the list, opening one (Sekretaris), the timeline of its steps with the actions of
the step's holder, and its Lembar Disposisi."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest, role_required
from monev.core.forms import apply_errors
from monev.organization.selectors import agency_of
from monev.sop import handlers, policies, selectors, services
from monev.sop.choices import StepKey, TransitionAction
from monev.sop.forms import (
    CycleOpenForm,
    DocumentForm,
    ReturnForm,
    StepNoteForm,
)
from monev.sop.models import Cycle, StepDocument, StepRun


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
    """Open a cycle of one of the agency's SOPs in force (`?sop=<definition id>`, default
    the monev SOP): a quarter for a quarterly SOP, no quarter for a yearly one."""
    agency = agency_of(request.user)
    today = timezone.localdate()
    definitions = list(selectors.current_definitions(agency))
    chosen = selectors.current_definition(agency)
    wanted = request.GET.get("sop", "")
    if wanted.isascii() and wanted.isdigit():
        chosen = next((d for d in definitions if str(d.pk) == wanted), chosen)
    if chosen is None:
        chosen = definitions[0] if definitions else None
    if chosen is None:
        messages.error(request, _("Belum ada definisi SOP yang berlaku. Hubungi Administrator."))
        return redirect("sop:cycle_list")
    year, quarter = selectors.next_openable_period(agency, chosen, today)
    form = CycleOpenForm(request.POST or None, initial={"year": year, "quarter": quarter})
    first = chosen.steps.all()[0] if chosen.steps.all() else None
    if first is not None:
        form.fields["disposition"].label = _("Disposisi untuk %(holder)s") % {
            "holder": first.get_actor_display()
        }
    opens = selectors.opens_on(agency, year, quarter, today)
    if quarter is None:
        del form.fields["quarter"]  # a yearly SOP: one cycle per year, no quarter
        form.fields["disposition"].help_text = _(
            "mis. «Mohon segera disiapkan Perjanjian Kinerja tahun berjalan.»"
        )
    if opens is not None:
        from monev.domain.periods import format_date_long_id, roman

        field = "year" if quarter is None else "quarter"
        form.fields[field].help_text = _(
            "%(period)s dapat dibuka mulai %(date)s; Administrator dapat "
            "mengizinkan pembukaan lebih awal pada pengaturan kalender kerja."
        ) % {
            "period": (
                _("Siklus tahun %(y)s") % {"y": year}
                if quarter is None
                else _("Triwulan %(q)s %(y)s") % {"q": roman(quarter), "y": year}
            ),
            "date": format_date_long_id(opens),
        }
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(
                actor=request.user,
                agency=agency,
                sop=chosen,
                year=form.cleaned_data["year"],
                quarter=form.cleaned_data.get("quarter"),
                disposition=form.cleaned_data["disposition"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Siklus %(cycle)s dibuka. Langkah 1 menunggu %(holder)s.")
                % {
                    "cycle": cycle.title,
                    "holder": first.get_actor_display() if first is not None else "",
                },
            )
            return redirect("sop:cycle_detail", pk=cycle.pk)
    return render(
        request,
        "sop/cycle_open.html",
        {
            "form": form,
            "title": _("Buka siklus: %(sop)s") % {"sop": chosen.name},
            "definitions": definitions,
            "chosen": chosen,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The cycle's timeline: every step, standard vs actual, and the actions of its holder."""
    cycle = selectors.cycle_for(request.user, pk)
    return render(request, "sop/cycle_detail.html", detail_context(request, cycle))


def detail_context(
    request: AuthedRequest, cycle: Cycle, *, forms: dict[str, Any] | None = None
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


def _handler_url(run: StepRun | None) -> str:
    handler = handlers.for_run(run) if run is not None else None
    return handler.url(run) if handler is not None and handler.url is not None else ""


@login_required
def cycle_disposition_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The cycle's Lembar Disposisi (PDF), generated from the Sekretaris' disposition."""
    from monev.sop.disposition import render_disposition_pdf

    cycle = selectors.cycle_for(request.user, pk)
    response = HttpResponse(render_disposition_pdf(cycle), content_type="application/pdf")
    name = f"lembar-disposisi-{cycle.file_slug}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
