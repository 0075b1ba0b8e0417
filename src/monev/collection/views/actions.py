"""The form's actions: submit (saving what was typed first), review, remind, and the Kasubag
Program's correction of one stored value."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.collection import policies, selectors, services
from monev.collection.views.form import form_page, rows_fragment
from monev.collection.views.posted import read_field, save_posted
from monev.core.access import AuthedRequest, require_role
from monev.core.params import parse_id
from monev.core.views_helpers import show_errors
from monev.domain.submission_flow import Action


def _act(request: AuthedRequest, pk: int, action: str, success: str, **kwargs: Any) -> HttpResponse:
    """Apply a form action named by the view (`monev.domain.submission_flow.Action`)."""
    submission = selectors.submission_for(request.user, pk)
    try:
        services.submission_act(actor=request.user, submission=submission, action=action, **kwargs)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, success)
    return redirect("collection:form", pk=submission.pk)


@login_required
@require_POST
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Submit the form to the Kasubag Program. "Ajukan" sits in the format isian's form: what
    the user typed and has not saved is saved first (and named in the message); when that
    save is refused, nothing is submitted and the form shows the refusal, input kept."""
    submission = selectors.submission_for(request.user, pk)
    if "version" in request.POST and policies.may_fill_submission(request.user, submission):
        locked = selectors.is_locked(submission.cycle)
        if submission.status in services.EDITABLE and not locked:
            saved = save_posted(request, submission, refused_prefix=_("Belum diajukan:") + " ")
            if not saved.ok:
                submission.refresh_from_db()
                fragment = rows_fragment(submission, True, request.POST, saved.errors)
                return form_page(
                    request,
                    submission,
                    fragment,
                    True,
                    locked,
                    request.POST,
                    saved.errors,
                    saved.status,
                )
            if saved.changed:
                messages.info(
                    request,
                    _("Perubahan yang belum disimpan ikut disimpan sebelum diajukan: %(f)s.")
                    % {"f": ", ".join(saved.changed)},
                )
            submission.refresh_from_db()
    return _act(request, pk, Action.SUBMIT, _("Laporan diajukan ke Kasubag Program."))


@login_required
@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    if request.POST.get("decision") == "accept":
        return _act(request, pk, Action.ACCEPT, _("Laporan diterima."))
    notes = {
        number: value
        for key in request.POST
        if key.startswith("rn_")
        and (number := parse_id(key[3:])) is not None
        and (value := request.POST.get(key, "")).strip()
    }
    return _act(
        request,
        pk,
        Action.RETURN,
        _("Laporan dikembalikan ke Bidang dengan catatan."),
        note=request.POST.get("note", ""),
        indicator_notes=notes,
    )


@login_required
@require_POST
def remind(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(request.user, pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    try:
        sent = services.remind_bidang(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("collection:board", pk=submission.cycle_id)
    messages.success(
        request,
        _("Pengingat dikirim ke %(n)d pengguna %(unit)s.") % {"n": sent, "unit": submission.unit},
    )
    return redirect("collection:board", pk=submission.cycle_id)


@login_required
@require_POST
def correct(request: AuthedRequest, pk: int) -> HttpResponse:
    realization = get_object_or_404(selectors.realizations_visible_to(request.user), pk=pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    errors: dict[str, str] = {}
    value = read_field(request.POST.get("value", ""), "value", errors)
    submission = (
        selectors.submissions_visible_to(request.user)
        .filter(
            unit_id=realization.indicator.responsible_unit_id,
            cycle__year=realization.year,
            cycle__quarter=realization.quarter,
        )
        .first()
    )
    if errors:
        for message in errors.values():
            messages.error(request, message)
    else:
        try:
            services.realization_correct(
                actor=request.user,
                realization=realization,
                value=value,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Koreksi dicatat."))
    if submission is None:
        return redirect("home")
    return redirect("collection:form", pk=submission.pk)
