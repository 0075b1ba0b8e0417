"""Reading and saving the posted format isian: typed values and their plausibility, the
narratives, the fields a save changes, the evidence files chosen in the indicator cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from monev.collection import plausibility, selectors, services
from monev.collection.models import Submission
from monev.core.access import AuthedRequest
from monev.core.numbers import MEASURE, MONEY, Digits, read_number
from monev.core.views_helpers import show_errors

NARRATIVES = ("problems", "follow_up", "drivers", "obstacles")


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
        value = read_field(post.get(f"v_{pk}", ""), f"v_{pk}", errors)
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
        b.node.pk: read_field(post.get(f"b_{b.node.pk}", ""), f"b_{b.node.pk}", errors, MONEY)
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


def read_field(
    text: str, field: str, errors: dict[str, str], digits: Digits = MEASURE
) -> Decimal | None:
    """Read a typed number for the column `digits` (core.numbers); a problem goes into
    `errors` under `field` (negative values are refused too)."""
    try:
        return read_number(text, digits, negative=False)
    except ValidationError as error:
        errors[field] = error.messages[0]
        return None


@dataclass
class _Saved:
    """What saving the posted format isian did: saved or refused (errors per field, the
    status of the page that shows them), which fields it changed, which files it attached."""

    ok: bool
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200
    changed: list[str] = field(default_factory=list)
    attached: list[str] = field(default_factory=list)


def save_posted(
    request: AuthedRequest, submission: Submission, *, refused_prefix: str = ""
) -> _Saved:
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
        show_errors(request, error, refused_prefix)
        attached = _attach_posted_evidence(request, submission, lines, saved=False)
        status = 409 if isinstance(error, services.StaleVersion) else 400
        return _Saved(False, {}, status, attached=attached)
    attached = _attach_posted_evidence(request, submission, lines, saved=True)
    return _Saved(True, changed=changed, attached=attached)


def _changes(
    submission: Submission,
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
    labels = {n["name"]: n["label"] for n in narrative_fields(submission, None)}
    for name in NARRATIVES:
        if narratives[name].strip() != (getattr(submission, name) or "").strip():
            found.append(str(labels[name]))
    return found


def _attach_posted_evidence(
    request: AuthedRequest,
    submission: Submission,
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
            show_errors(request, error)
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


def narrative_fields(submission: Submission, posted: QueryDict | None) -> list[dict[str, str]]:
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
