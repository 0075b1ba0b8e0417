"""Steps 8–12 plug into the SOP engine by their keys: their page is the report page.

- Step 8 (draf laporan) completes when the report has a version (its output, no upload).
- Step 9 (pembahasan) completes when every comment thread is resolved or deferred, and says
  how many are open otherwise; the report page closes it (report → "diperbaiki").
- Step 10 (perbaikan) completes once a new version was made in it.
- Step 11 (verifikasi) is the Sekretaris' decision on the document: verified, or returned
  to step 10 with notes (the engine's decision return; from the cycle page too, the note
  stands on the version: `on_return`).
- Step 12 (penyusunan dokumen) needs the final document (nomor, date, signature block) and
  ends with the Kepala Dinas' ratification (the engine's approval, or its return).

The report's status moves only through `services.report_transition`, called by the report
page's actions; the engine's own buttons on the cycle page are refused with a pointer to the
report page where a step needs the report to move with it (`blockers`, `on_complete`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from monev.accounts.models import User
from monev.sop import handlers
from monev.sop.choices import StepKey


def _report(run: Any) -> Any:
    from monev.reports.models import Report

    return Report.objects.filter(cycle_id=run.cycle_id).first()


def output_ready(run: Any) -> bool:
    """Step 8 may complete when its cycle's report has at least one version."""
    from monev.reports.models import ReportVersion

    return ReportVersion.objects.filter(report__cycle_id=run.cycle_id).exists()


def _on_report_page() -> str:
    return _("Lakukan dari halaman laporan (tombol «%(label)s» di atas).") % {
        "label": _("Laporan monev")
    }


def discussion_blockers(run: Any) -> list[str]:
    from monev.reports.choices import ReportStatus, ThreadStatus

    report = _report(run)
    if report is None or report.status == ReportStatus.DRAF:
        return [_("Pembahasan belum dibuka.") + " " + _on_report_page()]
    count = report.threads.filter(status=ThreadStatus.TERBUKA).count()
    if count:
        return [
            ngettext(
                "%(n)s utas komentar masih terbuka: selesaikan atau tunda dengan alasan.",
                "%(n)s utas komentar masih terbuka: selesaikan atau tunda dengan alasan.",
                count,
            )
            % {"n": count}
        ]
    return []


def _expect(run: Any, *statuses: str) -> None:
    """Refuse the engine's completion when the report did not move with the step (the
    action was taken on the cycle page instead of the report page)."""
    report = _report(run)
    if report is None or report.status not in statuses:
        raise ValidationError(_on_report_page())


def revision_blockers(run: Any) -> list[str]:
    report = _report(run)
    if report is None or not report.versions.filter(created_at__gte=run.started_at).exists():
        return [_("Buat versi baru laporan (sunting lalu buat versi, atau unggah DOCX).")]
    return []


def verification_blockers(run: Any) -> list[str]:
    from monev.reports.choices import ReportStatus

    report = _report(run)
    if report is None or report.status != ReportStatus.DIVERIFIKASI:
        return [_("Verifikasi dilakukan pada dokumennya.") + " " + _on_report_page()]
    return []


def final_blockers(run: Any) -> list[str]:
    from monev.reports import services

    report = _report(run)
    if report is None or not report.number:
        return [_("Isi nomor naskah, tanggal dan penanda tangan pada halaman laporan.")]
    if not services.final_is_rendered(report):
        return [_("Buat dokumen akhir dengan nomor naskah dan tanggal ini (versi baru).")]
    return []


def _returned(run: Any, actor: User, note: str, at: Any) -> None:
    from monev.reports import services

    services.step_returned(run, actor, note, at)


def register() -> None:
    from monev.reports.choices import ReportStatus

    url = handlers.cycle_page("reports:report")
    handlers.register(
        handlers.StepHandler(
            key=StepKey.DRAFT_LAPORAN,
            label=gettext_lazy("Draf laporan monev dari potret data"),
            url=url,
            output_ready=output_ready,
        ),
        handlers.StepHandler(
            key=StepKey.PEMBAHASAN,
            label=gettext_lazy("Pembahasan laporan: komentar per bagian dan notulen"),
            url=url,
            blockers=discussion_blockers,
            on_complete=lambda run: _expect(run, ReportStatus.DIPERBAIKI),
            produces_output=True,
        ),
        handlers.StepHandler(
            key=StepKey.PERBAIKAN,
            label=gettext_lazy("Perbaikan laporan: versi baru dan perbandingan"),
            url=url,
            blockers=revision_blockers,
            produces_output=True,
        ),
        handlers.StepHandler(
            key=StepKey.VERIFIKASI,
            label=gettext_lazy("Verifikasi laporan pada dokumennya"),
            url=url,
            blockers=verification_blockers,
            on_return=_returned,
            produces_output=True,
        ),
        handlers.StepHandler(
            key=StepKey.PENYUSUNAN_DOKUMEN,
            label=gettext_lazy("Dokumen akhir: nomor naskah, tanggal, pengesahan"),
            url=url,
            blockers=final_blockers,
            on_complete=lambda run: _expect(run, ReportStatus.DISAHKAN),
            on_return=_returned,
            produces_output=True,
        ),
    )


REVIEW_KEYS = (
    StepKey.PEMBAHASAN,
    StepKey.PERBAIKAN,
    StepKey.VERIFIKASI,
    StepKey.PENYUSUNAN_DOKUMEN,
)


def done_by_hand() -> AbstractContextManager[None]:
    """Within the block steps 8–12 have no handler: their holders attach outputs by hand.
    The demo uses it when told not to render reports (`DEMO_RENDER_REPORTS`, off in tests),
    and tests of the SOP engine that walk every step by hand."""
    return handlers.done_by_hand(StepKey.DRAFT_LAPORAN, *REVIEW_KEYS)
