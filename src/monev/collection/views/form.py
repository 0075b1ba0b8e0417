"""The Bidang's format isian page: the rows kept per data token on a plain read, a draft saved
on a post (`posted`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
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
    is_kasubag = "reviewer" in policies.submission_parties(request.user, submission)
    if request.method == "POST":
        locked = selectors.is_locked(submission.cycle)
    else:  # the lock (a step run) replaces the data token too: kept with the rows
        may_report = _may_report(request, submission)
        key = (
            "isian", submission.pk, submission.version, submission.status, may_edit,
            is_kasubag, may_report, request.get_full_path(), get_language(),
        )  # fmt: skip
        locked, fragment, page = store.memo(
            submission.cycle.agency_id,
            key,
            lambda: _kept_page(request, submission, may_edit, is_kasubag),
        )
        can_edit = may_edit and submission.status in services.EDITABLE and not locked
        return _page(request, submission, page, can_edit, locked, None, {}, 200)
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
    return form_page(
        request, submission, fragment, can_edit, locked, posted, errors, status, is_kasubag
    )


#: Stands for the request's CSRF token in a page body kept for other requests (`_kept_page`).
_CSRF = "\x00csrf-isian\x00"


def _may_report(request: AuthedRequest, submission: Submission) -> bool:
    """Whether the reader reports follow-ups of the Bidang's open recommendations (as the
    `open_recommendations` tag decides): part of the kept page's key."""
    user = request.user
    return bool(user.has_role("kepala_bidang", "operator_bidang")) and (
        user.unit_id == submission.unit_id
    )


def form_page(
    request: AuthedRequest,
    submission: Submission,
    fragment: dict[str, Any],
    can_edit: bool,
    locked: bool,
    posted: QueryDict | None,
    errors: dict[str, str],
    status: int,
    is_kasubag: bool | None = None,
) -> HttpResponse:
    """The page of a post (its values and errors shown again), made afresh."""
    if is_kasubag is None:
        is_kasubag = "reviewer" in policies.submission_parties(request.user, submission)
    page = _page_parts(request, submission, fragment, can_edit, locked, posted, errors, is_kasubag)
    return _page(request, submission, page, can_edit, locked, posted, errors, status)


def _page(
    request: AuthedRequest,
    submission: Submission,
    page: dict[str, str],
    can_edit: bool,
    locked: bool,
    posted: QueryDict | None,
    errors: dict[str, str],
    status: int,
) -> HttpResponse:
    token = escape(get_token(request))
    parts = {name: mark_safe(html.replace(_CSRF, token)) for name, html in page.items()}
    return render(
        request,
        "collection/form.html",
        {"submission": submission, "page": parts, "can_edit": can_edit, "locked": locked,
         "errors": errors, "posted": posted},
        status=status,
    )  # fmt: skip


def _page_parts(
    request: AuthedRequest,
    submission: Submission,
    fragment: dict[str, Any],
    can_edit: bool,
    locked: bool,
    posted: QueryDict | None,
    errors: dict[str, str],
    is_kasubag: bool,
) -> dict[str, str]:
    """The page's content above and below its place in the SOP (which reads the clock and
    the holders afresh on every request), with `_CSRF` for the request's token."""
    context = {
        "request": request,
        "csrf_token": _CSRF,
        "submission": submission,
        "fragment": fragment,
        "narratives": narrative_fields(submission, posted),
        "can_edit": can_edit,
        "is_kasubag": is_kasubag,
        "locked": locked,
        "errors": errors,
        "posted": posted,
        "version": int(posted.get("version", submission.version)) if posted else submission.version,
    }
    return {
        "head": render_to_string("collection/_form_head.html", context),
        "body": render_to_string("collection/_form_body.html", context),
    }


def _kept_page(
    request: AuthedRequest, submission: Submission, may_edit: bool, is_kasubag: bool
) -> tuple[bool, dict[str, Any], dict[str, str]]:
    """Whether the quarter is locked, the rows and the page's content as a plain read shows
    them, kept per data token and reader (`form`'s key)."""
    locked = selectors.is_locked(submission.cycle)
    can_edit = may_edit and submission.status in services.EDITABLE and not locked
    fragment = rows_fragment(submission, can_edit, None, {})
    page = _page_parts(request, submission, fragment, can_edit, locked, None, {}, is_kasubag)
    return locked, fragment, page


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
