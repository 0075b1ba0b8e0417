"""The report page of a cycle (SOP step 8): versions and downloads, narrative sections to
edit, and generation in the background with progress polled by htmx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import files
from monev.core.access import AuthedRequest, require_role
from monev.core.params import int_param, parse_small_int
from monev.domain import report_flow
from monev.reports import sections, selectors, services
from monev.reports.compare import compare as compare_versions
from monev.reports.forms import DocxUploadForm


def _context(request: AuthedRequest, cycle_id: int) -> dict[str, object]:
    cycle = selectors.cycle_for(request.user, cycle_id)
    report = selectors.report_of(cycle)
    edited = services.edited_sections(report) if report else {}
    texts = sections.resolve(services.snapshot_of(report), edited) if report else []
    versions = selectors.versions_of(report)
    job = selectors.latest_job(report)
    review = selectors.review_of(request.user, cycle, report, versions)
    return {
        "cycle": cycle,
        "report": report,
        "versions": versions,
        "job": job,
        "queue": selectors.queue_place(job),
        "sections": [
            {"text": t, "threads": review["threads_by_section"].get(t.key, [])} for t in texts
        ],
        "may_write": selectors.may_write(request.user),
        "may_edit": selectors.may_write(request.user) and review["editable"],
        **review,
        "can_render": report is None or review["editable"] or review.get("step12_open", False),
        "signing": _signing(request, report),
    }


def _signing(request: AuthedRequest, report: Any) -> dict[str, Any]:
    """The signatures of the final document (step 12) and the user's turn, if any."""
    if report is None:
        return {"enabled": False}
    version = report.final_version or services.latest_version(report)
    if version is None or not (version.final or {}).get("number"):
        return {"enabled": False}
    from monev.reports import policies

    state = services.signing_state(report, version)
    state["version"] = version
    state["my_turn"] = policies.may_sign_version(request.user, report, version)
    state["may_tte"] = state.get("pending_tte") is not None and request.user.has_role(
        Role.KEPALA_DINAS
    )
    return state


#: The session key under which a refused form's typed values and field errors wait for
#: the report page (post/redirect/get: errors are shown on the page, not at the POST URL).
REFUSED = "reports_refused"


