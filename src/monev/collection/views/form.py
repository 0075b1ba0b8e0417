"""The Bidang's format isian page: the rows kept per data token on a plain read, a draft saved
on a post (`posted`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from monev.collection import policies, selectors, services
from monev.collection.models import Submission
from monev.collection.views.posted import narrative_fields, save_posted
from monev.core import store
from monev.core.access import AuthedRequest
from monev.domain.numbers import format_typed


@login_required
def form(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Bidang's format isian: realisation per indicator, budget per sub kegiatan, and the
    narratives. Saving keeps a draft; a save over a newer version is refused, input kept.

    The rows (the indicator and budget tables) are rendered once per data token of the
    agency (`store.memo`): every write to what they show — realisation, target, budget,
    evidence, correction, the form's status or version, a step of the cycle — replaces the
    token in the same transaction, so a save shows its values on the next read."""
    submission = selectors.submission_for(request.user, pk)
    may_edit = policies.may_fill_submission(request.user, submission)
    if request.method == "POST":
        locked = selectors.is_locked(submission.cycle)
    else:  # the lock (a step run) replaces the data token too: kept with the rows
        key = ("isian", submission.pk, submission.version, submission.status, may_edit)
        locked, fragment = store.memo(
            submission.cycle.agency_id,
            (*key, get_language()),
            lambda: _kept_fragment(submission, may_edit),
        )
    can_edit = may_edit and submission.status in services.EDITABLE and not locked
    errors: dict[str, str] = {}
    posted: QueryDict | None = None
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        posted = request.POST
        saved = save_posted(request, submission)
        if saved.ok:
            messages.success(request, _("Draf disimpan."))
            return redirect("collection:form", pk=submission.pk)
        errors, status = saved.errors, saved.status
        submission.refresh_from_db()
        fragment = rows_fragment(submission, can_edit, posted, errors)
    return form_page(request, submission, fragment, can_edit, locked, posted, errors, status)


def form_page(
    request: AuthedRequest,
    submission: Submission,
    fragment: dict[str, Any],
    can_edit: bool,
    locked: bool,
    posted: QueryDict | None,
    errors: dict[str, str],
    status: int,
) -> HttpResponse:
    return render(
        request,
        "collection/form.html",
        {
            "submission": submission,
            "fragment": fragment,
            "narratives": narrative_fields(submission, posted),
            "can_edit": can_edit,
            "is_kasubag": "reviewer" in policies.submission_parties(request.user, submission),
            "locked": locked,
            "errors": errors,
            "posted": posted,
            "version": int(posted.get("version", submission.version))
            if posted
            else submission.version,
        },
        status=status,
    )


def _kept_fragment(submission: Submission, may_edit: bool) -> tuple[bool, dict[str, Any]]:
    """Whether the quarter is locked, and the rows as a plain read shows them."""
    locked = selectors.is_locked(submission.cycle)
    can_edit = may_edit and submission.status in services.EDITABLE and not locked
    return locked, rows_fragment(submission, can_edit, None, {})


def rows_fragment(
    submission: Submission, can_edit: bool, posted: QueryDict | None, errors: dict[str, str]
) -> dict[str, Any]:
    """The rendered rows of the form (indicator and budget tables, the evidence picker's
    options); user-independent but for `can_edit`, so kept per data token on a plain read."""
    lines, budget_lines = selectors.form_rows(submission)
    context = {
        "rows": _rows(lines, posted, errors),
        "budget_rows": _budget_rows(budget_lines, posted, errors),
        "can_edit": can_edit,
    }
    return {
        "rows": render_to_string("collection/_form_rows.html", context),
        "options": render_to_string("collection/_form_evidence_options.html", context),
        "has_rows": bool(lines),
    }


def _rows(
    lines: list[selectors.IndicatorLine], posted: QueryDict | None, errors: dict[str, str]
) -> list[dict[str, Any]]:
    """Return one row per indicator with its field names, shown values and errors."""
    rows = []
    for line in lines:
        pk = line.indicator.pk
        stored = line.realization
        if posted is not None:
            value, no_data = posted.get(f"v_{pk}", ""), posted.get(f"nd_{pk}") == "on"
            reason, note = posted.get(f"ndr_{pk}", ""), posted.get(f"n_{pk}", "")
        else:
            value = format_typed(stored.value) if stored else ""
            no_data = bool(stored and stored.no_data)
            reason = stored.no_data_reason if stored else ""
            note = stored.note if stored else ""
        rows.append(
            {
                "line": line,
                "pk": pk,
                "value": value,
                "no_data": no_data,
                "reason": reason,
                "note": note,
                "error": errors.get(f"v_{pk}", ""),
                "warning": errors.get(f"warn_v_{pk}", ""),
                "confirmed": posted is not None and posted.get(f"ok_{pk}") == "on",
                "stored": stored.value if stored else None,
                "return_note": stored.return_note if stored else "",
                "corrections": list(stored.corrections.all()) if stored else [],
                "evidence": list(stored.evidence.all()) if stored else [],
            }
        )
    return rows


def _budget_rows(
    lines: list[selectors.BudgetLine], posted: QueryDict | None, errors: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "line": line,
            "pk": line.node.pk,
            "value": posted.get(f"b_{line.node.pk}", "") if posted else format_typed(line.amount),
            "error": errors.get(f"b_{line.node.pk}", ""),
        }
        for line in lines
    ]
