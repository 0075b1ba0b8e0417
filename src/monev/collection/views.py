"""Pages of quarterly collection: the completeness board, a Bidang's form, review, correction.

A Bidang user sees and edits only their own Bidang's form (404 for another Bidang's); the
Kasubag Program reviews every form; everyone else of the agency reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.collection import plausibility, policies, selectors, services
from monev.core import files, store
from monev.core.access import AuthedRequest, require_role
from monev.core.numbers import MEASURE, MONEY, Digits, read_number
from monev.core.params import parse_id
from monev.domain.numbers import format_typed
from monev.domain.submission_flow import Action
from monev.organization.selectors import in_own_units
from monev.sop import selectors as sop_selectors

NARRATIVES = ("problems", "follow_up", "drivers", "obstacles")


def _preview_units(request: AuthedRequest, cycle: Any) -> list[Any]:
    units = selectors.units_to_report(cycle)
    if request.user.is_bidang_only:
        units = [u for u in units if u.pk == request.user.unit_id]
    return units


@login_required
def board(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.cycle_for(request.user, pk)
    rows = selectors.board(cycle)
    if request.user.is_bidang_only:
        rows = [r for r in rows if in_own_units(request.user, r.submission.unit_id)]
    return render(
        request,
        "collection/board.html",
        {
            "cycle": cycle,
            "rows": rows,
            "locked": selectors.is_locked(cycle),
            "is_kasubag": policies.may_remind_bidang(request.user),
            "preview_units": [] if rows else _preview_units(request, cycle),
        },
    )


@login_required
def preview(request: AuthedRequest, pk: int, unit: int) -> HttpResponse:
    """A Bidang's format isian as the Bidang will get it, read-only, before step 1 completes
    (the indicators of the plan, the quarter's targets, the earlier quarters' values)."""
    from monev.collection.models import Submission

    cycle = sop_selectors.cycle_for(request.user, pk)
    chosen = next((u for u in _preview_units(request, cycle) if u.pk == unit), None)
    if chosen is None:
        raise Http404
    lines, budget_lines = selectors.form_rows(Submission(cycle=cycle, unit=chosen))
    return render(
        request,
        "collection/form_preview.html",
        {"cycle": cycle, "unit": chosen, "lines": lines, "budget_lines": budget_lines},
    )


def _parse(
    post: QueryDict, lines: list[selectors.IndicatorLine], budget_lines: list[selectors.BudgetLine]
) -> tuple[dict[int, services.IndicatorInput], dict[int, Decimal | None], dict[str, str]]:
    """Return the typed inputs; raise _FormErrors with the errors and the plausibility
    warnings per field name (Indonesian messages) when there are any."""
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    indicators: dict[int, services.IndicatorInput] = {}
    for line in lines:
        pk = line.indicator.pk
        value = _number(post.get(f"v_{pk}", ""), f"v_{pk}", errors)
        no_data = post.get(f"nd_{pk}") == "on"
        reason = post.get(f"ndr_{pk}", "")
        if no_data and value is not None:
            errors[f"v_{pk}"] = _("Kosongkan nilai bila «tidak ada data» dicentang.")
        elif value is not None and f"v_{pk}" not in errors:
            refused = plausibility.places_refused(value, line.indicator)
            if refused:
                errors[f"v_{pk}"] = refused
            elif post.get(f"ok_{pk}") != "on":
                warning = plausibility.warning(value, line)
                if warning:
                    warnings[f"v_{pk}"] = warning
        indicators[pk] = services.IndicatorInput(value, no_data, reason, post.get(f"n_{pk}", ""))
    budgets = {
        b.node.pk: _number(post.get(f"b_{b.node.pk}", ""), f"b_{b.node.pk}", errors, MONEY)
        for b in budget_lines
    }
    narratives = {name: post.get(name, "") for name in NARRATIVES}
    if errors or warnings:
        raise _FormErrors(errors, warnings)
    return indicators, budgets, narratives


class _FormErrors(Exception):
    def __init__(self, errors: dict[str, str], warnings: dict[str, str] | None = None) -> None:
        self.errors = errors
        self.warnings = warnings or {}


def _number(
    text: str, field: str, errors: dict[str, str], digits: Digits = MEASURE
) -> Decimal | None:
    """Read a typed number for the column `digits` (core.numbers); a problem goes into
    `errors` under `field` (negative values are refused too)."""
    try:
        return read_number(text, digits, negative=False)
    except ValidationError as error:
        errors[field] = error.messages[0]
        return None


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
        saved = _save_posted(request, submission)
        if saved.ok:
            messages.success(request, _("Draf disimpan."))
            return redirect("collection:form", pk=submission.pk)
        errors, status = saved.errors, saved.status
        submission.refresh_from_db()
        fragment = _fragment(submission, can_edit, posted, errors)
    return _form_page(request, submission, fragment, can_edit, locked, posted, errors, status)


def _form_page(
    request: AuthedRequest,
    submission: Any,
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
            "narratives": _narratives(submission, posted),
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


@dataclass
class _Saved:
    """What saving the posted format isian did: saved or refused (errors per field, the
    status of the page that shows them), which fields it changed, which files it attached."""

    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200
    changed: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)


def _save_posted(request: AuthedRequest, submission: Any, *, refused_prefix: str = "") -> _Saved:
    """Save the posted format isian as a draft. A refused save keeps everything the user
    chose: the page shows the typed values again, and the evidence files chosen in the
    indicator cards are attached all the same (they do not depend on the values), so no file
    is lost (decision 0013)."""
    posted = request.POST
    lines, budget_lines = selectors.form_rows(submission)
    try:
        indicators, budgets, narratives = _parse(posted, lines, budget_lines)
        changed = _changes(submission, lines, budget_lines, indicators, budgets, narratives)
        services.submission_save(
            actor=request.user,
            submission=submission,
            version=int(posted.get("version", "0") or 0),
            indicators=indicators,
            budgets=budgets,
            narratives=narratives,
        )
    except _FormErrors as failure:
        if failure.errors:
            messages.error(
                request,
                refused_prefix + _("Ada isian yang belum benar; periksa kolom bertanda merah."),
            )
        if failure.warnings:
            messages.warning(
                request,
                refused_prefix
                + _(
                    "Belum disimpan: ada nilai yang jauh dari target atau triwulan sebelumnya. "
                    "Periksa kolom bertanda kuning; bila benar, centang «Ya, nilai ini benar» "
                    "lalu simpan lagi."
                ),
            )
        attached = _attach_posted_evidence(request, submission, lines, saved=False)
        shown = {**failure.errors, **{f"warn_{k}": v for k, v in failure.warnings.items()}}
        return _Saved(False, shown, 400 if failure.errors else 200, attached=attached)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, refused_prefix + message)
        attached = _attach_posted_evidence(request, submission, lines, saved=False)
        status = 409 if isinstance(error, services.StaleVersion) else 400
        return _Saved(False, {}, status, attached=attached)
    attached = _attach_posted_evidence(request, submission, lines, saved=True)
    return _Saved(True, changed=changed, attached=attached)


def _changes(
    submission: Any,
    lines: list[selectors.IndicatorLine],
    budget_lines: list[selectors.BudgetLine],
    indicators: dict[int, services.IndicatorInput],
    budgets: dict[int, Decimal | None],
    narratives: dict[str, str],
) -> list[str]:
    """Name each field whose posted value differs from the stored one ("Realisasi IK.1",
    "Catatan IK.1", "Anggaran 2.17.03.2.01.0004", "Kendala/permasalahan")."""
    found = []
    for line in lines:
        given, stored = indicators[line.indicator.pk], line.realization
        code = line.indicator.code
        value = None if given.no_data else given.value
        if value != (stored.value if stored else None) or given.no_data != bool(
            stored and stored.no_data
        ):
            found.append(_("Realisasi %(code)s") % {"code": code})
        if given.note.strip() != (stored.note if stored else ""):
            found.append(_("Catatan %(code)s") % {"code": code})
        if given.no_data and given.no_data_reason.strip() != (
            stored.no_data_reason if stored else ""
        ):
            found.append(_("Alasan tidak ada data %(code)s") % {"code": code})
    for budget in budget_lines:
        if budgets.get(budget.node.pk) != budget.amount:
            found.append(_("Realisasi anggaran %(code)s") % {"code": budget.node.code})
    labels = {n["name"]: n["label"] for n in _narratives(submission, None)}
    for name in NARRATIVES:
        if narratives[name].strip() != (getattr(submission, name) or "").strip():
            found.append(str(labels[name]))
    return found


def _kept_fragment(submission: Any, may_edit: bool) -> tuple[bool, dict[str, Any]]:
    """Whether the quarter is locked, and the rows as a plain read shows them."""
    locked = selectors.is_locked(submission.cycle)
    can_edit = may_edit and submission.status in services.EDITABLE and not locked
    return locked, _fragment(submission, can_edit, None, {})


def _fragment(
    submission: Any, can_edit: bool, posted: QueryDict | None, errors: dict[str, str]
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


def _attach_posted_evidence(
    request: AuthedRequest,
    submission: Any,
    lines: list[selectors.IndicatorLine],
    *,
    saved: bool = True,
) -> list[str]:
    """Attach the evidence files chosen in the indicator cards (`e_<indicator pk>`, a photo
    from the phone's camera or a PDF), each checked by the evidence service; also when the
    values were refused (`saved` False: the message says the values are not saved yet).
    Return the names of the files attached."""
    attached = []
    for line in lines:
        upload = request.FILES.get(f"e_{line.indicator.pk}")
        if upload is None:
            continue
        try:
            services.evidence_attach(
                actor=request.user, submission=submission, indicator=line.indicator, upload=upload
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            attached.append(upload.name or "")
            if saved:
                text = _("Bukti dukung «%(name)s» dilampirkan.")
            else:
                text = _(
                    "Bukti dukung «%(name)s» sudah dilampirkan pada %(code)s; nilai isian "
                    "belum disimpan sampai kolom bertanda merah diperbaiki."
                )
            messages.success(request, text % {"name": upload.name, "code": line.indicator.code})
    return attached


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


def _narratives(submission: Any, posted: QueryDict | None) -> list[dict[str, str]]:
    labels = {
        "problems": _("Kendala/permasalahan"),
        "follow_up": _("Tindak lanjut"),
        "drivers": _("Faktor pendorong"),
        "obstacles": _("Faktor penghambat"),
    }
    return [
        {
            "name": name,
            "label": labels[name],
            "value": posted.get(name, "") if posted else getattr(submission, name),
        }
        for name in NARRATIVES
    ]


def _act(request: AuthedRequest, pk: int, action: str, success: str, **kwargs: Any) -> HttpResponse:
    """Apply a form action named by the view (`monev.domain.submission_flow.Action`)."""
    submission = selectors.submission_for(request.user, pk)
    try:
        services.submission_act(actor=request.user, submission=submission, action=action, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
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
            saved = _save_posted(request, submission, refused_prefix=_("Belum diajukan:") + " ")
            if not saved.ok:
                submission.refresh_from_db()
                fragment = _fragment(submission, True, request.POST, saved.errors)
                return _form_page(
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
    value = _number(request.POST.get("value", ""), "value", errors)
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
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Koreksi dicatat."))
    if submission is None:
        return redirect("home")
    return redirect("collection:form", pk=submission.pk)


@login_required
@require_POST
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attach one evidence file to an indicator of the form. The format isian's script sends
    a file here as soon as it is chosen in an indicator card (`X-Requested-With: fetch`,
    answered in JSON), so a later refused save cannot lose it; the form below the cards posts
    here too (answered with the page)."""
    submission = selectors.submission_for(request.user, pk)
    if not policies.may_fill_submission(request.user, submission):
        raise PermissionDenied
    fetched = request.headers.get("X-Requested-With") == "fetch"
    lines, _budget = selectors.form_rows(submission)
    by_pk = {str(line.indicator.pk): line.indicator for line in lines}
    indicator = by_pk.get(request.POST.get("indicator", ""))
    upload = request.FILES.get("file")
    if indicator is None or upload is None:
        text = _("Pilih indikator dan berkas bukti dukung.")
        if fetched:
            return JsonResponse({"ok": False, "message": text}, status=400)
        messages.error(request, text)
        return redirect("collection:form", pk=submission.pk)
    try:
        evidence = services.evidence_attach(
            actor=request.user, submission=submission, indicator=indicator, upload=upload
        )
    except ValidationError as error:
        if fetched:
            return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
        for message in error.messages:
            messages.error(request, message)
    else:
        if fetched:
            return JsonResponse(
                {
                    "ok": True,
                    "message": _("Bukti dukung «%(name)s» sudah diunggah dan tersimpan.")
                    % {"name": evidence.original_name},
                    "name": evidence.original_name,
                    "url": reverse("collection:evidence_download", args=[evidence.pk]),
                }
            )
        messages.success(request, _("Bukti dukung dilampirkan."))
    return redirect("collection:form", pk=submission.pk)


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Download (or, with ?lihat=1, preview a PDF or image) after the permission check."""
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    inline = request.GET.get("lihat") == "1" and evidence.kind in {
        "pdf",
        "png",
        "jpeg",
        "gif",
        "webp",
    }
    return files.download(
        request,
        name=evidence.file.name,
        sha256=evidence.sha256,
        content_type=evidence.content_type,
        filename=evidence.original_name,
        inline=inline,
    )