@login_required
def report_page(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    context = _context(request, cycle_id)
    refused = request.session.pop(REFUSED, None)
    if refused and refused.get("cycle") == cycle_id:
        context.update(refused.get("forms", {}))
        context["errors"] = refused.get("errors", {})
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def generate(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_for(request.user, cycle_id)  # 404 out of scope, then the role
    if not selectors.may_write(request.user):
        raise PermissionDenied
    try:
        services.generate_request(actor=request.user, cycle=cycle)
    except ValidationError as error:
        if request.headers.get("HX-Request"):  # the page reloads and shows why
            for message in error.messages:
                messages.error(request, message)
            return HttpResponse(status=200, headers={"HX-Refresh": "true"})
        return _refused(request, cycle_id, error, anchor="report-job")
    if request.headers.get("HX-Request"):
        return render(request, "reports/_job.html", {**_context(request, cycle_id), "oob": True})
    return redirect("reports:report", cycle_id=cycle_id)


@login_required
def job_status(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """The progress region the page polls; a job whose worker died is swept here."""
    services.sweep_stale_jobs()
    return render(request, "reports/_job.html", {**_context(request, cycle_id), "oob": True})


@login_required
@require_POST
def section_edit(request: AuthedRequest, cycle_id: int, key: str) -> HttpResponse:
    cycle = selectors.cycle_for(request.user, cycle_id)  # 404 out of scope, then the role
    if not selectors.may_write(request.user):
        raise PermissionDenied
    report = selectors.report_of(cycle)
    if report is None:
        raise Http404
    try:
        services.section_save(
            actor=request.user, report=report, key=key, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bagian laporan disimpan. Buat versi baru untuk memakainya."))
    return redirect("reports:report", cycle_id=cycle_id)


@login_required
def download(request: AuthedRequest, version_id: int, kind: str) -> HttpResponseBase:
    """A version's PDF or DOCX — once signed, the PDF after its latest signature
    (`selectors.version_file`) — served only while it matches the SHA-256 recorded when it
    was made (a changed or missing file is refused with a message, never handed out as the
    report)."""
    version = selectors.version_for(request.user, version_id)
    if not version.sha256:  # saved with its files left to the worker, not rendered yet
        message = _("Berkas versi %(n)s sedang dibuat oleh pekerja latar; coba lagi sebentar.")
        context = {"message": message % {"n": version.number}}
        return render(request, "core/file_refused.html", context, status=409)
    return files.download(request, **selectors.version_file(version, kind))


# --- The review: steps 9–12 ------------------------------------------------------------------

#: Each review action of the report page: the role that takes it and the service doing it.
ACTIONS: dict[str, tuple[str, Callable[..., Any], bool, Any]] = {
    # action: (role, service, note required, success message)
    "bahas": (
        Role.KASUBAG_PROGRAM,
        services.discussion_open,
        False,
        gettext_lazy("Pembahasan dibuka; peserta diberi tahu."),
    ),
    "tutup-bahas": (
        Role.KASUBAG_PROGRAM,
        services.discussion_close,
        False,
        gettext_lazy("Pembahasan selesai; laporan masuk perbaikan."),
    ),
    "ajukan-verifikasi": (
        Role.KASUBAG_PROGRAM,
        services.revision_submit,
        False,
        gettext_lazy("Perbaikan selesai; menunggu verifikasi Sekretaris."),
    ),
    "verifikasi": (
        Role.SEKRETARIS,
        services.verify,
        False,
        gettext_lazy("Versi terbaru diverifikasi."),
    ),
    "kembalikan-verifikasi": (
        Role.SEKRETARIS,
        services.verification_return,
        True,
        gettext_lazy("Dikembalikan ke perbaikan dengan catatan."),
    ),
    "ajukan-pengesahan": (
        Role.KASUBAG_PROGRAM,
        services.final_submit,
        False,
        gettext_lazy("Dokumen akhir diajukan kepada Kepala Dinas."),
    ),
    "sahkan": (
        Role.KEPALA_DINAS,
        services.ratify,
        False,
        gettext_lazy("Laporan disahkan."),
    ),
    "kembalikan-pengesahan": (
        Role.KEPALA_DINAS,
        services.ratification_return,
        True,
        gettext_lazy("Dokumen akhir dikembalikan dengan catatan."),
    ),
}


def _report_or_404(request: AuthedRequest, cycle_id: int) -> tuple[Any, Any]:
    cycle = selectors.cycle_for(request.user, cycle_id)
    report = selectors.report_of(cycle)
    return cycle, report


def _refused(
    request: AuthedRequest,
    cycle_id: int,
    error: ValidationError,
    anchor: str = "tahap",
    **forms: Any,
) -> HttpResponse:
    """Back to the report page (where the user was) with the reason as a message, and what
    the user typed and the field errors kept for that page: nothing typed is lost, and the
    page is never re-rendered at the POST URL."""  # fmt: skip
    for message in error.messages:
        messages.error(request, message)
    request.session[REFUSED] = {
        "cycle": cycle_id,
        "errors": _errors(error),
        "forms": {name: _plain(value) for name, value in forms.items()},
    }
    return redirect(reverse("reports:report", args=[cycle_id]) + f"#{anchor}")


def _plain(value: Any) -> Any:
    """What the session keeps of a form's typed values: a QueryDict becomes a plain dict
    (lists for the fields sent more than once, the checkboxes of attendees)."""
    if hasattr(value, "lists"):
        return {
            key: values if key == "attendees" or len(values) > 1 else values[0]
            for key, values in value.lists()
            if key != "csrfmiddlewaretoken"
        }
    return value


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return dict(error.message_dict) if hasattr(error, "error_dict") else {}


@login_required
@require_POST
def act(request: AuthedRequest, cycle_id: int, action: str) -> HttpResponse:
    """A review action on the report (steps 9–12), by the role that takes it."""
    cycle, report = _report_or_404(request, cycle_id)
    if action not in ACTIONS:
        raise Http404
    role, service, _needs_note, done = ACTIONS[action]
    require_role(request.user, role)
    note = request.POST.get("note", "")
    try:
        if report is None:
            raise ValidationError(_("Laporan belum dibuat."))
        if action == "bahas":
            service(actor=request.user, report=report)
        elif action == "sahkan":  # only from the confirmation page, for the version read there
            if report.status in report_flow.FIXED:
                raise ValidationError(services.already_ratified(report))
            if request.POST.get("confirm") != "1":
                messages.warning(request, _("Periksa dokumen akhir lalu centang pernyataan "
                                            "pengesahan sebelum mengesahkan."))  # fmt: skip
                return redirect("reports:ratify_confirm", cycle_id=cycle.pk)
            seen = request.POST.get("version", "")
            service(
                actor=request.user, report=report, note=note,
                version_number=parse_small_int(seen, low=0, high=99999) or 0,
            )  # fmt: skip
        else:
            service(actor=request.user, report=report, note=note)
    except ValidationError as error:
        return _refused(request, cycle_id, error, typed={action: note})
    messages.success(request, str(done))
    return redirect("reports:report", cycle_id=cycle.pk)


@login_required
@require_POST
def thread_new(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    _cycle, report = _report_or_404(request, cycle_id)
    if not services.may_comment(request.user):
        raise PermissionDenied
    post = request.POST
    try:
        if report is None:
            raise ValidationError(_("Laporan belum dibuat."))
        thread = services.thread_open(
            actor=request.user, report=report, section_key=post.get("section", ""),
            body=post.get("body", ""), quote=post.get("quote", ""),
        )  # fmt: skip
    except ValidationError as error:
        typed = {"section": post.get("section", ""), "body": post.get("body", ""),
                 "quote": post.get("quote", "")}  # fmt: skip
        return _refused(
            request, cycle_id, error, anchor=f"bagian-{typed['section']}", thread_typed=typed
        )
    messages.success(request, _("Komentar ditambahkan."))
    return redirect(reverse("reports:report", args=[cycle_id]) + f"#utas-{thread.pk}")


@login_required
@require_POST
def thread_reply(request: AuthedRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for(request.user, thread_id)
    if not services.may_comment(request.user):
        raise PermissionDenied
    try:
        services.comment_reply(actor=request.user, thread=thread, body=request.POST.get("body", ""))
    except ValidationError as error:
        typed = {"thread": thread.pk, "body": request.POST.get("body", "")}
        return _refused(
            request, thread.report.cycle_id, error, anchor=f"utas-{thread.pk}", reply_typed=typed
        )
    return redirect(reverse("reports:report", args=[thread.report.cycle_id]) + f"#utas-{thread.pk}")


@login_required
@require_POST
def thread_status(request: AuthedRequest, thread_id: int, action: str) -> HttpResponse:
    thread = selectors.thread_for(request.user, thread_id)
    if action not in services.THREAD_ACTIONS:
        raise Http404
    if not services.may_comment(request.user):
        raise PermissionDenied
    try:
        services.thread_set_status(
            actor=request.user, thread=thread, action=action, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        typed = {"thread": thread.pk, "note": request.POST.get("note", "")}
        return _refused(
            request, thread.report.cycle_id, error, anchor=f"utas-{thread.pk}",
            status_typed=typed,
        )  # fmt: skip
    return redirect(reverse("reports:report", args=[thread.report.cycle_id]) + f"#utas-{thread.pk}")


@login_required
@require_POST
def meeting_new(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    from monev.core.params import parse_id  # ids of 30 digits or "²": no id (issue 21)

    cycle, report = _report_or_404(request, cycle_id)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    post = request.POST
    try:
        if report is None:
            raise ValidationError(_("Laporan belum dibuat."))
        held_on = _date(post.get("held_on", ""), "held_on")
        attendees = list(
            User.objects.filter(
                agency_id=cycle.agency_id,
                pk__in=[n for v in post.getlist("attendees") if (n := parse_id(v)) is not None],
            )
        )
        services.meeting_add(
            actor=request.user, report=report, held_on=held_on, place=post.get("place", ""),
            attendees=attendees, other_attendees=post.get("other_attendees", ""),
            summary=post.get("summary", ""), decisions=post.get("decisions", ""),
        )  # fmt: skip
    except ValidationError as error:
        return _refused(request, cycle_id, error, anchor="notulen", meeting_typed=post)
    messages.success(request, _("Notulen rapat disimpan."))
    return redirect(reverse("reports:report", args=[cycle_id]) + "#notulen")


def _date(value: str, field: str) -> Any:
    """A date as the date field sends it (tttt-bb-hh) or as a user types it without one
    (hh-bb-tttt or hh/bb/tttt)."""
    from datetime import datetime

    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError({field: _("Isi tanggal yang sah (hh-bb-tttt).")})


def _date_or_none(value: str) -> Any:
    try:
        return _date(value, "number_date")
    except ValidationError:
        return None


@login_required
@require_POST
def upload(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """Step 10: an edited DOCX, checked by the form here and queued; it is read back and
    rendered as a new version in the background, with the same progress as a generation."""
    _cycle, report = _report_or_404(request, cycle_id)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    form = DocxUploadForm(request.POST, request.FILES)
    try:
        if report is None:
            raise ValidationError(_("Laporan belum dibuat."))
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError({k: [e["message"] for e in v] for k, v in errors.items()})
        file = form.cleaned_data["file"]
        services.upload_request(
            actor=request.user, report=report, data=file.read(), filename=file.name or ""
        )
    except ValidationError as error:
        return _refused(request, cycle_id, error)
    messages.info(
        request,
        _("DOCX diterima dan sedang diperiksa. Kemajuannya tampil di atas; versi baru muncul "
          "di daftar versi bila selesai."),
    )  # fmt: skip
    return redirect(reverse("reports:report", args=[cycle_id]) + "#report-job")


@login_required
@require_POST
def final(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """Step 12: nomor naskah, date and signature block of the final document."""
    from monev.core.params import parse_small_int  # "²" is no sequence (issue 21)

    _cycle, report = _report_or_404(request, cycle_id)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    post = request.POST
    try:
        if report is None:
            raise ValidationError(_("Laporan belum dibuat."))
        sequence = post.get("sequence", "").strip()
        services.final_set(
            actor=request.user, report=report,
            sequence=parse_small_int(sequence, low=0),
            number_date=_date_or_none(post.get("number_date", "")),
            mode=post.get("mode", ""), jabatan=post.get("jabatan", ""),
            name=post.get("name", ""), pangkat=post.get("pangkat", ""), nip=post.get("nip", ""),
        )  # fmt: skip
    except ValidationError as error:
        return _refused(request, cycle_id, error, anchor="dokumen-akhir", final_typed=post)
    messages.success(
        request, _("Nomor naskah disimpan. Buat dokumen akhir (versi baru) dengan nomor ini.")
    )
    return redirect(reverse("reports:report", args=[cycle_id]) + "#dokumen-akhir")


@login_required
def ratify_confirm(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """Step 12: the Kepala Dinas' confirmation before ratifying — the final document's
    version, nomor, date and signatory, its files to read, and a statement to tick. Without
    a document awaiting ratification, back to the report page with the reason."""
    cycle, report = _report_or_404(request, cycle_id)
    require_role(request.user, Role.KEPALA_DINAS)
    pending = selectors.pending_ratification(request.user, cycle, report)
    if isinstance(pending, str):
        messages.info(request, pending)
        return redirect(reverse("reports:report", args=[cycle_id]) + "#tahap")
    signing = services.signing_state(report, pending["version"])
    return render(
        request,
        "reports/ratify_confirm.html",
        {"cycle": cycle, "report": report, "signing": signing, **pending},
    )


@login_required
def compare(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """Any two versions side by side: the narrative word by word, the numbers changed."""
    cycle, report = _report_or_404(request, cycle_id)
    versions = selectors.versions_of(report)
    by_number = {v.number: v for v in versions}
    a_number = int_param(request.GET, "a", minimum=1)
    b_number = int_param(request.GET, "b", minimum=1)
    if len(versions) >= 2:
        a_number = a_number or versions[1].number
        b_number = b_number or versions[0].number
    a, b = by_number.get(a_number or 0), by_number.get(b_number or 0)
    result = compare_versions(a.sections, b.sections, a.snapshot, b.snapshot) if a and b else None
    return render(
        request,
        "reports/compare.html",
        {"cycle": cycle, "report": report, "versions": versions, "a": a, "b": b,
         "result": result},
    )  # fmt: skip
