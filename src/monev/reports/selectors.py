"""Reads of the report, and who may do what with it (decided here, once).

Read: every user of the cycle's agency — the Kepala Dinas, Sekretaris, Pemeriksa and
Administrator, and a Bidang its own agency's quarter report. Write (generate, edit sections,
upload a DOCX, notulen, the final document's nomor): the Kasubag Program. Discussion (step 9):
the Sekretaris, Kepala Dinas, Kasubag Program and each Kepala Bidang. Verify (step 11): the
Sekretaris; ratify (step 12): the Kepala Dinas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core.access import has_role, scope_of
from monev.core.files import ServedFile
from monev.domain import report_flow
from monev.reports import kinds
from monev.reports.choices import JobStatus, SignatoryMode, ThreadStatus
from monev.reports.models import (
    CommentThread,
    MeetingNote,
    RenderJob,
    Report,
    ReportVersion,
    VersionReview,
)
from monev.signing import selectors as signing_selectors
from monev.signing.choices import Kind
from monev.signing.models import Signature
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle


def may_write(user: User) -> bool:
    return has_role(user, Role.KASUBAG_PROGRAM)


def cycle_for(user: User, cycle_id: int) -> Cycle:
    """The cycle of a report page: 404 outside the user's agency."""
    return sop_selectors.cycle_for(user, cycle_id)


def report_of(cycle: Cycle) -> Report | None:
    return Report.objects.filter(cycle=cycle).first()


def with_signatures(versions: QuerySet[ReportVersion]) -> QuerySet[ReportVersion]:
    """Return `versions` annotated with their signatures (step 12, no query per version):
    `signature_count` (0 while unsigned) and `signed_sha256`, the SHA-256 of the PDF after
    the latest signature (None while unsigned) — the PDF its download serves."""
    rows = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(ReportVersion), object_id=OuterRef("pk")
    )
    count = rows.order_by().values("object_id").annotate(n=Count("pk")).values("n")
    return versions.annotate(
        signature_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        signed_sha256=Subquery(rows.order_by("-sequence").values("sha256")[:1]),
    )


def signed_state(version: ReportVersion) -> tuple[int, str | None]:
    """Return (how many signatures, SHA-256 of the PDF after the latest one or None) of a
    version: read from `with_signatures`' annotations when it came through it, else asked."""
    count = getattr(version, "signature_count", None)
    if count is not None:
        return int(count), getattr(version, "signed_sha256", None)
    rows = list(signing_selectors.signatures_of(version).only("sha256"))
    return len(rows), (rows[-1].sha256 if rows else None)


def versions_of(report: Report | None) -> list[ReportVersion]:
    if report is None:
        return []
    versions = report.versions.select_related("author__official", "based_on")
    return list(with_signatures(versions).order_by("-number"))


def latest_job(report: Report | None) -> RenderJob | None:
    return report.jobs.order_by("-requested_at", "-pk").first() if report else None


def queue_place(job: RenderJob | None) -> dict[str, int] | None:
    """Where a waiting job stands among every job waiting for a worker (all agencies: only
    counts are shown): its position (1 = next), how many wait, how many are being made."""
    if job is None or job.status != JobStatus.MENUNGGU:
        return None
    waiting = RenderJob.objects.filter(status=JobStatus.MENUNGGU)
    ahead = waiting.filter(
        Q(requested_at__lt=job.requested_at) | Q(requested_at=job.requested_at, pk__lt=job.pk)
    ).count()
    return {
        "position": ahead + 1,
        "waiting": waiting.count(),
        "running": RenderJob.objects.filter(status=JobStatus.BERJALAN).count(),
    }


def version_for(user: Any, version_id: int) -> ReportVersion:
    """A version the user may download: 404 outside the user's agency."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        scope_of(user).filter(ReportVersion.objects).select_related("report__cycle"),
        pk=version_id,
    )


def versions_visible_to(user: User) -> Any:
    return scope_of(user).filter(ReportVersion.objects).select_related("report__cycle", "author")


def reports_visible_to(user: User) -> Any:
    """Reports of the user's agency (a Bidang reads its own agency's quarter reports),
    with their versions; another agency's reports do not exist for the user."""
    return (
        scope_of(user)
        .filter(Report.objects)
        .select_related("cycle", "final_version", "ratified_by")
        .prefetch_related(
            Prefetch("versions", with_signatures(ReportVersion.objects.select_related("author")))
        )
        .order_by("-cycle__year", "-cycle__quarter")
    )


def thread_for(user: User, thread_id: int) -> CommentThread:
    """A comment thread of the user's agency: 404 outside it."""
    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(
        scope_of(user).filter(CommentThread.objects).select_related("report__cycle"),
        pk=thread_id,
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


def review_of(
    user: User, cycle: Cycle, report: Report | None, versions: list[ReportVersion]
) -> dict[str, Any]:
    """What the report page shows of steps 9–12 for `user`: the current step, the actions
    they may take, threads by section (flagged when the latest version no longer contains
    their quoted passage), notulen, each version's decisions and outside edits."""
    from monev.accounts.models import User
    from monev.reports import services
    from monev.reports.handlers import REVIEW_KEYS
    from monev.sop.choices import StepKey, StepStatus

    run = sop_selectors.current_run(cycle)
    key = run.step.key if run is not None else ""
    if key not in REVIEW_KEYS:  # the panel shows steps 9–12 only
        run, key = None, ""
    empty: dict[str, Any] = {
        "review_step": key, "review_run": run, "review_actions": [], "threads_by_section": {},
        "open_threads": 0, "meetings": [], "editable": False, "may_comment": False,
        "participants": [], "final_ready": False, "signatory_modes": SignatoryMode.choices,
    }  # fmt: skip
    if report is None:
        return empty
    latest = versions[0] if versions else None
    texts = {s["key"]: _squash(s["text"]) for s in latest.sections} if latest else {}
    threads = list(
        report.threads.select_related("created_by__official", "closed_by__official", "version")
        .prefetch_related("comments__author__official")
        .order_by("created_at", "pk")
    )
    from monev.accounts.models import RoleAssignment

    author_roles: dict[int, set[str]] = {}
    for user_id, role in RoleAssignment.objects.filter(
        user_id__in={t.created_by_id for t in threads if t.created_by_id}
    ).values_list("user_id", "role"):
        author_roles.setdefault(user_id, set()).add(role)
    by_section: dict[str, list[CommentThread]] = {}
    for t in threads:
        t.quote_missing = bool(t.quote) and t.quote not in texts.get(t.section_key, "")  # type: ignore[attr-defined]
        t.may_close = services.may_close_thread(  # type: ignore[attr-defined]
            user, t, author_roles.get(t.created_by_id or 0, set())
        )
        by_section.setdefault(t.section_key, []).append(t)
    reviews: dict[int, list[Any]] = {}
    for r in (
        VersionReview.objects.filter(version__report=report)
        .select_related("actor__official")
        .order_by("at", "pk")
    ):
        reviews.setdefault(r.version_id, []).append(r)
    for v in versions:
        v.review_list = reviews.get(v.pk, [])  # type: ignore[attr-defined]
    roles: frozenset[str] = getattr(user, "roles", frozenset())
    actions: list[str] = []
    status = report.status
    if run is not None:
        waiting = run.status == StepStatus.MENUNGGU_PERSETUJUAN
        if key == StepKey.PEMBAHASAN and "kasubag_program" in roles:
            actions.append("bahas" if status == report_flow.State.DRAF else "tutup-bahas")
        elif key == StepKey.PERBAIKAN and "kasubag_program" in roles:
            actions.append("ajukan-verifikasi")
        elif key == StepKey.VERIFIKASI and "sekretaris" in roles:
            actions += ["verifikasi", "kembalikan-verifikasi"]
        elif key == StepKey.PENYUSUNAN_DOKUMEN:
            if not waiting and "kasubag_program" in roles:
                actions.append("ajukan-pengesahan")
            if waiting and "kepala_dinas" in roles:
                actions += ["sahkan", "kembalikan-pengesahan"]
    participants = list(
        User.objects.filter(
            agency_id=cycle.agency_id, is_active=True,
            role_assignments__role__in=services.PARTICIPANT_ROLES,
        ).select_related("official").distinct().order_by("username")
    )  # fmt: skip
    head = (report.snapshot if isinstance(report.snapshot, dict) else {}).get("head") or {}
    if not head and isinstance(report.snapshot, str):
        import json

        head = json.loads(report.snapshot).get("head") or {}
    signatory = report.signatory or {
        "mode": "definitif", "jabatan": head.get("title", ""), "name": head.get("name", ""),
        "pangkat": head.get("pangkat", ""), "nip": head.get("nip", ""),
    }  # fmt: skip
    return {
        **empty,
        "review_actions": actions,
        # The version the current step is about (verified at 11, ratified at 12) and the
        # note it was handed over with (the Kasubag's, when submitting it).
        "review_version": latest
        if key == StepKey.VERIFIKASI
        or (key == StepKey.PENYUSUNAN_DOKUMEN and latest is not None and bool(latest.final))
        else None,
        "handover": handover_of(run) if run is not None else None,
        "final_defaults": {
            "sequence": report.number_sequence or "",
            "number_date": (report.number_date or timezone.localdate()).isoformat(),
            **signatory,
        },
        "threads_by_section": by_section,
        "open_threads": sum(1 for t in threads if t.status == ThreadStatus.TERBUKA),
        "meetings": list(
            MeetingNote.objects.filter(report=report).prefetch_related("attendees__official")
        ),
        "editable": status in report_flow.EDITABLE,
        "may_comment": services.may_comment(user)
        and status in (report_flow.State.DIBAHAS, report_flow.State.DIPERBAIKI),
        "participants": participants,
        "final_ready": services.final_is_rendered(report),
        "step12_open": key == StepKey.PENYUSUNAN_DOKUMEN
        and run is not None
        and run.status == StepStatus.BERJALAN,
    }


def handover_of(run: Any) -> Any:
    """The transition that handed the current step its work, with its note: at step 11 the
    Kasubag's completion of step 10 ("perbaikan selesai", with the submission note), at
    step 12 awaiting the Kepala Dinas the Kasubag's submission of the final document."""
    from monev.sop.choices import StepStatus, TransitionAction
    from monev.sop.models import StepTransition

    transitions = StepTransition.objects.filter(cycle_id=run.cycle_id).select_related(
        "actor__official"
    )
    if run.status == StepStatus.MENUNGGU_PERSETUJUAN:
        transitions = transitions.filter(
            action=TransitionAction.SUBMIT, from_step=run.number, at__gte=run.started_at
        )
    else:
        transitions = transitions.filter(to_step=run.number, at__gte=run.started_at)
    return transitions.order_by("-at", "-pk").first()


def pending_ratification(user: User, cycle: Cycle, report: Report | None) -> dict[str, Any] | str:
    """What the Kepala Dinas confirms before ratifying (step 12): the final version awaiting
    ratification, its signatory as printed and the Kasubag's submission; or, when there is
    nothing to ratify, the reason as a message."""
    from django.utils.translation import gettext as _

    from monev.domain.nip import display_nip
    from monev.reports import services
    from monev.reports.document import SIGNATORY_PREFIX
    from monev.sop.choices import StepKey, StepStatus

    if report is None:
        return _("Laporan belum dibuat.")
    if report.status in report_flow.FIXED:
        return services.already_ratified(report)
    run = sop_selectors.current_run(cycle)
    if (
        run is None
        or run.step.key != StepKey.PENYUSUNAN_DOKUMEN
        or run.status != StepStatus.MENUNGGU_PERSETUJUAN
    ):
        return _("Belum ada dokumen akhir yang diajukan untuk disahkan.")
    version = services.latest_version(report)
    if version is None or not services.final_is_rendered(report):
        return _("Dokumen akhir dengan nomor naskah belum dibuat.")
    signatory = (version.final or {}).get("signatory") or {}
    return {
        "version": version,
        "signatory": signatory,
        "position": SIGNATORY_PREFIX.get(signatory.get("mode", ""), "")
        + signatory.get("jabatan", ""),
        "nip": display_nip(signatory["nip"]) if signatory.get("nip") else "",
        "handover": handover_of(run),
    }


def version_file(version: ReportVersion, kind: str) -> ServedFile:
    """One file of a version to serve (`signing.selectors.document_file`): once the final
    document carries a signature (step 12), its PDF is the one after the latest signature."""
    if kind not in ("pdf", "docx"):
        raise Http404
    cycle = version.report.cycle
    stem = kinds.for_report(version.report).stem(cycle.year, cycle.quarter, version.number)
    return signing_selectors.document_file(version, kind, stem)


# --- Signing the final document (step 12, SPEC §15, docs/decisions/0022) ---------------------


@dataclass(frozen=True)
class SigningStep:
    kind: str
    role: str
    field: str  # the signature field's name in the PDF
    label: Any


#: The order of the signatures on the final document (as SRIKANDI: paraf first, the head last).
SIGNING_ORDER = (
    SigningStep(Kind.PARAF, Role.KASUBAG_PROGRAM, "Paraf1-KasubagProgram",
                gettext_lazy("Paraf Kasubag Program")),
    SigningStep(Kind.PARAF, Role.SEKRETARIS, "Paraf2-Sekretaris", gettext_lazy("Paraf Sekretaris")),
    SigningStep(Kind.PENGESAHAN, Role.KEPALA_DINAS, "Pengesahan-KepalaDinas",
                gettext_lazy("Tanda tangan pengesahan Kepala Dinas")),
)  # fmt: skip


def signing_enabled(agency_id: int | None) -> bool:
    """Whether the agency ratifies by signing: BSrE is configured or it has a seal."""
    return bool(settings.MONEV_BSRE_URL) or signing_selectors.active_seal(agency_id) is not None


def next_signing_step(version: ReportVersion) -> SigningStep | None:
    """The signature the version waits for; None once the Kepala Dinas has signed."""
    done = signing_selectors.signatures_of(version).count()
    return SIGNING_ORDER[done] if done < len(SIGNING_ORDER) else None
